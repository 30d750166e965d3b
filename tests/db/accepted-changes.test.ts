import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { mintKey } from "@/lib/keys/format";
import { SYMBOLS_NOT_A_PACKAGE } from "@/lib/nuget/nupkg";
import { pushPackage, setPackageListed } from "@/lib/nuget/service";
import { stagingPath } from "@/lib/nuget/storage/staging";
import { UsageRecorder } from "@/lib/nuget/usage";
import { buildNupkg, NUSPEC_NAMESPACE } from "@/tests/support/build-nupkg";
import { makeKey, makeUser } from "@/tests/support/factories";
import { useServiceFixture } from "@/tests/support/service-deps";
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
    const staged = await stagingPath(deps.store.stagingRoot);
    writeFileSync(staged, await buildNupkg({ id: "Elsewhere.Pkg", version: "1.0.0" }));
    const refused = await pushPackage(deps, req, async () => ({ path: staged, size: statSync(staged).size }));
    expect(refused.status).toBe(403);
    expect(readdirSync(join(deps.store.stagingRoot, ".uploads"))).not.toContain(staged.split("/").at(-1));
  });

  it("answers an unknown but well-formed key without storing anything", async () => {
    const result = await pushPackage(deps, { apiKey: mintKey().secret, ip: null, userAgent: null }, () =>
      buildNupkg({ id: "Nobody.Pkg", version: "1.0.0" }),
    );
    expect(result.status).toBe(403);
  });
});
