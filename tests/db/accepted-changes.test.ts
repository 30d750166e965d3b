import { mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { mintKey } from "@/lib/keys/format";
import { SYMBOLS_NOT_A_PACKAGE } from "@/lib/nuget/nupkg";
import { sweepOrphanFiles } from "@/lib/nuget/orphans";
import { pushPackage, setPackageListed } from "@/lib/nuget/service";
import { stagingPath } from "@/lib/nuget/storage";
import { UsageRecorder } from "@/lib/nuget/usage";
import { buildNupkg, NUSPEC_NAMESPACE } from "@/tests/support/build-nupkg";
import { makeKey, makePackage, makeUser } from "@/tests/support/factories";
import { storedFiles, useServiceFixture } from "@/tests/support/service-deps";
import { DATABASES } from "@/tests/support/test-db";

const HOUR = 60 * 60 * 1000;

describe.each(DATABASES)("accepted changes and package files on %s", (kind) => {
  const { t, deps } = useServiceFixture(kind);

  async function owner(prefix: string, scopes = ["package:push", "package:unlist"]) {
    const user = await makeUser(t.db);
    const key = await makeKey(t.db, user, { scopes, glob: `${prefix}.*` });
    const req = { apiKey: key.secret, ip: "203.0.113.7", userAgent: "test" };
    return { user, key, req, id: `${prefix}.${user}` };
  }

  it("writes the audit event of an accepted push or unlist with the change, before the answer", async () => {
    // A usage batch that would only be written an hour later: the audit must not wait for it.
    const usage = new UsageRecorder(t.db, HOUR);
    const { req, id } = await owner("Durable");
    const withLazyUsage = { ...deps, usage };
    expect((await pushPackage(withLazyUsage, req, () => buildNupkg({ id, version: "1.0.0" }))).status).toBe(201);
    expect(await t.db.auditEvent.count({ where: { action: "package.push", packageId: id } })).toBe(1);
    const unlist = await setPackageListed(withLazyUsage, req, { packageId: id, version: "1.0.0", listed: false });
    expect(unlist.status).toBe(200);
    const audited = await t.db.auditEvent.findFirst({ where: { action: "package.unlist", packageId: id } });
    expect(audited).toMatchObject({ version: "1.0.0", ip: "203.0.113.7", result: `200 Unlisted ${id} 1.0.0.` });
    await usage.flush();
    // The batch adds the usage records but no second audit event.
    expect(
      await t.db.auditEvent.count({ where: { packageId: id, action: { in: ["package.push", "package.unlist"] } } }),
    ).toBe(2);
    expect(await t.db.usageEvent.count({ where: { packageId: id } })).toBe(2);
  });

  it("refuses a key without a push scope before reading the upload, without moving its last use", async () => {
    const { key, req, id } = await owner("NoPush", ["package:unlist"]);
    const receive = vi.fn(() => buildNupkg({ id, version: "1.0.0" }));
    const refused = await pushPackage(deps, req, receive);
    expect(refused.status).toBe(403);
    expect(refused.message).toMatch(/does not have the scope to push packages/);
    expect(receive).not.toHaveBeenCalled();
    await deps.usage.flush();
    expect((await t.db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).toBeNull();
    expect(await t.db.usageEvent.count({ where: { keyId: key.id, status: 403 } })).toBe(1);
  });

  it("refuses a symbols package at the package endpoint and says where symbols go", async () => {
    const { req, id } = await owner("Symbols");
    const nuspec = `<?xml version="1.0"?><package xmlns="${NUSPEC_NAMESPACE}"><metadata><id>${id}</id><version>1.0.0</version><authors>a</authors><description>d</description><packageTypes><packageType name="SymbolsPackage" /></packageTypes></metadata></package>`;
    const refused = await pushPackage(deps, req, () => buildNupkg({ id, version: "1.0.0", nuspec }));
    expect(refused).toMatchObject({ status: 400, message: SYMBOLS_NOT_A_PACKAGE });
    expect(await t.db.package.count({ where: { packageId: id } })).toBe(0);
  });

  it("removes the staged upload of a refused push", async () => {
    const { req } = await owner("Staged");
    const staged = await stagingPath(deps.packagesDir);
    writeFileSync(staged, await buildNupkg({ id: "Elsewhere.Pkg", version: "1.0.0" }));
    const refused = await pushPackage(deps, req, async () => ({ path: staged, size: statSync(staged).size }));
    expect(refused.status).toBe(403);
    expect(readdirSync(join(deps.packagesDir, ".uploads"))).not.toContain(staged.split("/").at(-1));
  });

  it("leaves one file when a push is retried after a crash between storing its file and writing its row", async () => {
    const { req, id } = await owner("Retry");
    const dir = join(deps.packagesDir, id.toLowerCase(), "1.0.0");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${id.toLowerCase()}.1.0.0.crashed.nupkg`), "left by a crash");
    expect((await pushPackage(deps, req, () => buildNupkg({ id, version: "1.0.0" }))).status).toBe(201);
    expect(readdirSync(dir)).toHaveLength(1);
    const row = await t.db.packageVersion.findFirstOrThrow({ where: { package: { packageId: id } } });
    expect(join(deps.packagesDir, row.storagePath!)).toBe(join(dir, readdirSync(dir)[0]!));
  });

  it("sweeps only old leftovers: partial files and package files without a row; stored packages stay", async () => {
    const user = await makeUser(t.db);
    const { req, id } = await owner("Sweep");
    expect((await pushPackage(deps, req, () => buildNupkg({ id, version: "2.0.0" }))).status).toBe(201);
    await makePackage(t.db, user, `Kept.${user}`);
    const root = deps.packagesDir;
    const old = new Date(Date.now() - 2 * HOUR);
    const write = (path: string, age: Date | null) => {
      mkdirSync(join(root, path, ".."), { recursive: true });
      writeFileSync(join(root, path), "x");
      if (age) utimesSync(join(root, path), age, age);
    };
    write("orphan.pkg/1.0.0/orphan.pkg.1.0.0.old.nupkg", old);
    write("orphan.pkg/1.0.0/orphan.pkg.1.0.0.fresh.nupkg", null);
    write(".uploads/crashed.partial", old);
    write(".uploads/in-flight.partial", null);
    const stored = (await t.db.packageVersion.findFirstOrThrow({ where: { package: { packageId: id } } })).storagePath!;
    utimesSync(join(root, stored), old, old);

    const removed = await sweepOrphanFiles(t.db, root);
    expect(removed.sort()).toEqual([".uploads/crashed.partial", "orphan.pkg/1.0.0/orphan.pkg.1.0.0.old.nupkg"]);
    const left = storedFiles(root);
    expect(left).toContain(stored);
    expect(left).toContain("orphan.pkg/1.0.0/orphan.pkg.1.0.0.fresh.nupkg");
    expect(left).toContain(".uploads/in-flight.partial");
  });

  it("answers an unknown but well-formed key without storing anything", async () => {
    const result = await pushPackage(deps, { apiKey: mintKey().secret, ip: null, userAgent: null }, () =>
      buildNupkg({ id: "Nobody.Pkg", version: "1.0.0" }),
    );
    expect(result.status).toBe(403);
  });
});
