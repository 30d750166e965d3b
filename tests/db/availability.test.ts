import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDatabase, guardDatabase, isDatabaseUnavailable } from "@/lib/db/availability";
import { createDb, type Db } from "@/lib/db/create-db";
import { setPackageListed, type ServiceDeps } from "@/lib/nuget/service";
import { toResponse } from "@/lib/nuget/http";
import { fsPackageStore } from "@/lib/nuget/storage/fs";
import { makeKey, makePackage, makeUser } from "@/tests/support/factories";
import { Relay } from "@/tests/support/relay";
import { serviceDeps } from "@/tests/support/service-deps";
import { DATABASES, useTestDb } from "@/tests/support/test-db";

// The outage is simulated on PostgreSQL, the database that runs as a separate server; skipped without it.
describe.skipIf(!DATABASES.includes("postgres"))("database outage on postgres", () => {
  const t = useTestDb("postgres");
  let relay: Relay;
  let db: Db;
  let deps: ServiceDeps;
  let dir: string;
  let secret: string;
  let packageId: string;

  beforeAll(async () => {
    const through = await Relay.to(t.url, { connect_timeout: "2" });
    relay = through.relay;
    db = createDb(through.url);
    dir = mkdtempSync(join(tmpdir(), "gallery-outage-"));
    deps = serviceDeps(db, fsPackageStore(dir));
    const owner = await makeUser(t.db);
    packageId = `Outage.${owner}`;
    await makePackage(t.db, owner, packageId, ["1.0.0"]);
    secret = (await makeKey(t.db, owner, { scopes: ["package:unlist"], glob: "Outage.*" })).secret;
  });
  afterAll(async () => {
    await Promise.race([db?.$disconnect(), new Promise((r) => setTimeout(r, 2000))]).catch(() => undefined);
    await relay?.cut().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const unlist = () =>
    guardDatabase(async () =>
      toResponse(
        await setPackageListed(
          deps,
          { apiKey: secret, ip: null, userAgent: null },
          { packageId, version: "1.0.0", listed: false },
        ),
      ),
    );

  it("answers 503 with a clear message while the database is unreachable, and recovers when it returns", async () => {
    expect(await checkDatabase(db)).toEqual({ ok: true });
    expect((await unlist()).status).toBe(200);

    await relay.cut();
    const ready = await checkDatabase(db);
    expect(ready).toMatchObject({ ok: false, message: expect.stringContaining("cannot reach its database") });
    const down = await unlist();
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("5");
    expect(await down.text()).toBe("The gallery cannot reach its database right now. Try again in a moment.");

    await relay.open();
    await expect.poll(async () => (await checkDatabase(db)).ok, { timeout: 15_000 }).toBe(true);
    expect((await unlist()).status).toBe(200);
  });

  it("tells outages apart from bugs", () => {
    expect(isDatabaseUnavailable({ code: "P1001", message: "Can't reach database server" })).toBe(true);
    expect(isDatabaseUnavailable(new Error("connect ECONNREFUSED 127.0.0.1:1"))).toBe(true);
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseUnavailable({ code: "P2002", message: "Unique constraint failed" })).toBe(false);
  });
});
