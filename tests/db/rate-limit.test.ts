import Redis from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { mintKey } from "@/lib/keys/format";
import { setPackageListed } from "@/lib/nuget/service";
import { createAttemptLimiter } from "@/lib/security/rate-limit";
import { makeKey, makePackage, makeUser } from "@/tests/support/factories";
import { useServiceFixture } from "@/tests/support/service-deps";
import { DATABASES } from "@/tests/support/test-db";

const PER_KEY = 3;
const PER_ADDRESS = 5;

describe.each(DATABASES)("failed API key checks per address on %s", (kind) => {
  const limiters = (name: string) => ({
    perKey: createAttemptLimiter({ name: `${name}-key-${kind}`, points: PER_KEY, windowSeconds: 60 }, null),
    perAddress: createAttemptLimiter({ name: `${name}-address-${kind}`, points: PER_ADDRESS, windowSeconds: 60 }, null),
  });
  const { t, deps } = useServiceFixture(kind);

  async function setUp() {
    const owner = await makeUser(t.db);
    await makePackage(t.db, owner, `Limit.${owner}`, ["1.0.0"]);
    const good = await makeKey(t.db, owner, { scopes: ["package:unlist"], glob: "Limit.*" });
    const other = await makeKey(t.db, owner, { scopes: ["package:unlist"], glob: "Limit.*" });
    const keyChecks = limiters(owner);
    const call = (apiKey: string, ip: string) =>
      setPackageListed(
        { ...deps, keyChecks },
        { apiKey, ip, userAgent: null },
        { packageId: `Limit.${owner}`, version: "1.0.0", listed: false },
      );
    return { good, other, call };
  }

  it("refuses one wrong key presented again and again on its own; the address's other keys keep working", async () => {
    const { good, call } = await setUp();
    const stale = mintKey().secret;
    for (let i = 0; i < PER_KEY; i++) expect((await call(stale, "198.51.100.1")).status).toBe(403);
    const blocked = await call(stale, "198.51.100.1");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers["Retry-After"])).toBeGreaterThan(0);
    expect(blocked.message).toMatch(/Too many failed API key checks: this key has failed too often/);
    for (let i = 0; i < 20; i++) expect((await call(good.secret, "198.51.100.1")).status).toBe(200);
  });

  it("stops guessing from an address after the limit of distinct keys, without holding back a key known to work", async () => {
    const { good, other, call } = await setUp();
    expect((await call(good.secret, "198.51.100.2")).status).toBe(200);
    for (let i = 0; i < PER_ADDRESS; i++) expect((await call(mintKey().secret, "198.51.100.2")).status).toBe(403);
    const guess = await call(mintKey().secret, "198.51.100.2");
    expect(guess.status).toBe(429);
    expect(guess.message).toMatch(/too many different keys have failed from your address/);
    // Verified moments ago, so it is known good without a lookup.
    expect((await call(good.secret, "198.51.100.2")).status).toBe(200);
    expect((await call(other.secret, "198.51.100.3")).status).toBe(200);
    expect((await call(mintKey().secret, "198.51.100.3")).status).toBe(403);
  });

  it("takes points before the lookup: parallel guesses get no more than the limit looked up", async () => {
    const { call } = await setUp();
    const results = await Promise.all(Array.from({ length: 30 }, () => call(mintKey().secret, "198.51.100.4")));
    expect(results.filter((r) => r.status === 403)).toHaveLength(PER_ADDRESS);
    expect(results.filter((r) => r.status === 429)).toHaveLength(30 - PER_ADDRESS);
  });

  it("does not count malformed keys, which are refused from their checksum alone", async () => {
    const { good, call } = await setUp();
    for (let i = 0; i < 50; i++) expect((await call(`ngk_guess${i}`, "198.51.100.5")).status).toBe(403);
    expect((await call(mintKey().secret, "198.51.100.5")).status).toBe(403);
    expect((await call(good.secret, "198.51.100.5")).status).toBe(200);
  });
});

const REDIS_URL = process.env.TEST_REDIS_URL;
describe.skipIf(!REDIS_URL)("a shared store on Redis", () => {
  const clients: Redis[] = [];
  afterAll(() => clients.forEach((c) => c.disconnect()));
  it("lets two app instances share one limit", async () => {
    const name = `shared-${Date.now()}`;
    const [a, b] = [0, 1].map(() => {
      const client = new Redis(REDIS_URL!, { enableOfflineQueue: true });
      clients.push(client);
      return createAttemptLimiter({ name, points: 4, windowSeconds: 60 }, client);
    });
    expect(await a!.take("203.0.113.9")).toEqual({ ok: true, first: true });
    expect(await b!.take("203.0.113.9")).toEqual({ ok: true, first: false });
    await a!.take("203.0.113.9");
    await b!.giveBack("203.0.113.9");
    expect(await b!.take("203.0.113.9")).toMatchObject({ ok: true });
    expect(await a!.take("203.0.113.9")).toMatchObject({ ok: true });
    const refused = await b!.take("203.0.113.9");
    expect(refused).toMatchObject({ ok: false });
    expect(refused.ok === false && refused.retryAfterSeconds).toBeGreaterThan(0);
  });
});
