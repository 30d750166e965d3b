import { isScope, type Scope } from "@/lib/keys/scopes";
import type { Db } from "./client";

export type ApiKeyView = {
  id: string;
  name: string;
  hint: string;
  owner: { id: string; username: string; kind: string };
  scopes: Scope[];
  packages: string[];
  glob: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  durationDays: number | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedReason: string | null;
  legacy: boolean;
};

export const API_KEY_VIEW_SELECT = {
  id: true,
  name: true,
  hint: true,
  glob: true,
  createdAt: true,
  expiresAt: true,
  durationDays: true,
  lastUsedAt: true,
  revokedAt: true,
  revokedReason: true,
  legacy: true,
  owner: { select: { id: true, username: true, kind: true } },
  scopes: { select: { scope: true } },
  subjects: { select: { packageId: true }, orderBy: { idKey: "asc" } },
} as const;

type ApiKeyRow = {
  scopes: { scope: string }[];
  subjects: { packageId: string }[];
} & Omit<ApiKeyView, "scopes" | "packages">;

export function toApiKeyView({ scopes, subjects, ...row }: ApiKeyRow): ApiKeyView {
  return {
    ...row,
    scopes: scopes.map((s) => s.scope).filter(isScope),
    packages: subjects.map((s) => s.packageId),
  };
}

/** The keys the user created, newest first (a user's keys page, as on nuget.org). */
export async function listApiKeys(db: Db, userId: string): Promise<ApiKeyView[]> {
  const rows = await db.apiKey.findMany({
    where: { creatorId: userId },
    select: API_KEY_VIEW_SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map(toApiKeyView);
}
