import { beforeAll, describe, expect, it } from "vitest";
import { DownloadCounter } from "@/lib/nuget/feed/downloads";
import type { FeedDeps } from "@/lib/nuget/feed/deps";
import { serveSymbols } from "@/lib/nuget/feed/symbols";
import { sweepOrphanFiles } from "@/lib/nuget/orphans";
import { pushPackage, pushSymbols } from "@/lib/nuget/service";
import { buildNupkg, NUSPEC_NAMESPACE } from "@/tests/support/build-nupkg";
import { makeKey, makeUser } from "@/tests/support/factories";
import { useServiceFixture } from "@/tests/support/service-deps";
import { DATABASES } from "@/tests/support/test-db";

const symbolsNuspec = (id: string, version: string, type = "SymbolsPackage") =>
  [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<package xmlns="${NUSPEC_NAMESPACE}"><metadata>`,
    `<id>${id}</id><version>${version}</version><authors>Contoso</authors><description>Symbols.</description>`,
    `<packageTypes><packageType name="${type}" /></packageTypes>`,
    "</metadata></package>",
  ].join("");

/** A .snupkg as `dotnet pack` writes it: the nuspec, the OPC parts and portable PDBs (no lib/_._ placeholder). */
function buildSnupkg(id: string, version: string, files: Record<string, string> = {}, type?: string) {
  return buildNupkg({
    id,
    version,
    nuspec: symbolsNuspec(id, version, type),
    files: { "lib/net8.0/_._": "", [`lib/net8.0/${id}.pdb`]: "BSJB portable pdb", ...files },
  }).then(async (zip) => zip);
}

describe.each(DATABASES)("symbols packages on %s", (kind) => {
  const { t, deps } = useServiceFixture(kind);
  const feed = {} as FeedDeps;
  let owner = "";
  let pushKey = "";
  const req = (apiKey: string) => ({ apiKey, ip: null, userAgent: "NuGet Command Line/6.11" });

  beforeAll(async () => {
    Object.assign(feed, {
      db: t.db,
      store: deps.store,
      downloads: new DownloadCounter(t.db, 3_600_000),
      base: "http://gallery.test",
    });
    owner = await makeUser(t.db);
    pushKey = (await makeKey(t.db, owner, { scopes: ["package:push"], glob: "Sym.*" })).secret;
  });

  async function pushed(id: string, version: string) {
    const reply = await pushPackage(deps, req(pushKey), async () => buildNupkg({ id, version }));
    expect(reply.status, reply.message).toBe(201);
  }

  it("stores a .snupkg beside its version, serves it, and a second push replaces the first", async () => {
    await pushed("Sym.Core", "1.0.0");
    const first = await buildSnupkg("Sym.Core", "1.0.0");
    const reply = await pushSymbols(deps, req(pushKey), async () => first);
    expect(reply).toMatchObject({ status: 201, message: "Created the symbols package of Sym.Core 1.0.0." });
    const served = await serveSymbols(feed, new Request("http://gallery.test/x"), "sym.core", "1.0.0");
    expect(served.status).toBe(200);
    expect(served.headers.get("content-disposition")).toContain("Sym.Core.1.0.0.snupkg");
    expect(Buffer.from(await served.arrayBuffer())).toEqual(first);

    const second = await buildSnupkg("Sym.Core", "1.0.0", { "lib/net8.0/Extra.pdb": "another pdb" });
    expect((await pushSymbols(deps, req(pushKey), async () => second)).status).toBe(201);
    const again = await serveSymbols(feed, new Request("http://gallery.test/x"), "Sym.Core", "1.0.0");
    expect(Buffer.from(await again.arrayBuffer())).toEqual(second);
    const files = (await deps.store.listOlderThan(new Date(8.64e15))).filter((f) => f.endsWith(".snupkg"));
    expect(files).toHaveLength(1);
    // The orphan sweep knows symbols files belong to their version.
    expect(await sweepOrphanFiles(t.db, deps.store, new Date(Date.now() + 86_400_000))).toEqual([]);
    const audit = await t.db.auditEvent.findMany({ where: { action: "package.symbols", packageId: "Sym.Core" } });
    expect(audit).toHaveLength(2);
  });

  it("refuses symbols for a version that was never pushed, saying what to push first", async () => {
    const reply = await pushSymbols(deps, req(pushKey), () => buildSnupkg("Sym.Missing", "1.0.0"));
    expect(reply).toMatchObject({
      status: 404,
      message: expect.stringContaining("push the .nupkg before its symbols"),
    });
  });

  it("refuses what is not a symbols package: a plain package, or one with more than symbol files", async () => {
    await pushed("Sym.Data", "2.0.0");
    const plain = await pushSymbols(deps, req(pushKey), () => buildNupkg({ id: "Sym.Data", version: "2.0.0" }));
    expect(plain).toMatchObject({ status: 400, message: expect.stringContaining("SymbolsPackage") });
    const withDll = await pushSymbols(deps, req(pushKey), () =>
      buildSnupkg("Sym.Data", "2.0.0", { "lib/net8.0/Sym.Data.dll": "MZ" }),
    );
    expect(withDll).toMatchObject({ status: 400, message: expect.stringContaining("'lib/net8.0/Sym.Data.dll'") });
    const wrongType = await pushSymbols(deps, req(pushKey), () => buildSnupkg("Sym.Data", "2.0.0", {}, "Dependency"));
    expect(wrongType.status).toBe(400);
    expect(
      await t.db.packageVersion.count({ where: { symbolsPath: { not: null }, package: { idKey: "sym.data" } } }),
    ).toBe(0);
  });

  it("follows the push rules of that version: scope, package coverage and owner", async () => {
    await pushed("Sym.Web", "1.0.0");
    const unlistOnly = (await makeKey(t.db, owner, { scopes: ["package:unlist"], glob: "Sym.*" })).secret;
    const outside = (await makeKey(t.db, owner, { scopes: ["package:pushversion"], glob: "Other.*" })).secret;
    const stranger = await makeUser(t.db);
    const strangers = (await makeKey(t.db, stranger, { scopes: ["package:push"], glob: "*" })).secret;
    const versionOnly = (await makeKey(t.db, owner, { scopes: ["package:pushversion"], packages: ["Sym.Web"] })).secret;
    const snupkg = () => buildSnupkg("Sym.Web", "1.0.0");
    expect((await pushSymbols(deps, req(unlistOnly), snupkg)).status).toBe(403);
    expect((await pushSymbols(deps, req(outside), snupkg)).message).toMatch(/not scoped to the package/);
    expect((await pushSymbols(deps, req(strangers), snupkg)).message).toMatch(/not owned/);
    expect((await pushSymbols(deps, req(""), snupkg)).status).toBe(401);
    expect((await pushSymbols(deps, req(versionOnly), snupkg)).status).toBe(201);
  });

  it("answers 404 for symbols nobody pushed, and for ids or versions that cannot be", async () => {
    for (const [id, version] of [
      ["Sym.Core", "9.9.9"],
      ["not a package id", "1.0.0"],
      ["Sym.Core", "1.0.0.0.0"],
      ["Sym.Core", "%00"],
    ]) {
      expect((await serveSymbols(feed, new Request("http://gallery.test/x"), id!, version!)).status).toBe(404);
    }
  });
});
