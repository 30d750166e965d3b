import type { KeyQuery } from "@/lib/api-keys/query";
import type { ApiKeyView } from "@/lib/api-keys/views";
import { warningCutoff } from "@/lib/keys/expiry";
import { isScope, type Scope } from "@/lib/keys/scopes";
import type { Db, Tx } from "./client";
import { announceKeyChanges } from "./key-changes";

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
  leakUrl: true,
  legacy: true,
  twoFactor: true,
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

type KeyWhere = NonNullable<NonNullable<Parameters<Db["apiKey"]["findMany"]>[0]>["where"]>;
type KeyOrder = NonNullable<NonNullable<Parameters<Db["apiKey"]["findMany"]>[0]>["orderBy"]>;

const ORDER: Record<NonNullable<KeyQuery["sort"]>, KeyOrder> = {
  created: [{ createdAt: "desc" }, { id: "desc" }],
  expiry: [{ expiresAt: { sort: "asc", nulls: "last" } }, { id: "desc" }],
  "last-used": [{ lastUsedAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
  name: [{ name: "asc" }, { id: "asc" }],
};

function statusWhere(status: KeyQuery["status"], now: Date): KeyWhere {
  switch (status) {
    case "active":
      return { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
    case "expiring":
      return { revokedAt: null, expiresAt: { gt: now, lte: warningCutoff(now) } };
    case "expired":
      return { revokedAt: null, expiresAt: { lte: now } };
    case "revoked":
      return { revokedAt: { not: null } };
    default:
      return {};
  }
}

/** The user's keys matching the query; the search covers names and package ids, ignoring case. */
async function keyWhere(db: Db, userId: string, query: KeyQuery, now: Date): Promise<KeyWhere> {
  // Short-lived keys belong to their Trusted Publishing policy's page, not to the keys page.
  const where: KeyWhere = { creatorId: userId, shortLived: false, ...statusWhere(query.status, now) };
  if (query.owner) where.ownerId = query.owner;
  if (query.q) {
    const needle = query.q.toLowerCase();
    const all = await db.apiKey.findMany({
      where: { creatorId: userId, shortLived: false },
      select: { id: true, name: true, subjects: { select: { idKey: true } } },
    });
    where.id = {
      in: all
        .filter((k) => k.name.toLowerCase().includes(needle) || k.subjects.some((s) => s.idKey.includes(needle)))
        .map((k) => k.id),
    };
  }
  return where;
}

/**
 * The keys the user created, newest first (a user's keys page, as on nuget.org), or as the query asks;
 * one page of them when asked.
 */
export async function listApiKeys(
  db: Db,
  userId: string,
  page?: { skip: number; take: number },
  query: KeyQuery = {},
  now = new Date(),
): Promise<ApiKeyView[]> {
  const [rows, memberships] = await Promise.all([
    db.apiKey.findMany({
      where: await keyWhere(db, userId, query, now),
      select: API_KEY_VIEW_SELECT,
      orderBy: ORDER[query.sort ?? "created"],
      ...(page ?? {}),
    }),
    db.membership.findMany({ where: { userId }, select: { organizationId: true } }),
  ]);
  const owners = new Set([userId, ...memberships.map((m) => m.organizationId)]);
  return rows.map((row) => toApiKeyView(row, owners.has(row.owner.id)));
}

export async function countApiKeys(db: Db, userId: string, query: KeyQuery = {}, now = new Date()): Promise<number> {
  return db.apiKey.count({ where: await keyWhere(db, userId, query, now) });
}

/** One page of the keys page: the matching keys and how many match, with the search resolved once. */
export async function findApiKeyPage(
  db: Db,
  userId: string,
  query: KeyQuery,
  pageNumber: number,
  perPage: number,
  now = new Date(),
): Promise<{ keys: ApiKeyView[]; total: number; page: number }> {
  const where = await keyWhere(db, userId, query, now);
  const total = await db.apiKey.count({ where });
  const page = Math.min(Math.max(1, Math.ceil(total / perPage)), Math.max(1, pageNumber));
  const [rows, memberships] = await Promise.all([
    db.apiKey.findMany({
      where,
      select: API_KEY_VIEW_SELECT,
      orderBy: ORDER[query.sort ?? "created"],
      skip: (page - 1) * perPage,
      take: perPage,
    }),
    db.membership.findMany({ where: { userId }, select: { organizationId: true } }),
  ]);
  const owners = new Set([userId, ...memberships.map((m) => m.organizationId)]);
  return { keys: rows.map((row) => toApiKeyView(row, owners.has(row.owner.id))), total, page };
}

/** Names of the user's keys that have expired or expire within the warning window, for the banner (SPEC 3.8). */
export async function listKeysNeedingAttention(
  db: Db,
  userId: string,
  now: Date,
): Promise<{ expired: string[]; expiring: string[] }> {
  const rows = await db.apiKey.findMany({
    where: {
      creatorId: userId,
      legacy: false,
      shortLived: false,
      revokedAt: null,
      expiresAt: { lte: warningCutoff(now) },
    },
    select: { name: true, expiresAt: true },
    orderBy: { expiresAt: "asc" },
  });
  return {
    expired: rows.filter((r) => r.expiresAt! <= now).map((r) => r.name),
    expiring: rows.filter((r) => r.expiresAt! > now).map((r) => r.name),
  };
}

/** Locks the creator's key row for the rest of the transaction, so a parallel delete or change waits; false if absent. */
export async function lockOwnKey(tx: Tx, userId: string, keyId: string): Promise<boolean> {
  const count = await tx.$executeRaw`UPDATE "ApiKey" SET "id" = "id" WHERE "id" = ${keyId} AND "creatorId" = ${userId}`;
  return count > 0;
}

export type KeyFacts = {
  id: string;
  name: string;
  ownerId: string;
  creatorId: string;
  legacy: boolean;
  durationDays: number | null;
  revokedAt: Date | null;
  revokedById: string | null;
};

const KEY_FACTS_SELECT = {
  id: true,
  name: true,
  ownerId: true,
  creatorId: true,
  legacy: true,
  durationDays: true,
  revokedAt: true,
  revokedById: true,
} as const;

/** The facts a change of the creator's own key is decided on. */
export function findOwnKey(db: Db | Tx, userId: string, keyId: string): Promise<KeyFacts | null> {
  return db.apiKey.findFirst({ where: { id: keyId, creatorId: userId }, select: KEY_FACTS_SELECT });
}

/** The facts of a key scoped to the owner (an organization admin's view). */
export function findOwnerKey(db: Db | Tx, ownerId: string, keyId: string): Promise<KeyFacts | null> {
  return db.apiKey.findFirst({ where: { id: keyId, ownerId }, select: KEY_FACTS_SELECT });
}

/** The creator's keys for the owner that still work, so a departure can revoke them. */
export function listActiveKeysFor(tx: Tx, creatorId: string, ownerId: string): Promise<KeyFacts[]> {
  return tx.apiKey.findMany({ where: { creatorId, ownerId, revokedAt: null }, select: KEY_FACTS_SELECT });
}

function subjectRows(packages: string[]) {
  const unique = new Map(packages.map((p) => [p.toLowerCase(), p]));
  return [...unique].map(([idKey, packageId]) => ({ packageId, idKey }));
}

export type NewApiKey = {
  name: string;
  ownerId: string;
  creatorId: string;
  hash: string;
  hint: string;
  glob: string | null;
  createdAt: Date;
  durationDays: number | null;
  expiresAt: Date;
  scopes: Scope[];
  packages: string[];
  twoFactor: boolean;
  /** Minted by a Trusted Publishing exchange for this policy. */
  shortLived?: boolean;
  policyId?: string | null;
};

export async function insertApiKey(tx: Tx, { scopes, packages, ...key }: NewApiKey): Promise<ApiKeyView> {
  const row = await tx.apiKey.create({
    data: {
      ...key,
      scopes: { create: scopes.map((scope) => ({ scope })) },
      subjects: { create: subjectRows(packages) },
    },
    select: API_KEY_VIEW_SELECT,
  });
  return toApiKeyView(row);
}

export async function replaceKeySubjects(
  tx: Tx,
  keyId: string,
  subjects: { packages: string[]; glob: string | null },
): Promise<ApiKeyView> {
  await tx.apiKeySubject.deleteMany({ where: { keyId } });
  const row = await tx.apiKey.update({
    where: { id: keyId },
    data: { glob: subjects.glob, subjects: { create: subjectRows(subjects.packages) } },
    select: API_KEY_VIEW_SELECT,
  });
  await announceKeyChanges(tx, [keyId]);
  return toApiKeyView(row);
}

/** A new secret and expiry; the key is unused and active again. */
export async function renewKeySecret(
  tx: Tx,
  keyId: string,
  renewal: { hash: string; hint: string; createdAt: Date; expiresAt: Date; twoFactor: boolean },
): Promise<ApiKeyView> {
  const row = await tx.apiKey.update({
    where: { id: keyId },
    data: { ...renewal, lastUsedAt: null, revokedAt: null, revokedReason: null, revokedById: null, leakUrl: null },
    select: API_KEY_VIEW_SELECT,
  });
  await announceKeyChanges(tx, [keyId]);
  return toApiKeyView(row);
}

export async function markKeyRevoked(
  tx: Tx,
  keyId: string,
  revocation: { at: Date; reason: string; byId: string },
): Promise<void> {
  await tx.apiKey.update({
    where: { id: keyId },
    data: { revokedAt: revocation.at, revokedReason: revocation.reason, revokedById: revocation.byId },
  });
  await announceKeyChanges(tx, [keyId]);
}

/** The facts of the key with this hash, for a secret scanner's report; the scanner acts for nobody. */
export function findKeyFactsByHash(db: Db | Tx, hash: string): Promise<(KeyFacts & { expiresAt: Date | null }) | null> {
  return db.apiKey.findUnique({ where: { hash }, select: { ...KEY_FACTS_SELECT, expiresAt: true } });
}

/** Revokes a key found in public, unless it was revoked meanwhile; false then. */
export async function markKeyLeaked(
  tx: Tx,
  keyId: string,
  leak: { at: Date; reason: string; url: string | null },
): Promise<boolean> {
  const { count } = await tx.apiKey.updateMany({
    where: { id: keyId, revokedAt: null },
    data: { revokedAt: leak.at, revokedReason: leak.reason, revokedById: null, leakUrl: leak.url },
  });
  if (count > 0) await announceKeyChanges(tx, [keyId]);
  return count > 0;
}

/** Deletes the creator's key; false when it was already gone. */
export async function deleteOwnKey(tx: Tx, userId: string, keyId: string): Promise<boolean> {
  const { count } = await tx.apiKey.deleteMany({ where: { id: keyId, creatorId: userId } });
  if (count > 0) await announceKeyChanges(tx, [keyId]);
  return count > 0;
}

/** Deletes the Trusted Publishing keys that have expired; returns their ids. */
export async function deleteExpiredShortLivedKeys(tx: Tx, now: Date): Promise<string[]> {
  const keys = await tx.apiKey.findMany({ where: { shortLived: true, expiresAt: { lte: now } }, select: { id: true } });
  const ids = keys.map((k) => k.id);
  if (ids.length === 0) return ids;
  await tx.apiKey.deleteMany({ where: { id: { in: ids } } });
  await announceKeyChanges(tx, ids);
  return ids;
}
