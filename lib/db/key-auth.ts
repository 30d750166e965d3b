import "server-only";
import { env } from "@/lib/env";
import type { KeyForAuth } from "@/lib/keys/authorize";
import { isScope } from "@/lib/keys/scopes";
import type { Db } from "./client";

/** shortLived: minted by Trusted Publishing, so an hour's life is no reason to warn. */
export type AuthKey = KeyForAuth & { id: string; name: string; creatorId: string; shortLived: boolean };

const CACHE_MAX = 10_000;
type CacheState = { byHash: Map<string, { key: AuthKey; at: number }>; generation: number };
const cache = ((globalThis as unknown as { galleryKeyCache?: CacheState }).galleryKeyCache ??= {
  byHash: new Map(),
  generation: 0,
});

/**
 * Found keys are kept for a short while so the push API's hot path skips the database. Every key or
 * membership change in this process drops them at once (forgetKey, forgetAllKeys); other processes
 * see a change within KEY_CACHE_TTL_MS, which is 0 (no cache) when several instances share a database.
 */
export function forgetKey(keyId: string): void {
  cache.generation++;
  for (const [hash, entry] of cache.byHash) if (entry.key.id === keyId) cache.byHash.delete(hash);
}

export function forgetAllKeys(): void {
  cache.generation++;
  cache.byHash.clear();
}

/** The key with this hash if it was verified lately, without touching the database. */
export function cachedKey(hash: string): AuthKey | null {
  const hit = cache.byHash.get(hash);
  return hit && Date.now() - hit.at < env().KEY_CACHE_TTL_MS ? hit.key : null;
}

/** The key with this hash and whether its creator may still act for its owner. */
export async function findKeyByHash(db: Db, hash: string): Promise<AuthKey | null> {
  const ttl = env().KEY_CACHE_TTL_MS;
  const hit = cachedKey(hash);
  if (hit) return hit;
  const generation = cache.generation;
  const key = await loadKeyByHash(db, hash);
  // A change committed while this lookup ran may have been read half-way: keep nothing then.
  if (key && ttl > 0 && generation === cache.generation) {
    if (cache.byHash.size >= CACHE_MAX) cache.byHash.clear();
    cache.byHash.set(hash, { key, at: Date.now() });
  }
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
  forgetKey(keyId);
  await db.apiKey.updateMany({ where: { id: keyId, legacy: true, expiresAt: null }, data: { expiresAt: now } });
}
