/**
 * Package files through the push service, the feed and the orphan sweep, on each storage backend (a folder, and a
 * bucket on a loopback S3-compatible server) and each database.
 */
import { attachKeyCache, keyCacheOf } from "@/lib/db/key-cache";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/create-db";
import type { FeedDeps } from "@/lib/nuget/feed/deps";
import { DownloadCounter } from "@/lib/nuget/feed/downloads";
import { serveFlatContainer } from "@/lib/nuget/feed/flat-container";
import { serveSymbols } from "@/lib/nuget/feed/symbols";
import { extractNuspec } from "@/lib/nuget/nupkg";
import { sweepOrphanFiles } from "@/lib/nuget/orphans";
import { pushPackage, pushSymbols } from "@/lib/nuget/service";
import { stagingPath } from "@/lib/nuget/storage/staging";
import { buildNupkg, NUSPEC_NAMESPACE } from "@/tests/support/build-nupkg";
import { makeKey, makePackage, makeUser } from "@/tests/support/factories";
import { STORES } from "@/tests/support/package-stores";
import { storedFiles, useServiceFixture } from "@/tests/support/service-deps";
import { DATABASES } from "@/tests/support/test-db";

const HOUR = 60 * 60 * 1000;
const BASE = "http://gallery.test";

const snupkg = (id: string, version: string, pdb = "BSJB portable pdb") =>
  buildNupkg({
    id,
    version,
    nuspec: `<?xml version="1.0"?><package xmlns="${NUSPEC_NAMESPACE}"><metadata><id>${id}</id><version>${version}</version><authors>a</authors><description>d</description><packageTypes><packageType name="SymbolsPackage" /></packageTypes></metadata></package>`,
    files: { [`lib/net8.0/${id}.pdb`]: pdb },
  });

/** The database, except that every transaction fails once `check` has looked at the store. */
function failingWrites(db: Db, check: () => Promise<void>): Db {
  const failing = new Proxy(db, {
    get(target, property) {
      if (property === "$transaction") {
        return async () => {
          await check();
          throw new Error("the database went away");
        };
      }
      return Reflect.get(target, property) as unknown;
    },
  });
  attachKeyCache(failing, keyCacheOf(db));
  return failing;
}

const cases = STORES.flatMap((storage) => DATABASES.map((kind) => [storage, kind] as const));

describe.each(cases)("package files in %s storage on %s", (storage, kind) => {
  const { t, deps, files } = useServiceFixture(kind, undefined, storage);
  const feed = {} as FeedDeps;

  beforeAll(() => {
    Object.assign(feed, { db: t.db, store: deps.store, downloads: new DownloadCounter(t.db, HOUR), base: BASE });
  });

  async function owner(prefix: string) {
    const user = await makeUser(t.db);
    const key = await makeKey(t.db, user, { scopes: ["package:push"], glob: `${prefix}.*` });
    return { user, req: { apiKey: key.secret, ip: null, userAgent: "test" }, id: `${prefix}.${user}` };
  }

  const get = (path: string, init: RequestInit = {}) => {
    const request = new Request(`${BASE}/v3/flatcontainer/${path}`, init);
    return serveFlatContainer(feed, request, path.split("/"));
  };
  const filesOf = async (id: string, version: string) => {
    const folder = `${id.toLowerCase()}/${version}/`;
    return (await storedFiles(deps.store)).filter((key) => key.startsWith(folder));
  };

  it("stores a push under the key its row records and serves it byte for byte: GET, HEAD, revalidation, manifest", async () => {
    const { req, id } = await owner("Served");
    const bytes = await buildNupkg({ id, version: "1.0.0", files: { "lib/net8.0/Served.dll": randomBytes(40_000) } });
    expect((await pushPackage(deps, req, async () => bytes)).status).toBe(201);
    const row = await t.db.packageVersion.findFirstOrThrow({ where: { package: { packageId: id } } });
    expect(await filesOf(id, "1.0.0")).toEqual([row.storagePath]);

    const path = `${id.toLowerCase()}/1.0.0/${id.toLowerCase()}.1.0.0.nupkg`;
    const served = await get(path);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-length")).toBe(String(bytes.length));
    expect(Buffer.from(await served.arrayBuffer())).toEqual(bytes);

    const head = await get(path, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(bytes.length));
    expect(await head.text()).toBe("");
    const etag = served.headers.get("etag")!;
    expect((await get(path, { headers: { "if-none-match": etag } })).status).toBe(304);

    const manifest = await get(`${id.toLowerCase()}/1.0.0/${id.toLowerCase()}.nuspec`);
    expect(manifest.status).toBe(200);
    expect(Buffer.from(await manifest.arrayBuffer())).toEqual(await extractNuspec(bytes));
  });

  it("answers 404 for a version whose file is gone, on every read", async () => {
    const { req, id } = await owner("Gone");
    expect((await pushPackage(deps, req, () => buildNupkg({ id, version: "1.0.0" }))).status).toBe(201);
    const row = await t.db.packageVersion.findFirstOrThrow({ where: { package: { packageId: id } } });
    await deps.store.remove(row.storagePath!);
    const path = `${id.toLowerCase()}/1.0.0/${id.toLowerCase()}.1.0.0.nupkg`;
    expect((await get(path)).status).toBe(404);
    expect((await get(path, { method: "HEAD" })).status).toBe(404);
    expect((await get(path, { headers: { "if-none-match": "*" } })).status).toBe(404);
    expect((await get(`${id.toLowerCase()}/1.0.0/${id.toLowerCase()}.nuspec`)).status).toBe(404);
  });

  it("stores a large staged upload and removes the staged file", async () => {
    const { req, id } = await owner("Large");
    const bytes = await buildNupkg({ id, version: "1.0.0", files: { "lib/net8.0/Large.dll": randomBytes(7_000_000) } });
    const staged = await stagingPath(deps.store.stagingRoot);
    writeFileSync(staged, bytes);
    expect((await pushPackage(deps, req, async () => ({ path: staged, size: bytes.length }))).status).toBe(201);
    expect(existsSync(staged)).toBe(false);
    const served = await get(`${id.toLowerCase()}/1.0.0/${id.toLowerCase()}.1.0.0.nupkg`);
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("writes the file before the row, and removes it and the staged upload when the row fails", async () => {
    const { req, id } = await owner("Unwritten");
    const bytes = await buildNupkg({ id, version: "1.0.0" });
    const staged = await stagingPath(deps.store.stagingRoot);
    writeFileSync(staged, bytes);
    let beforeRow: string[] = [];
    const failing = { ...deps, db: failingWrites(t.db, async () => void (beforeRow = await filesOf(id, "1.0.0"))) };
    await expect(pushPackage(failing, req, async () => ({ path: staged, size: bytes.length }))).rejects.toThrow(
      "the database went away",
    );
    expect(beforeRow).toHaveLength(1);
    expect(await filesOf(id, "1.0.0")).toEqual([]);
    expect(existsSync(staged)).toBe(false);
    expect(await t.db.package.count({ where: { packageId: id } })).toBe(0);
  });

  it("answers with the row's failure even when the store cannot remove the file then", async () => {
    const { req, id } = await owner("Unremoved");
    const store = { ...deps.store, remove: () => Promise.reject(new Error("the store went away")) };
    const failing = { ...deps, store, db: failingWrites(t.db, async () => undefined) };
    await expect(pushPackage(failing, req, () => buildNupkg({ id, version: "1.0.0" }))).rejects.toThrow(
      "the database went away",
    );
    expect(await filesOf(id, "1.0.0")).toHaveLength(1);
  });

  it("serves symbols from the store, replaces them on a second push, and removes a file whose row fails", async () => {
    const { req, id } = await owner("Symbols");
    expect((await pushPackage(deps, req, () => buildNupkg({ id, version: "1.0.0" }))).status).toBe(201);
    const symbols = (pdb?: string) => snupkg(id, "1.0.0", pdb);
    const snupkgs = async () =>
      (await deps.store.listOlderThan(new Date(Date.now() + HOUR))).filter(
        (k) => k.startsWith(`${id.toLowerCase()}/`) && k.endsWith(".snupkg"),
      );

    const first = await symbols();
    expect((await pushSymbols(deps, req, async () => first)).status).toBe(201);
    const second = await symbols("another pdb");
    expect((await pushSymbols(deps, req, async () => second)).status).toBe(201);
    const served = await serveSymbols(feed, new Request(`${BASE}/x`), id, "1.0.0");
    expect(served.headers.get("content-length")).toBe(String(second.length));
    expect(Buffer.from(await served.arrayBuffer())).toEqual(second);
    const head = await serveSymbols(feed, new Request(`${BASE}/x`, { method: "HEAD" }), id, "1.0.0");
    expect([head.status, head.headers.get("content-length"), await head.text()]).toEqual([
      200,
      String(second.length),
      "",
    ]);
    expect(await snupkgs()).toHaveLength(1);

    let beforeRow: string[] = [];
    const failing = { ...deps, db: failingWrites(t.db, async () => void (beforeRow = await snupkgs())) };
    await expect(pushSymbols(failing, req, () => symbols("a third pdb"))).rejects.toThrow("the database went away");
    expect(beforeRow).toHaveLength(2);
    expect(await snupkgs()).toHaveLength(1);
    const still = await serveSymbols(feed, new Request(`${BASE}/x`), id, "1.0.0");
    expect(Buffer.from(await still.arrayBuffer())).toEqual(second);
  });

  it("leaves one file when a push is retried after a crash between storing its file and writing its row", async () => {
    const { req, id } = await owner("Retry");
    const folder = `${id.toLowerCase()}/1.0.0`;
    await deps.store.put(`${folder}/${id.toLowerCase()}.1.0.0.crashed.nupkg`, Buffer.from("left by a crash"));
    expect((await pushPackage(deps, req, () => buildNupkg({ id, version: "1.0.0" }))).status).toBe(201);
    const row = await t.db.packageVersion.findFirstOrThrow({ where: { package: { packageId: id } } });
    expect(await filesOf(id, "1.0.0")).toEqual([row.storagePath]);
  });

  it("sweeps only old leftovers: partial writes, staged uploads and files without a row; stored files stay", async () => {
    const user = await makeUser(t.db);
    const { req, id } = await owner("Sweep");
    expect((await pushPackage(deps, req, () => buildNupkg({ id, version: "2.0.0" }))).status).toBe(201);
    expect((await pushSymbols(deps, req, () => snupkg(id, "2.0.0"))).status).toBe(201);
    await makePackage(t.db, user, `Kept.${user}`);
    const old = new Date(Date.now() - 2 * HOUR);
    const put = async (key: string, age: Date | null) => {
      await deps.store.put(key, Buffer.from("x"));
      if (age) await files.age(key, age);
    };
    const stage = (name: string, age: Date | null) => {
      const path = join(deps.store.stagingRoot, ".uploads", name);
      mkdirSync(join(path, ".."), { recursive: true });
      writeFileSync(path, "x");
      if (age) utimesSync(path, age, age);
    };
    await put("orphan.pkg/1.0.0/orphan.pkg.1.0.0.old.nupkg", old);
    await put("orphan.pkg/1.0.0/orphan.pkg.1.0.0.old.snupkg", old);
    await put("orphan.pkg/1.0.0/orphan.pkg.1.0.0.fresh.nupkg", null);
    await put("orphan.pkg/1.0.0/orphan.pkg.1.0.0.crashed.nupkg.partial", old);
    stage("crashed.partial", old);
    stage("in-flight.partial", null);
    const row = await t.db.packageVersion.findFirstOrThrow({ where: { package: { packageId: id } } });
    await files.age(row.storagePath!, old);
    await files.age(row.symbolsPath!, old);

    const removed = await sweepOrphanFiles(t.db, deps.store);
    expect(removed.sort()).toEqual([
      ".uploads/crashed.partial",
      "orphan.pkg/1.0.0/orphan.pkg.1.0.0.crashed.nupkg.partial",
      "orphan.pkg/1.0.0/orphan.pkg.1.0.0.old.nupkg",
      "orphan.pkg/1.0.0/orphan.pkg.1.0.0.old.snupkg",
    ]);
    const left = await deps.store.listOlderThan(new Date(Date.now() + HOUR));
    expect(left).toEqual(
      expect.arrayContaining([row.storagePath, row.symbolsPath, "orphan.pkg/1.0.0/orphan.pkg.1.0.0.fresh.nupkg"]),
    );
    expect(left.filter((key) => key.startsWith("orphan.pkg/"))).toHaveLength(1);
    expect(await storedFiles(deps.store)).toContain(".uploads/in-flight.partial");
  });
});
