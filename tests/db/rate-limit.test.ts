import Redis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { setPackageListed, type ServiceDeps } from "@/lib/nuget/service";

import { createFailureLimiter } from "@/lib/security/rate-limit";
import { makeKey, makePackage, makeUser } from "./factories";
import { createServiceFixture, DATABASES, type ServiceFixture, type TestDb } from "./test-db";

describe.each(DATABASES)("failed API key checks per address on %s", (kind) => {
  let t: TestDb;
  let deps: ServiceDeps;

  let fixture: ServiceFixture;
  beforeAll(async () => {
    fixture = await createServiceFixture(kind, {
      keyFailures: createFailureLimiter({ name: `test-${kind}-${Date.now()}`, points: 5, windowSeconds: 60 }, null),
    });
    ({ t, deps } = fixture);
  });
  afterAll(async () => {
    await fixture?.drop();
  });

  it("answers 429 with Retry-After once an address has failed too often, even with a good key; others are unaffected", async () => {
    const owner = await makeUser(t.db);
    await makePackage(t.db, owner, `Limit.${owner}`, ["1.0.0"]);
    const good = await makeKey(t.db, owner, { scopes: ["package:unlist"], glob: "Limit.*" });
    const call = (apiKey: string, ip: string) =>
      setPackageListed(
        deps,
        { apiKey, ip, userAgent: null },
        { packageId: `Limit.${owner}`, version: "1.0.0", listed: false },
      );
    for (let i = 0; i < 5; i++) expect((await call(`ngk_guess${i}`, "198.51.100.1")).status).toBe(403);
    const blocked = await call(good.secret, "198.51.100.1");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers["Retry-After"])).toBeGreaterThan(0);
    expect(blocked.message).toMatch(/Too many failed API key checks/);
    expect((await call(good.secret, "198.51.100.2")).status).toBe(200);
  });
});

const REDIS_URL = process.env.TEST_REDIS_URL;
if (REDIS_URL) {
  describe("a shared store on Redis", () => {
    const clients: Redis[] = [];
    afterAll(() => clients.forEach((c) => c.disconnect()));
    it("lets two app instances share one limit", async () => {
      const name = `shared-${Date.now()}`;
      const [a, b] = [0, 1].map(() => {
        const client = new Redis(REDIS_URL, { enableOfflineQueue: true });
        clients.push(client);
        return createFailureLimiter({ name, points: 4, windowSeconds: 60 }, client);
      });
      await a!.fail("203.0.113.9");
      await b!.fail("203.0.113.9");
      await a!.fail("203.0.113.9");
      expect(await b!.check("203.0.113.9")).toEqual({ ok: true });
      await b!.fail("203.0.113.9");
      const check = await a!.check("203.0.113.9");
      expect(check).toMatchObject({ ok: false });
      expect(check.ok === false && check.retryAfterSeconds).toBeGreaterThan(0);
    });
  });
}
