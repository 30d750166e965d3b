import type { AuthKey } from "./key-auth";
import { KeyChangeListener, type KeyChangeSink } from "./key-changes";
import { isPostgresUrl } from "./url";

const CACHE_MAX = 10_000;

/**
 * The keys one gallery instance verified lately, so the push API's hot path skips the database. A change in
 * this instance drops them at once; on PostgreSQL other instances' changes arrive on the bus (key-changes.ts),
 * and while it is not listening nothing is kept, so a key is never trusted longer than the bus can vouch for it.
 */
export class KeyCache implements KeyChangeSink {
  private readonly byHash = new Map<string, { key: AuthKey; at: number }>();
  private generation = 0;
  private live: boolean;

  /** Without a listener (SQLite: one process) the cache is always on. */
  constructor(readonly listener: KeyChangeListener | null = null) {
    this.live = listener === null;
  }

  /** Whether found keys are kept now. */
  get caching(): boolean {
    return this.live;
  }

  /** Starts listening for other instances' changes when there can be any; resolves once the first attempt is over. */
  listen(): Promise<void> {
    return this.listener?.start(this) ?? Promise.resolve();
  }

  async close(): Promise<void> {
    await this.listener?.close();
  }

  get(hash: string, ttlMs: number, now = Date.now()): AuthKey | null {
    if (!this.live) return null;
    const hit = this.byHash.get(hash);
    return hit && now - hit.at < ttlMs ? hit.key : null;
  }

  /** Taken before a lookup and handed to keep(): a change seen meanwhile means the lookup may be stale. */
  mark(): number {
    return this.generation;
  }

  keep(hash: string, key: AuthKey, mark: number, ttlMs: number, now = Date.now()): void {
    if (!this.live || ttlMs <= 0 || mark !== this.generation) return;
    if (this.byHash.size >= CACHE_MAX) this.byHash.clear();
    this.byHash.set(hash, { key, at: now });
  }

  forget(keyIds: readonly string[]): void {
    this.generation++;
    const ids = new Set(keyIds);
    for (const [hash, entry] of this.byHash) if (ids.has(entry.key.id)) this.byHash.delete(hash);
  }

  forgetAll(): void {
    this.generation++;
    this.byHash.clear();
  }

  suspend(): void {
    this.live = false;
    this.forgetAll();
  }

  resume(): void {
    this.forgetAll();
    this.live = true;
  }
}

/** A key cache for an instance on this database: listening for the others' changes on PostgreSQL. */
export function newKeyCache(url: string): KeyCache {
  return new KeyCache(isPostgresUrl(url) ? new KeyChangeListener(url) : null);
}

// Kept on globalThis: Next.js bundles the server more than once, and every copy must share one cache.
type Registry = { byUrl: Map<string, KeyCache>; byDb: WeakMap<object, KeyCache> };
const registry = ((globalThis as unknown as { galleryKeyCaches?: Registry }).galleryKeyCaches ??= {
  byUrl: new Map(),
  byDb: new WeakMap(),
});

/** The cache of this process for the database at `url`, shared by every client of it. */
export function sharedKeyCache(url: string): KeyCache {
  let cache = registry.byUrl.get(url);
  if (!cache) registry.byUrl.set(url, (cache = newKeyCache(url)));
  return cache;
}

export function attachKeyCache(db: object, cache: KeyCache): void {
  registry.byDb.set(db, cache);
}

/** The key cache of the instance this client belongs to. */
export function keyCacheOf(db: object): KeyCache {
  const cache = registry.byDb.get(db);
  if (!cache) throw new Error("This database client was not made by createDb, so it has no key cache.");
  return cache;
}
