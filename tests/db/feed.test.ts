/**
 * The read side of the feed (flat container, registrations, search, autocomplete) on every database, with
 * packages pushed through the real push service.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { DownloadCounter } from "@/lib/nuget/feed/downloads";
import type { FeedDeps } from "@/lib/nuget/feed/deps";
import { serveFlatContainer } from "@/lib/nuget/feed/flat-container";
import { INLINE_VERSIONS_LIMIT, REGISTRATION_PAGE_SIZE, serveRegistration } from "@/lib/nuget/feed/registrations";
import { serveAutocomplete, serveSearch } from "@/lib/nuget/feed/search";
import { storedMetadata, EMPTY_METADATA } from "@/lib/nuget/metadata";
import { pushPackage, setPackageListed } from "@/lib/nuget/service";
import { buildNupkg, NUSPEC_NAMESPACE } from "@/tests/support/build-nupkg";
import { makeKey, makePackage, makeUser } from "@/tests/support/factories";
import { useServiceFixture } from "@/tests/support/service-deps";
import { anyString } from "@/tests/support/string-arbitraries";
import { DATABASES } from "@/tests/support/test-db";

const BASE = "http://gallery.test";
const numRuns = Math.max(1, Math.ceil((Number(process.env.FC_NUM_RUNS) || 1000) / 10));

type Nuspec = {
  id: string;
  version: string;
  title?: string;
  description?: string;
  tags?: string;
  authors?: string;
  dependencies?: string;
  packageTypes?: string;
};

function nuspec(n: Nuspec): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<package xmlns="${NUSPEC_NAMESPACE}"><metadata>`,
    `<id>${n.id}</id><version>${n.version}</version>`,
    `<authors>${n.authors ?? "Feed Tests"}</authors>`,
    `<description>${n.description ?? `The ${n.id} package.`}</description>`,
    n.title ? `<title>${n.title}</title>` : "",
    n.tags ? `<tags>${n.tags}</tags>` : "",
    n.dependencies ? `<dependencies>${n.dependencies}</dependencies>` : "",
    n.packageTypes ? `<packageTypes>${n.packageTypes}</packageTypes>` : "",
    "</metadata></package>",
  ].join("");
}

type Json = Record<string, unknown> & { items?: Json[]; data?: Json[] };

const escapeText = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const ids = (body: Json) => body.data!.map((d) => d.id);

describe.each(DATABASES)("the feed on %s", (kind) => {
  const { t, deps } = useServiceFixture(kind);
  const feed = {} as FeedDeps;
  let secret = "";
  const pushed = new Map<string, Buffer>();

  beforeAll(async () => {
    Object.assign(feed, {
      db: t.db,
      store: deps.store,
      // Flushed by the tests themselves.
      downloads: new DownloadCounter(t.db, 3_600_000),
      base: BASE,
    });
    const owner = await makeUser(t.db);
    secret = (await makeKey(t.db, owner, { scopes: ["package:push", "package:unlist"], glob: "*" })).secret;
  });

  async function push(n: Nuspec): Promise<Buffer> {
    const data = await buildNupkg({ id: n.id, version: n.version, nuspec: nuspec(n) });
    const reply = await pushPackage(deps, { apiKey: secret, ip: null, userAgent: "feed" }, async () => data);
    expect(reply.status, reply.message).toBe(201);
    pushed.set(`${n.id}/${n.version}`.toLowerCase(), data);
    return data;
  }

  async function unlist(id: string, version: string) {
    const reply = await setPackageListed(
      deps,
      { apiKey: secret, ip: null, userAgent: "feed" },
      { packageId: id, version, listed: false },
    );
    expect(reply.status, reply.message).toBe(200);
  }

  /** Routes a request as app/v3/** does: the segments after the resource's path, decoded. */
  function get(url: string, init: RequestInit = {}): Promise<Response> {
    const request = new Request(`${BASE}${url}`, init);
    const { pathname } = new URL(request.url);
    const [, , resource, ...rest] = pathname.split("/");
    const segments = rest.map(decodeURIComponent);
    if (resource === "flatcontainer") return serveFlatContainer(feed, request, segments);
    if (resource === "registration") return serveRegistration(feed, request, segments, false);
    if (resource === "registration-semver2") return serveRegistration(feed, request, segments, true);
    if (resource === "search") return serveSearch(feed, request);
    if (resource === "autocomplete") return serveAutocomplete(feed, request);
    throw new Error(`no route for ${url}`);
  }

  async function json(url: string): Promise<Json> {
    const response = await get(url);
    expect(response.status, url).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    return (await response.json()) as Json;
  }

  describe("flat container", () => {
    beforeAll(async () => {
      for (const version of ["1.10.0", "1.0.0-Beta", "2.0.0-rc.1", "1.0.0", "1.2.0", "1.0.0.1"]) {
        await push({ id: "Flat.Pkg", version });
      }
      await unlist("Flat.Pkg", "1.2.0");
    });

    it("lists every version, unlisted too, normalized, lower-case and in SemVer order", async () => {
      const body = await json("/v3/flatcontainer/flat.pkg/index.json");
      expect(body).toEqual({ versions: ["1.0.0-beta", "1.0.0", "1.0.0.1", "1.2.0", "1.10.0", "2.0.0-rc.1"] });
      expect(await json("/v3/flatcontainer/FLAT.Pkg/index.json")).toEqual(body);
    });

    it("serves the pushed file byte for byte, with an ETag that answers 304", async () => {
      const response = await get("/v3/flatcontainer/flat.pkg/1.0.0-beta/flat.pkg.1.0.0-beta.nupkg");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/octet-stream");
      expect(response.headers.get("cache-control")).toMatch(/public/);
      const etag = response.headers.get("etag");
      expect(etag).toMatch(/^"[^"]+"$/);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.equals(pushed.get("flat.pkg/1.0.0-beta")!)).toBe(true);
      expect(response.headers.get("content-length")).toBe(String(bytes.length));

      const again = await get("/v3/flatcontainer/flat.pkg/1.0.0-beta/flat.pkg.1.0.0-beta.nupkg", {
        headers: { "if-none-match": `W/${etag}, "other"` },
      });
      expect(again.status).toBe(304);
      expect(again.headers.get("etag")).toBe(etag);
      expect(await again.text()).toBe("");

      // Any case, and the version as written rather than normalized, name the same file.
      const loose = await get("/v3/flatcontainer/Flat.Pkg/1.0.0.1/FLAT.PKG.1.0.0.1.nupkg");
      expect(Buffer.from(await loose.arrayBuffer()).equals(pushed.get("flat.pkg/1.0.0.1")!)).toBe(true);
      const unlisted = await get("/v3/flatcontainer/flat.pkg/1.2.0/flat.pkg.1.2.0.nupkg");
      expect(unlisted.status).toBe(200);
      await unlisted.arrayBuffer();
    });

    it("serves the manifest out of the stored package", async () => {
      const response = await get("/v3/flatcontainer/flat.pkg/1.10.0/flat.pkg.nuspec");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/xml/);
      const text = await response.text();
      expect(text).toContain("<id>Flat.Pkg</id>");
      expect(text).toContain("<version>1.10.0</version>");
      const etag = response.headers.get("etag")!;
      expect(
        (await get("/v3/flatcontainer/flat.pkg/1.10.0/flat.pkg.nuspec", { headers: { "if-none-match": etag } })).status,
      ).toBe(304);
    });

    it("answers HEAD without a body", async () => {
      const response = await get("/v3/flatcontainer/flat.pkg/1.0.0/flat.pkg.1.0.0.nupkg", { method: "HEAD" });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-length")).toBe(String(pushed.get("flat.pkg/1.0.0")!.length));
      expect(await response.text()).toBe("");
    });

    it("answers 404 for unknown or malformed ids, versions and file names, and for versions without a file", async () => {
      const owner = await makeUser(t.db);
      await makePackage(t.db, owner, "Seeded.Only", ["1.0.0"]);
      for (const url of [
        "/v3/flatcontainer/no.such.pkg/index.json",
        "/v3/flatcontainer/seeded.only/1.0.0/seeded.only.1.0.0.nupkg",
        "/v3/flatcontainer/seeded.only/1.0.0/seeded.only.nuspec",
        "/v3/flatcontainer/flat.pkg/9.9.9/flat.pkg.9.9.9.nupkg",
        "/v3/flatcontainer/flat.pkg/9.9.9/flat.pkg.nuspec",
        "/v3/flatcontainer/flat.pkg/1.0.0/other.pkg.1.0.0.nupkg",
        "/v3/flatcontainer/flat.pkg/1.0.0/flat.pkg.1.0.1.nupkg",
        "/v3/flatcontainer/flat.pkg/1.0.0/flat.pkg.1.0.0.zip",
        "/v3/flatcontainer/flat.pkg/1..0/flat.pkg.1..0.nupkg",
        "/v3/flatcontainer/flat.pkg/1.0.0/flat.pkg.1.0.0.nupkg/more",
        "/v3/flatcontainer/flat.pkg",
        "/v3/flatcontainer/flat.pkg/1.0.0",
        "/v3/flatcontainer/flat..pkg/index.json",
        "/v3/flatcontainer/..%2F..%2Fetc/index.json",
        `/v3/flatcontainer/${"a".repeat(101)}/index.json`,
        "/v3/flatcontainer/flat%00pkg/index.json",
      ]) {
        const response = await get(url);
        expect(response.status, url).toBe(404);
      }
    });
  });

  describe("downloads", () => {
    it("are counted per version in memory and stored when the counter flushes; HEAD and 304 do not count", async () => {
      await push({ id: "Count.Pkg", version: "1.0.0" });
      await push({ id: "Count.Pkg", version: "2.0.0" });
      const one = "/v3/flatcontainer/count.pkg/1.0.0/count.pkg.1.0.0.nupkg";
      const two = "/v3/flatcontainer/count.pkg/2.0.0/count.pkg.2.0.0.nupkg";
      const first = await get(one);
      await first.arrayBuffer();
      await (await get(one)).arrayBuffer();
      await (await get(two)).arrayBuffer();
      await get(one, { method: "HEAD" });
      await get(one, { headers: { "if-none-match": first.headers.get("etag")! } });
      const stored = () =>
        t.db.package.findUniqueOrThrow({
          where: { idKey: "count.pkg" },
          select: {
            downloads: true,
            versions: { select: { version: true, downloads: true }, orderBy: { version: "asc" } },
          },
        });
      expect((await stored()).downloads).toBe(0);
      await feed.downloads.flush();
      expect(await stored()).toEqual({
        downloads: 3,
        versions: [
          { version: "1.0.0", downloads: 2 },
          { version: "2.0.0", downloads: 1 },
        ],
      });
      const search = await json("/v3/search?q=packageid:count.pkg");
      expect(search.data?.[0]).toMatchObject({
        totalDownloads: 3,
        versions: [
          { version: "1.0.0", downloads: 2 },
          { version: "2.0.0", downloads: 1 },
        ],
      });
    });
  });

  describe("registrations", () => {
    beforeAll(async () => {
      await push({
        id: "Reg.Pkg",
        version: "1.0.0",
        title: "Registration Package",
        description: "Shows up in registrations &amp; search.",
        authors: "Alice, Bob",
        tags: "reg test",
        dependencies:
          '<group targetFramework="net8.0"><dependency id="Reg.Dep" version="[1.0,2.0)" /></group><group targetFramework="netstandard2.0" />',
      });
      await push({ id: "Reg.Pkg", version: "1.1.0" });
      await push({ id: "Reg.Pkg", version: "2.0.0-beta.1" });
      await push({ id: "Reg.Pkg", version: "1.2.0+build.7" });
      await push({ id: "Reg.Pkg", version: "1.3.0", dependencies: '<dependency id="Reg.Dep" version="1.0.0-rc.2" />' });
      await unlist("Reg.Pkg", "1.1.0");
    });

    it("inlines a small package's versions in the index, each leaf with its catalog entry", async () => {
      const index = await json("/v3/registration/reg.pkg/index.json");
      expect(index["@id"]).toBe(`${BASE}/v3/registration/reg.pkg/index.json`);
      expect(index.count).toBe(1);
      const page = index.items![0]!;
      expect(page).toMatchObject({ count: 2, lower: "1.0.0", upper: "1.1.0", parent: index["@id"] });
      const [first, unlisted] = page.items!;
      expect(first).toMatchObject({
        "@id": `${BASE}/v3/registration/reg.pkg/1.0.0.json`,
        packageContent: `${BASE}/v3/flatcontainer/reg.pkg/1.0.0/reg.pkg.1.0.0.nupkg`,
        registration: index["@id"],
        catalogEntry: {
          id: "Reg.Pkg",
          version: "1.0.0",
          listed: true,
          title: "Registration Package",
          description: "Shows up in registrations & search.",
          authors: "Alice, Bob",
          tags: ["reg", "test"],
          packageContent: `${BASE}/v3/flatcontainer/reg.pkg/1.0.0/reg.pkg.1.0.0.nupkg`,
          dependencyGroups: [
            {
              targetFramework: "net8.0",
              dependencies: [
                {
                  id: "Reg.Dep",
                  range: "[1.0.0, 2.0.0)",
                  registration: `${BASE}/v3/registration/reg.dep/index.json`,
                },
              ],
            },
            { targetFramework: "netstandard2.0" },
          ],
        },
      });
      expect(Date.parse((first!.catalogEntry as Json).published as string)).toBeGreaterThan(Date.UTC(2020, 0));
      // Unlisted versions stay, so that restoring that exact version still works.
      expect(unlisted!.catalogEntry).toMatchObject({
        version: "1.1.0",
        listed: false,
        published: "1900-01-01T00:00:00+00:00",
      });
      const content = await get(new URL(first!.packageContent as string).pathname);
      expect(Buffer.from(await content.arrayBuffer()).equals(pushed.get("reg.pkg/1.0.0")!)).toBe(true);
    });

    it("keeps SemVer 2 versions, and versions with SemVer 2 dependencies, to the SemVer 2 hive", async () => {
      const all = await json("/v3/registration-semver2/Reg.Pkg/index.json");
      const versions = all.items!.flatMap((p) => p.items!.map((leaf) => (leaf.catalogEntry as Json).version));
      expect(versions).toEqual(["1.0.0", "1.1.0", "1.2.0", "1.3.0", "2.0.0-beta.1"]);
      expect(all.items![0]!.items![0]!["@id"]).toBe(`${BASE}/v3/registration-semver2/reg.pkg/1.0.0.json`);
      const dependency = (all.items![0]!.items![3]!.catalogEntry as Json).dependencyGroups as Json[];
      expect(dependency).toEqual([
        {
          "@type": "PackageDependencyGroup",
          dependencies: [
            {
              "@type": "PackageDependency",
              id: "Reg.Dep",
              range: "[1.0.0-rc.2, )",
              registration: `${BASE}/v3/registration-semver2/reg.dep/index.json`,
            },
          ],
        },
      ]);
      expect((await get("/v3/registration/reg.pkg/1.2.0.json")).status).toBe(404);
      expect((await get("/v3/registration/reg.pkg/2.0.0-beta.1.json")).status).toBe(404);
    });

    it("serves a leaf on its own", async () => {
      expect(await json("/v3/registration/reg.pkg/1.1.0.json")).toEqual({
        "@id": `${BASE}/v3/registration/reg.pkg/1.1.0.json`,
        "@type": ["Package", "http://schema.nuget.org/catalog#Permalink"],
        listed: false,
        packageContent: `${BASE}/v3/flatcontainer/reg.pkg/1.1.0/reg.pkg.1.1.0.nupkg`,
        published: "1900-01-01T00:00:00+00:00",
        registration: `${BASE}/v3/registration/reg.pkg/index.json`,
      });
      expect((await json("/v3/registration-semver2/reg.pkg/2.0.0-BETA.1.json")).listed).toBe(true);
    });

    it("answers 404 for unknown or malformed ids, versions and paths", async () => {
      await push({ id: "Only.SemVer2", version: "1.0.0-alpha.1" });
      for (const url of [
        "/v3/registration/no.such/index.json",
        "/v3/registration/only.semver2/index.json",
        "/v3/registration/reg.pkg/9.9.9.json",
        "/v3/registration/reg.pkg/1.0.0",
        "/v3/registration/reg.pkg/index.json/x",
        "/v3/registration/reg.pkg/page/1.0.0",
        "/v3/registration/reg.pkg/page/x/y.json",
        "/v3/registration/reg.pkg/page/5.0.0/6.0.0.json",
        "/v3/registration/reg..pkg/index.json",
        "/v3/registration/reg.pkg",
      ]) {
        expect((await get(url)).status, url).toBe(404);
      }
      expect((await json("/v3/registration-semver2/only.semver2/index.json")).count).toBe(1);
    });

    it(`links pages of ${REGISTRATION_PAGE_SIZE} versions once a package has ${INLINE_VERSIONS_LIMIT} or more`, async () => {
      const owner = await makeUser(t.db);
      const many = await makePackage(t.db, owner, "Many.Versions");
      const count = INLINE_VERSIONS_LIMIT + 2;
      const metadata = storedMetadata({ ...EMPTY_METADATA, description: "Many versions.", authors: "Feed Tests" });
      await t.db.packageVersion.createMany({
        data: Array.from({ length: count }, (_, i) => {
          const version = `1.${i}.0`;
          return { packageId: many.id, version, versionKey: version, ...metadata };
        }),
      });
      const index = await json("/v3/registration/many.versions/index.json");
      expect(index.count).toBe(3);
      expect(index.items!.map((p) => [p.count, p.lower, p.upper, p.items])).toEqual([
        [64, "1.0.0", "1.63.0", undefined],
        [64, "1.64.0", "1.127.0", undefined],
        [2, "1.128.0", "1.129.0", undefined],
      ]);
      const fetched: unknown[] = [];
      for (const link of index.items!) {
        const page = await json(new URL(link["@id"] as string).pathname);
        expect(page).toMatchObject({ count: link.count, lower: link.lower, upper: link.upper, parent: index["@id"] });
        fetched.push(...page.items!.map((leaf) => (leaf.catalogEntry as Json).version));
      }
      expect(fetched).toEqual(Array.from({ length: count }, (_, i) => `1.${i}.0`));

      const fewer = await makePackage(t.db, owner, "Fewer.Versions");
      await t.db.packageVersion.createMany({
        data: Array.from({ length: 100 }, (_, i) => ({
          packageId: fewer.id,
          version: `0.0.${i}`,
          versionKey: `0.0.${i}`,
          ...metadata,
        })),
      });
      const inline = await json("/v3/registration/fewer.versions/index.json");
      expect(inline.items!.map((p) => p.items?.length)).toEqual([64, 36]);
    });
  });

  describe("search and autocomplete", () => {
    beforeAll(async () => {
      await push({ id: "Find.Json", version: "1.0.0", description: "A JSON reader." });
      await push({ id: "Find.Json.Extensions", version: "1.0.0", description: "Helpers." });
      await push({ id: "Other.Find.Json.Tools", version: "1.0.0", description: "Tools." });
      await push({ id: "Unrelated.Reader", version: "1.0.0", description: "Works well with find.json documents." });
      await push({ id: "Tagged.Thing", version: "1.0.0", tags: "find.json parsing", title: "Tagged Thing" });
      await push({ id: "Titled.Thing", version: "1.0.0", title: "FIND.JSON Übersicht" });
      await push({ id: "Find.Json.Preview", version: "0.1.0-beta" });
      await push({ id: "Find.Json.Mixed", version: "1.0.0" });
      await push({ id: "Find.Json.Mixed", version: "1.1.0-rc" });
      await push({ id: "Find.Json.Mixed", version: "1.2.0-rc.1" });
      await push({ id: "Find.Json.Hidden", version: "1.0.0" });
      await unlist("Find.Json.Hidden", "1.0.0");
      await push({ id: "Find.Json.Partly", version: "1.0.0" });
      await push({ id: "Find.Json.Partly", version: "2.0.0" });
      await unlist("Find.Json.Partly", "2.0.0");
      await push({ id: "Find.Json.Tool", version: "1.0.0", packageTypes: '<packageType name="DotnetTool" />' });
      await push({ id: "Under_Score", version: "1.0.0", description: "100% sure." });
      // More downloads rank a package higher among equals.
      await t.db.package.update({ where: { idKey: "find.json.partly" }, data: { downloads: 50 } });
    });

    it("ranks the exact id first, then id prefixes, then ids that contain it, then other fields", async () => {
      const body = await json("/v3/search?q=FIND.JSON&take=100");
      expect(ids(body)).toEqual([
        "Find.Json",
        "Find.Json.Partly",
        "Find.Json.Extensions",
        "Find.Json.Mixed",
        "Find.Json.Tool",
        "Other.Find.Json.Tools",
        "Tagged.Thing",
        "Titled.Thing",
        "Unrelated.Reader",
      ]);
      expect(body.totalHits).toBe(9);
      expect(body.data![0]).toMatchObject({
        "@id": `${BASE}/v3/registration/find.json/index.json`,
        "@type": "Package",
        registration: `${BASE}/v3/registration/find.json/index.json`,
        id: "Find.Json",
        version: "1.0.0",
        description: "A JSON reader.",
        authors: ["Feed Tests"],
        tags: [],
        totalDownloads: 0,
        verified: false,
        packageTypes: [{ name: "Dependency" }],
        versions: [{ version: "1.0.0", downloads: 0, "@id": `${BASE}/v3/registration/find.json/1.0.0.json` }],
      });
      expect(ids(await json("/v3/search?q=%C3%BCbersicht"))).toEqual(["Titled.Thing"]);
      expect(ids(await json("/v3/search?q=parsing%20find"))).toEqual(["Tagged.Thing"]);
    });

    it("leaves out unlisted versions, and packages with nothing else", async () => {
      const partly = await json("/v3/search?q=packageid:find.json.partly");
      expect(partly.data![0]).toMatchObject({ version: "1.0.0", versions: [{ version: "1.0.0" }] });
      expect((await json("/v3/search?q=find.json.hidden")).totalHits).toBe(0);
      expect((await json("/v3/autocomplete?q=find.json.hidden")).data).toEqual([]);
    });

    it("shows prereleases and SemVer 2 versions only when asked", async () => {
      const stable = await json("/v3/search?q=find.json.mixed");
      expect(stable.data![0]).toMatchObject({ version: "1.0.0", versions: [{ version: "1.0.0" }] });
      const prerelease = await json("/v3/search?q=find.json.mixed&prerelease=true");
      expect(prerelease.data![0]).toMatchObject({ version: "1.1.0-rc" });
      const semVer2 = await json("/v3/search?q=find.json.mixed&prerelease=true&semVerLevel=2.0.0");
      expect(semVer2.data![0]).toMatchObject({
        version: "1.2.0-rc.1",
        "@id": `${BASE}/v3/registration-semver2/find.json.mixed/index.json`,
      });
      expect((semVer2.data![0]!.versions as Json[]).map((v) => v.version)).toEqual(["1.0.0", "1.1.0-rc", "1.2.0-rc.1"]);
      expect(ids(await json("/v3/search?q=find.json.preview"))).toEqual([]);
      expect(ids(await json("/v3/search?q=find.json.preview&prerelease=true"))).toEqual(["Find.Json.Preview"]);
    });

    it("filters by package type", async () => {
      expect(ids(await json("/v3/search?q=find.json&packageType=dotnettool"))).toEqual(["Find.Json.Tool"]);
      expect(ids(await json("/v3/search?q=find.json.tool&packageType=Dependency"))).toEqual(["Other.Find.Json.Tools"]);
      expect(ids(await json("/v3/search?q=find.json&packageType=%25"))).toEqual([]);
    });

    it("pages with skip and take, clamping take to its cap", async () => {
      const all = await json("/v3/search?q=find.json&take=100");
      const paged = await json("/v3/search?q=find.json&skip=2&take=3");
      expect(paged.totalHits).toBe(all.totalHits);
      expect(ids(paged)).toEqual(ids(all).slice(2, 5));
      const clamped = await json("/v3/search?q=find.json&take=100000&skip=-5");
      expect(ids(clamped)).toEqual(ids(all));
      expect((await json("/v3/search?q=find.json&skip=5000")).data).toEqual([]);
      expect((await json("/v3/search?q=find.json&take=0")).data).toEqual([]);
      const browse = await json("/v3/search");
      expect(browse.totalHits).toBeGreaterThanOrEqual(15);
      expect(browse.data!.length).toBe(Math.min(20, browse.totalHits as number));
    });

    it("takes LIKE wildcards literally and handles controls and NUL in the text", async () => {
      expect(ids(await json("/v3/search?q=%25"))).toEqual(["Under_Score"]);
      expect((await json("/v3/search?q=1%25sure")).totalHits).toBe(0);
      expect((await json("/v3/search?q=find_json")).totalHits).toBe(0);
      expect(ids(await json("/v3/search?q=_"))).toEqual(["Under_Score"]);
      expect(ids(await json("/v3/search?q=100%25"))).toEqual(["Under_Score"]);
      expect(ids(await json("/v3/search?q=%00find.json.mixed%00"))).toEqual(["Find.Json.Mixed"]);
      // A control character separates terms like a space.
      expect(ids(await json("/v3/search?q=find.json%00.mixed"))).toEqual(["Find.Json.Mixed"]);
      expect((await json("/v3/search?q=%01%02%7F%C2%85%00")).totalHits).toBeGreaterThan(0);
    });

    it("answers any text and numbers with a result, never an error", async () => {
      await fc.assert(
        fc.asyncProperty(anyString(300), anyString(12), fc.boolean(), async (q, take, autocomplete) => {
          const params = new URLSearchParams({
            q,
            take,
            skip: take,
            prerelease: take,
            semVerLevel: take,
            packageType: take,
          });
          const response = await get(`/v3/${autocomplete ? "autocomplete" : "search"}?${params}`);
          expect(response.status).toBe(200);
          const body = (await response.json()) as Json;
          expect(body.data!.length).toBeLessThanOrEqual(1000);
        }),
        { numRuns },
      );
    });

    it("autocompletes ids, and lists the versions of one id", async () => {
      const body = await json("/v3/autocomplete?q=find.json.m");
      expect(body).toMatchObject({ totalHits: 1, data: ["Find.Json.Mixed"] });
      expect((await json("/v3/autocomplete?q=json&take=2")).data).toHaveLength(2);
      expect((await json("/v3/autocomplete?id=find.json.mixed")).data).toEqual(["1.0.0"]);
      expect((await json("/v3/autocomplete?id=FIND.JSON.MIXED&prerelease=true")).data).toEqual(["1.0.0", "1.1.0-rc"]);
      expect((await json("/v3/autocomplete?id=find.json.mixed&prerelease=true&semVerLevel=2.0.0")).data).toEqual([
        "1.0.0",
        "1.1.0-rc",
        "1.2.0-rc.1",
      ]);
      expect(await json("/v3/autocomplete?id=no.such")).toMatchObject({ totalHits: 0, data: [] });
      expect(await json("/v3/autocomplete?id=not%20an%20id")).toMatchObject({ totalHits: 0, data: [] });
    });
  });

  it("stores whatever metadata text a pushed nuspec holds and serves it back on both databases", async () => {
    const reference = fc.constantFrom(
      "&#0;",
      "&#xD800;",
      "&#xDFFF;",
      "&#x1F600;",
      "&amp;",
      "&#65;",
      "&#x110000;",
      "&lt;",
    );
    const text = fc
      .array(fc.oneof(anyString(20).map(escapeText), reference), { maxLength: 6 })
      .map((parts) => parts.join(""));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(text, text, text, text, async (description, title, tags, range) => {
        const id = `Meta.Fuzz${++n}`;
        const data = await buildNupkg({
          id,
          version: "1.0.0",
          nuspec: nuspec({
            id,
            version: "1.0.0",
            description,
            title,
            tags,
            dependencies: `<dependency id="A.B" version="${range.replace(/"/g, "&quot;")}" />`,
          }),
        });
        const reply = await pushPackage(deps, { apiKey: secret, ip: null, userAgent: "feed" }, async () => data);
        expect([201, 400], reply.message).toContain(reply.status);
        if (reply.status !== 201) return;
        const index = await json(`/v3/registration-semver2/${id.toLowerCase()}/index.json`);
        const entry = index.items![0]!.items![0]!.catalogEntry as Json;
        expect(entry.description).not.toMatch(/[\u0000\ud800-\udfff]/u);
        expect(ids(await json(`/v3/search?q=${id}&semVerLevel=2.0.0&prerelease=true`))).toContain(id);
      }),
      { numRuns },
    );
  });

  it("answers any path under the flat container and registrations with 200 or 404, never an error", async () => {
    const segment = fc.oneof(
      anyString(40),
      fc.constantFrom(
        "index.json",
        "page",
        "flat.pkg",
        "reg.pkg",
        "1.0.0",
        "1.0.0.json",
        "flat.pkg.1.0.0.nupkg",
        "flat.pkg.nuspec",
        "..",
        "%00",
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("flatcontainer", "registration", "registration-semver2"),
        fc.array(segment, { maxLength: 5 }),
        async (resource, path) => {
          const request = new Request(`${BASE}/v3/${resource}/x`);
          const response =
            resource === "flatcontainer"
              ? await serveFlatContainer(feed, request, path)
              : await serveRegistration(feed, request, path, resource === "registration-semver2");
          expect([200, 404]).toContain(response.status);
          await response.arrayBuffer();
        },
      ),
      { numRuns },
    );
  });
});
