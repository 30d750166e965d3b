import { expiresAtFrom, WARNING_DAYS } from "@/lib/keys/expiry";
import { generateKey, hashKey, keyHint } from "@/lib/keys/format";
import type { CreateKeyValues, EditKeyValues } from "@/lib/keys/schemas";
import { isScope, type Scope } from "@/lib/keys/scopes";
import { queueKeyMail } from "@/lib/mail/outbox";
import { recordAudit } from "./audit";
import type { Db, Tx } from "./client";
import { forgetKey } from "./key-auth";
import { canActFor, packagesNotOwned } from "./owners";

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
  /** False when the creator no longer belongs to the key's package owner: the key is refused. */
  ownerAccess: boolean;
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
} & Omit<ApiKeyView, "scopes" | "packages" | "ownerAccess">;

export function toApiKeyView({ scopes, subjects, ...row }: ApiKeyRow, ownerAccess = true): ApiKeyView {
  return {
    ...row,
    ownerAccess,
    scopes: scopes.map((s) => s.scope).filter(isScope),
    packages: subjects.map((s) => s.packageId),
  };
}

export const KEYS_PER_PAGE = 25;

/** The keys the user created, newest first (a user's keys page, as on nuget.org); one page of them when asked. */
export async function listApiKeys(
  db: Db,
  userId: string,
  page?: { skip: number; take: number },
): Promise<ApiKeyView[]> {
  const [rows, memberships] = await Promise.all([
    db.apiKey.findMany({
      where: { creatorId: userId },
      select: API_KEY_VIEW_SELECT,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...(page ?? {}),
    }),
    db.membership.findMany({ where: { userId }, select: { organizationId: true } }),
  ]);
  const owners = new Set([userId, ...memberships.map((m) => m.organizationId)]);
  return rows.map((row) => toApiKeyView(row, owners.has(row.owner.id)));
}

/** Locks the creator's key row for the rest of the transaction, so a parallel delete or change waits; false if absent. */
async function lockOwnKey(tx: Tx, userId: string, keyId: string): Promise<boolean> {
  const count = await tx.$executeRaw`UPDATE "ApiKey" SET "id" = "id" WHERE "id" = ${keyId} AND "creatorId" = ${userId}`;
  return count > 0;
}

/** Drops the key from the push API's verification cache once the change has settled. */
async function changingKey<T>(keyId: string, change: Promise<T>): Promise<T> {
  try {
    return await change;
  } finally {
    forgetKey(keyId);
  }
}

export function countApiKeys(db: Db, userId: string): Promise<number> {
  return db.apiKey.count({ where: { creatorId: userId } });
}

/** Names of the user's keys that have expired or expire within the warning window, for the banner (SPEC 3.8). */
export async function listKeysNeedingAttention(
  db: Db,
  userId: string,
  now: Date,
): Promise<{ expired: string[]; expiring: string[] }> {
  const soon = new Date(now.getTime() + WARNING_DAYS * 86_400_000);
  const rows = await db.apiKey.findMany({
    where: { creatorId: userId, legacy: false, revokedAt: null, expiresAt: { lte: soon } },
    select: { name: true, expiresAt: true },
    orderBy: { expiresAt: "asc" },
  });
  return {
    expired: rows.filter((r) => r.expiresAt! <= now).map((r) => r.name),
    expiring: rows.filter((r) => r.expiresAt! > now).map((r) => r.name),
  };
}

export type KeyMutation<T> = { ok: true; data: T } | { ok: false; error: string; field?: string };

export const KEY_NOT_FOUND = "API key not found.";
export const NO_LONGER_MEMBER = "You are no longer a member of this key's package owner, so the key cannot be changed.";

function subjectRows(packages: string[]) {
  const unique = new Map(packages.map((p) => [p.toLowerCase(), p]));
  return [...unique].map(([idKey, packageId]) => ({ packageId, idKey }));
}

/** Creates a key; the plaintext secret is returned here once and exists nowhere else. */
export async function createApiKey(
  db: Db,
  userId: string,
  input: CreateKeyValues,
  now = new Date(),
): Promise<KeyMutation<{ secret: string; key: ApiKeyView }>> {
  const secret = generateKey();
  return db.$transaction(async (tx) => {
    if (!(await canActFor(tx, userId, input.ownerId))) {
      return { ok: false, error: "You cannot create keys for that package owner.", field: "ownerId" };
    }
    const notOwned = await packagesNotOwned(tx, input.ownerId, input.packages);
    if (notOwned.length > 0) {
      return { ok: false, error: `Not owned by the chosen package owner: ${notOwned.join(", ")}.`, field: "packages" };
    }
    const key = await tx.apiKey.create({
      data: {
        name: input.name,
        ownerId: input.ownerId,
        creatorId: userId,
        hash: hashKey(secret),
        hint: keyHint(secret),
        glob: input.glob || null,
        createdAt: now,
        durationDays: input.expiresInDays,
        expiresAt: expiresAtFrom(now, input.expiresInDays),
        scopes: { create: input.scopes.map((scope) => ({ scope })) },
        subjects: { create: subjectRows(input.packages) },
      },
      select: API_KEY_VIEW_SELECT,
    });
    await recordAudit(tx, {
      action: "key.create",
      actorId: userId,
      accountId: input.ownerId,
      keyId: key.id,
      keyName: key.name,
      detail: {
        scopes: input.scopes,
        packages: input.packages,
        glob: input.glob || null,
        expiresInDays: input.expiresInDays,
      },
    });
    await queueKeyMail(
      tx,
      "created",
      { creatorId: userId, ownerId: input.ownerId },
      { keyName: key.name, expiresAt: key.expiresAt },
    );
    return { ok: true, data: { secret, key: toApiKeyView(key) } };
  });
}

/** Replaces a scoped key's packages and glob; scopes, owner and expiry stay. */
export async function updateApiKeySubjects(
  db: Db,
  userId: string,
  input: EditKeyValues,
): Promise<KeyMutation<ApiKeyView>> {
  return changingKey(
    input.keyId,
    db.$transaction(async (tx) => {
      if (!(await lockOwnKey(tx, userId, input.keyId))) return { ok: false, error: KEY_NOT_FOUND };
      const key = await tx.apiKey.findFirst({
        where: { id: input.keyId, creatorId: userId, legacy: false },
        select: { id: true, name: true, ownerId: true },
      });
      if (!key) return { ok: false, error: KEY_NOT_FOUND };
      if (!(await canActFor(tx, userId, key.ownerId))) return { ok: false, error: NO_LONGER_MEMBER };
      const notOwned = await packagesNotOwned(tx, key.ownerId, input.packages);
      if (notOwned.length > 0) {
        return {
          ok: false,
          error: `Not owned by this key's package owner: ${notOwned.join(", ")}.`,
          field: "packages",
        };
      }
      await tx.apiKeySubject.deleteMany({ where: { keyId: key.id } });
      const updated = await tx.apiKey.update({
        where: { id: key.id },
        data: { glob: input.glob || null, subjects: { create: subjectRows(input.packages) } },
        select: API_KEY_VIEW_SELECT,
      });
      await recordAudit(tx, {
        action: "key.edit",
        actorId: userId,
        accountId: key.ownerId,
        keyId: key.id,
        keyName: key.name,
        detail: { packages: input.packages, glob: input.glob || null },
      });
      return { ok: true, data: toApiKeyView(updated) };
    }),
  );
}

/** A new secret for a scoped key, its expiry period counted from now; the old secret stops working at once. */
export async function regenerateApiKey(
  db: Db,
  userId: string,
  keyId: string,
  now = new Date(),
): Promise<KeyMutation<{ secret: string; key: ApiKeyView }>> {
  const secret = generateKey();
  return changingKey(
    keyId,
    db.$transaction(async (tx) => {
      if (!(await lockOwnKey(tx, userId, keyId))) return { ok: false, error: KEY_NOT_FOUND };
      const key = await tx.apiKey.findFirst({
        where: { id: keyId, creatorId: userId, legacy: false },
        select: { id: true, name: true, ownerId: true, durationDays: true, revokedById: true },
      });
      if (!key || key.durationDays === null) return { ok: false, error: KEY_NOT_FOUND };
      if (!(await canActFor(tx, userId, key.ownerId))) return { ok: false, error: NO_LONGER_MEMBER };
      if (key.revokedById && key.revokedById !== userId) {
        return {
          ok: false,
          error: "An administrator of the package owner revoked this key; it cannot be regenerated. Create a new key.",
        };
      }
      const updated = await tx.apiKey.update({
        where: { id: key.id },
        data: {
          hash: hashKey(secret),
          hint: keyHint(secret),
          createdAt: now,
          expiresAt: expiresAtFrom(now, key.durationDays),
          lastUsedAt: null,
          revokedAt: null,
          revokedReason: null,
          revokedById: null,
        },
        select: API_KEY_VIEW_SELECT,
      });
      await recordAudit(tx, {
        action: "key.regenerate",
        actorId: userId,
        accountId: key.ownerId,
        keyId: key.id,
        keyName: key.name,
      });
      return { ok: true, data: { secret, key: toApiKeyView(updated) } };
    }),
  );
}

export async function revokeApiKey(
  db: Db,
  userId: string,
  keyId: string,
  now = new Date(),
): Promise<KeyMutation<undefined>> {
  return changingKey(
    keyId,
    db.$transaction(async (tx) => {
      if (!(await lockOwnKey(tx, userId, keyId))) return { ok: false, error: KEY_NOT_FOUND };
      const key = await tx.apiKey.findFirst({
        where: { id: keyId, creatorId: userId },
        select: { id: true, name: true, ownerId: true, revokedAt: true },
      });
      if (!key) return { ok: false, error: KEY_NOT_FOUND };
      if (key.revokedAt) return { ok: true, data: undefined };
      await tx.apiKey.update({
        where: { id: key.id },
        data: { revokedAt: now, revokedReason: "Revoked by its creator", revokedById: userId },
      });
      await recordAudit(tx, {
        action: "key.revoke",
        actorId: userId,
        accountId: key.ownerId,
        keyId: key.id,
        keyName: key.name,
      });
      await queueKeyMail(tx, "revoked", { creatorId: userId, ownerId: key.ownerId }, { keyName: key.name });
      return { ok: true, data: undefined };
    }),
  );
}

export async function deleteApiKey(db: Db, userId: string, keyId: string): Promise<KeyMutation<undefined>> {
  return changingKey(
    keyId,
    db.$transaction(async (tx) => {
      if (!(await lockOwnKey(tx, userId, keyId))) return { ok: false, error: KEY_NOT_FOUND };
      const key = await tx.apiKey.findFirst({
        where: { id: keyId, creatorId: userId },
        select: { id: true, name: true, ownerId: true },
      });
      if (!key) return { ok: false, error: KEY_NOT_FOUND };
      const { count } = await tx.apiKey.deleteMany({ where: { id: key.id, creatorId: userId } });
      if (count === 0) return { ok: false, error: KEY_NOT_FOUND };
      await recordAudit(tx, {
        action: "key.delete",
        actorId: userId,
        accountId: key.ownerId,
        keyId: key.id,
        keyName: key.name,
      });
      await queueKeyMail(tx, "deleted", { creatorId: userId, ownerId: key.ownerId }, { keyName: key.name });
      return { ok: true, data: undefined };
    }),
  );
}
