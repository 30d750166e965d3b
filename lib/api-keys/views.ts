import type { CreateKeyInput, EditKeyInput } from "@/lib/keys/schemas";
import type { Scope } from "@/lib/keys/scopes";
import type { Result } from "@/lib/result";

/** A key as the pages show it: never its secret or hash. */
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
  /** Where a secret scanner found the key in public (an http(s) URL); it was revoked for it. */
  leakUrl: string | null;
  legacy: boolean;
  /** Created (or last regenerated) in a session that signed in with a second factor. */
  twoFactor: boolean;
  /** False when the creator no longer belongs to the key's package owner: the key is refused. */
  ownerAccess: boolean;
};

export type OwnerOption = {
  id: string;
  username: string;
  kind: "user" | "organization";
  /** The organization requires two-factor sign-in and this user has not turned it on: no keys for it yet. */
  needsTwoFactor?: boolean;
};

/** What the create form opens with when a package's page sent the person here. */
export type KeyPrefill = { ownerId: string; packages: string[] };

/** A secret issued by create or regenerate: it travels in this answer only. */
export type IssuedKey = { secret: string; key: ApiKeyView };

/** The page's server actions, handed to its components as props. */
export type ApiKeyActions = {
  createKey: (input: CreateKeyInput) => Promise<Result<IssuedKey>>;
  editKey: (input: EditKeyInput) => Promise<Result<ApiKeyView>>;
  regenerateKey: (input: { keyId: string }) => Promise<Result<IssuedKey>>;
  revokeKey: (input: { keyId: string }) => Promise<Result>;
  deleteKey: (input: { keyId: string }) => Promise<Result>;
  listOwnerPackages: (input: { ownerId: string }) => Promise<Result<string[]>>;
};

/** What one call with a key did, as its usage page lists it. */
export type UsageFacts = {
  packageId: string | null;
  version: string | null;
  status: number;
  result: string;
  ip: string | null;
  userAgent: string | null;
};

export type DailyUsage = { day: string; succeeded: number; refused: number };

export type KeyUsage = {
  key: { id: string; name: string; hint: string; lastUsedAt: Date | null };
  recent: (UsageFacts & { id: string; createdAt: Date; action: string })[];
  /** All recorded uses, of which `recent` is one page. */
  total: number;
  daily: DailyUsage[];
};
