import "server-only";
import { env } from "@/lib/env";
import type { KeyForAuth } from "@/lib/keys/authorize";
import { isScope } from "@/lib/keys/scopes";
import type { Db } from "./client";
import { keyCacheOf } from "./key-cache";
import { announceKeyChanges } from "./key-changes";

/** shortLived: minted by Trusted Publishing, so an hour's life is no reason to warn. */
export type AuthKey = KeyForAuth & { id: string; name: string; creatorId: string; shortLived: boolean };

/** Drops the key from this instance's cache; the change's own transaction has told the other instances (key-changes.ts). */
export function forgetKey(db: Db, keyId: string): void {
  keyCacheOf(db).forget([keyId]);
}

export function forgetKeys(db: Db, keyIds: readonly string[]): void {
  keyCacheOf(db).forget(keyIds);
}

export function forgetAllKeys(db: Db): void {
  keyCacheOf(db).forgetAll();
}

/** The key with this hash if it was verified lately, without touching the database. */
export function cachedKey(db: Db, hash: string): AuthKey | null {
  return keyCacheOf(db).get(hash, env().KEY_CACHE_TTL_MS);
}

/** Starts listening for other instances' key changes, so the first lookups can already be kept. */
export async function listenForKeyChanges(db: Db): Promise<void> {
  if (env().KEY_CACHE_TTL_MS > 0) await keyCacheOf(db).listen();
}

/** Whether this instance keeps verified keys now (for readiness): off while it cannot hear other instances' changes. */
export function keyCacheOn(db: Db): boolean {
  return env().KEY_CACHE_TTL_MS > 0 && keyCacheOf(db).caching;
}

/** The key with this hash and whether its creator may still act for its owner. */
export async function findKeyByHash(db: Db, hash: string): Promise<AuthKey | null> {
  const ttl = env().KEY_CACHE_TTL_MS;
  const cache = keyCacheOf(db);
  if (ttl > 0) await cache.listen();
  const hit = cache.get(hash, ttl);
  if (hit) return hit;
  const mark = cache.mark();
  const key = await loadKeyByHash(db, hash);
  // A change committed while this lookup ran may have been read half-way: keep nothing then.
  if (key) cache.keep(hash, key, mark, ttl);
  return key;
}

async function loadKeyByHash(db: Db, hash: string): Promise<AuthKey | null> {
  const key = await db.apiKey.findUnique({
    where: { hash },
    select: {
      id: true,
      name: true,
      ownerId: true,
      creatorId: true,
      glob: true,
      expiresAt: true,
      revokedAt: true,
      legacy: true,
      shortLived: true,
      lastUsedAt: true,
      createdAt: true,
      creator: { select: { emailConfirmedAt: true } },
      scopes: { select: { scope: true } },
      subjects: { select: { packageId: true } },
    },
  });
  if (!key) return null;
  const ownerAllowed =
    key.ownerId === key.creatorId ||
    (await db.membership.count({ where: { organizationId: key.ownerId, userId: key.creatorId } })) > 0;
  const { creator, ...row } = key;
  return {
    ...row,
    creatorConfirmed: creator.emailConfirmedAt !== null,
    scopes: key.scopes.map((s) => s.scope).filter(isScope),
    subjects: key.subjects.map((s) => s.packageId),
    ownerAllowed,
  };
}

/** A legacy key idle too long expires on its first use (SPEC 2.6). */
export async function expireLegacyKey(db: Db, keyId: string, now: Date): Promise<void> {
  forgetKey(db, keyId);
  await db.$transaction(async (tx) => {
    await tx.apiKey.updateMany({ where: { id: keyId, legacy: true, expiresAt: null }, data: { expiresAt: now } });
    await announceKeyChanges(tx, [keyId]);
  });
}
