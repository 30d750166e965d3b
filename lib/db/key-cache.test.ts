import { describe, expect, it } from "vitest";
import type { AuthKey } from "./key-auth";
import { KeyCache, newKeyCache } from "./key-cache";

const TTL = 30_000;
const key = (id: string) => ({ id }) as AuthKey;

function remember(cache: KeyCache, hash: string, id: string) {
  cache.keep(hash, key(id), cache.mark(), TTL);
}

describe("KeyCache", () => {
  it("keeps a found key for the TTL, and nothing when the TTL is 0", () => {
    const cache = new KeyCache();
    cache.keep("h1", key("k1"), cache.mark(), TTL, 1_000);
    expect(cache.get("h1", TTL, 1_000 + TTL - 1)?.id).toBe("k1");
    expect(cache.get("h1", TTL, 1_000 + TTL)).toBeNull();
    cache.keep("h2", key("k2"), cache.mark(), 0);
    expect(cache.get("h2", TTL)).toBeNull();
  });

  it("drops the changed keys only, and everything on forgetAll", () => {
    const cache = new KeyCache();
    remember(cache, "h1", "k1");
    remember(cache, "h2", "k2");
    remember(cache, "h3", "k3");
    cache.forget(["k1", "k3"]);
    expect([cache.get("h1", TTL), cache.get("h2", TTL)?.id, cache.get("h3", TTL)]).toEqual([null, "k2", null]);
    cache.forgetAll();
    expect(cache.get("h2", TTL)).toBeNull();
  });

  it("keeps nothing from a lookup that a change overtook", () => {
    const cache = new KeyCache();
    const mark = cache.mark();
    cache.forget(["another key"]);
    cache.keep("h1", key("k1"), mark, TTL);
    expect(cache.get("h1", TTL)).toBeNull();
  });

  it("while suspended, drops what it had and keeps nothing; resumed, it starts empty and keeps again", () => {
    const cache = new KeyCache();
    remember(cache, "h1", "k1");
    const mark = cache.mark();
    cache.suspend();
    expect(cache.caching).toBe(false);
    expect(cache.get("h1", TTL)).toBeNull();
    remember(cache, "h2", "k2");
    expect(cache.get("h2", TTL)).toBeNull();
    cache.resume();
    // A lookup begun before the outage may have missed changes: it is not kept after it either.
    cache.keep("h3", key("k3"), mark, TTL);
    expect(cache.get("h3", TTL)).toBeNull();
    remember(cache, "h2", "k2");
    expect(cache.get("h2", TTL)?.id).toBe("k2");
  });

  it("is on from the start for SQLite and off until it listens for PostgreSQL", () => {
    expect(newKeyCache("file:./data/x.db").caching).toBe(true);
    const postgres = newKeyCache("postgresql://gallery@db.invalid/gallery");
    expect(postgres.caching).toBe(false);
    remember(postgres, "h1", "k1");
    expect(postgres.get("h1", TTL)).toBeNull();
  });
});
