// npm run bench: throughput of the push API's hot paths, of the API Keys page and of feed search against a production
// build on SQLite. BENCH_ONLY=search measures search alone, in process, without a build or a server.
import { execFileSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { createDb, type Db } from "../lib/db/create-db";
import { migrate } from "../lib/db/migrate";
import { hashPassword } from "../lib/auth/password";
import { DAY_MS } from "../lib/keys/expiry";
import { mintKey } from "../lib/keys/format";
import type { FeedDeps } from "../lib/nuget/feed/deps";
import { fsPackageStore } from "../lib/nuget/storage/fs";
import { DownloadCounter } from "../lib/nuget/feed/downloads";
import { serveSearch } from "../lib/nuget/feed/search";
import { EMPTY_METADATA, storedMetadata } from "../lib/nuget/metadata";
import { ZipFile } from "yazl";
import { buildNupkg, nuspecXml } from "../tests/support/build-nupkg";
import { createTestDb } from "../tests/support/databases";
import { sessionCookie, startGallery } from "./lib/gallery-server";

const PORT = Number(process.env.BENCH_PORT ?? 3200);
const BASE = `http://127.0.0.1:${PORT}`;
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const DB_FILE = "data/bench.db";
const DB_URL = `file:./${DB_FILE}`;
const PASSWORD = "bench-password-1";

type Figure = {
  name: string;
  keys: number;
  requestsPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
};

async function insertKeys(db: Db, creatorId: string, count: number) {
  const expiresAt = new Date(Date.now() + 365 * DAY_MS);
  for (let done = 0; done < count; done += 5000) {
    const batch = Array.from({ length: Math.min(5000, count - done) }, (_, i) => {
      const { hash, hint } = mintKey();
      return {
        name: `bench key ${done + i}`,
        creatorId,
        ownerId: creatorId,
        hash,
        hint,
        glob: `Bench.${i}.*`,
        durationDays: 365,
        expiresAt,
      };
    });
    await db.apiKey.createMany({ data: batch });
  }
}

async function makeUser(db: Db, username: string, passwordHash: string) {
  const account = await db.account.create({
    data: {
      kind: "user",
      username,
      usernameKey: username,
      user: { create: { email: `${username}@bench.test`, name: username, passwordHash, emailConfirmedAt: new Date() } },
    },
  });
  return account.id;
}

async function load(name: string, keys: number, options: autocannon.Options): Promise<Figure> {
  const result = await autocannon({
    connections: CONNECTIONS,
    duration: DURATION,
    ...options,
    url: `${BASE}${options.url}`,
  });
  const figure = {
    name,
    keys,
    requestsPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
  console.log(
    `${name.padEnd(34)} keys=${String(keys).padStart(6)}  ${String(figure.requestsPerSec).padStart(6)} req/s  p50 ${figure.p50} ms  p99 ${figure.p99} ms`,
  );
  return figure;
}

async function firstLoadJs(cookie: string): Promise<number> {
  const html = await (await fetch(`${BASE}/account/apikeys`, { headers: { cookie } })).text();
  const scripts = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!))];
  let total = 0;
  for (const src of scripts) total += gzipSync(Buffer.from(await (await fetch(`${BASE}${src}`)).arrayBuffer())).length;
  return total;
}

const UPLOAD_MB = Number(process.env.BENCH_UPLOAD_MB ?? 240);

/** A package of the given size on disk: its nuspec and one stored (uncompressed) entry of random bytes. */
async function writeLargeNupkg(path: string, version: string, megabytes: number): Promise<void> {
  const zip = new ZipFile();
  zip.addBuffer(Buffer.from(nuspecXml({ id: "Bench.Large", version })), "Bench.Large.nuspec");
  const chunk = randomBytes(1024 * 1024);
  const content = Readable.from(
    (function* () {
      for (let i = 0; i < megabytes; i++) yield chunk;
    })(),
  );
  zip.addReadStream(content, "content/blob.bin", { compress: false, size: megabytes * 1024 * 1024 });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));
}

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  return line ? Number(line[1]) * 1024 : 0;
}

/** The server's resident memory while three large pushes run at once: uploads must stream to disk. */
async function uploadMemory(pid: number, apiKey: string): Promise<Record<string, number>> {
  const files = await Promise.all(
    ["1.0.0", "2.0.0", "3.0.0"].map(async (version) => {
      const path = `data/bench-large-${version}.nupkg`;
      await writeLargeNupkg(path, version, UPLOAD_MB);
      return path;
    }),
  );
  const before = rssBytes(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 50);
  const started = Date.now();
  const statuses = await Promise.all(
    files.map(async (path) => {
      const response = await fetch(`${BASE}/api/v2/package`, {
        method: "PUT",
        headers: {
          "x-nuget-apikey": apiKey,
          "content-type": "application/octet-stream",
          "content-length": String(statSync(path).size),
        },
        body: Readable.toWeb(createReadStream(path)) as ReadableStream,
        duplex: "half",
      } as RequestInit);
      await response.arrayBuffer();
      return response.status;
    }),
  );
  clearInterval(sampler);
  for (const path of files) rmSync(path, { force: true });
  const figures = {
    packageMegabytes: UPLOAD_MB,
    concurrentUploads: files.length,
    rssBeforeMegabytes: Math.round(before / 1048576),
    rssPeakMegabytes: Math.round(peak / 1048576),
    rssAddedMegabytes: Math.round((peak - before) / 1048576),
    seconds: +((Date.now() - started) / 1000).toFixed(1),
    accepted: statuses.filter((s) => s === 201).length,
  };
  console.log("three concurrent large pushes", figures);
  return figures;
}

const SEARCH_PACKAGES = Number(process.env.BENCH_SEARCH_PACKAGES ?? 10_000);
const WORDS = ["json", "http", "client", "data", "core", "logging", "cache", "auth", "test", "tools", "azure", "sql"];
const title = (word: string) => `${word[0]!.toUpperCase()}${word.slice(1)}`;
/** The id of the i-th search package, and the word its description is about. */
function searchPackage(i: number) {
  const [a, b, c] = [WORDS[i % 12]!, WORDS[(i * 7 + 3) % 12]!, WORDS[(i * 5 + 1) % 12]!];
  return { packageId: `Bench.${title(a)}.${title(b)}.${i}`, about: c };
}
/** Representative searches: a common word, an exact id, two words, nothing, the front page, prereleases. */
const SEARCHES: [string, string][] = [
  ["common word", "q=json"],
  ["exact id", `q=${searchPackage(4242).packageId}`],
  ["two words", "q=http%20client"],
  ["no match", "q=zzzzzz"],
  ["browse (no q)", ""],
  ["prerelease, SemVer 2", "q=data&prerelease=true&semVerLevel=2.0.0"],
];

/** Packages of one to four versions with the metadata a push stores; a few prereleases and SemVer 2 versions. */
async function insertSearchPackages(db: Db, ownerId: string, count: number): Promise<number> {
  let versions = 0;
  for (let done = 0; done < count; done += 2000) {
    const packages = Array.from({ length: Math.min(2000, count - done) }, (_, k) => {
      const i = done + k;
      const { packageId, about } = searchPackage(i);
      return { id: randomUUID(), packageId, idKey: packageId.toLowerCase(), downloads: (i * 7919) % 100_000, about };
    });
    await db.package.createMany({
      data: packages.map(({ id, packageId, idKey, downloads }) => ({ id, packageId, idKey, ownerId, downloads })),
    });
    const rows = packages.flatMap((p, k) =>
      Array.from({ length: 1 + ((done + k) % 4) }, (_, v) => {
        const version = v === 3 ? "2.0.0-beta.1" : v === 2 ? "1.2.0-rc" : `1.${v}.0`;
        const metadata = storedMetadata({
          ...EMPTY_METADATA,
          title: p.packageId,
          description: `A ${p.about} library for ${p.packageId.split(".")[1]} and ${p.packageId.split(".")[2]} work.`,
          authors: "Bench Authors",
          tags: [p.about, "bench"],
          semVer2: v === 3,
        });
        return { packageId: p.id, version, versionKey: version, ...metadata, downloads: p.downloads >> v };
      }),
    );
    versions += rows.length;
    await db.packageVersion.createMany({ data: rows });
  }
  return versions;
}

/** Sequential searches straight through the feed's code (no HTTP): per-query latency without queueing. */
async function searchInProcess(db: Db): Promise<Record<string, { p50: number; p99: number }>> {
  const feed: FeedDeps = {
    db,
    store: fsPackageStore("data/bench-packages"),
    downloads: new DownloadCounter(db),
    base: BASE,
  };
  const runs = Number(process.env.BENCH_SEARCH_RUNS ?? 100);
  const figures: Record<string, { p50: number; p99: number }> = {};
  for (const [name, query] of SEARCHES) {
    const times: number[] = [];
    for (let i = 0; i < runs + 5; i++) {
      const started = performance.now();
      const response = await serveSearch(feed, new Request(`${BASE}/v3/search?${query}`));
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`search ${query} answered ${response.status}`);
      if (i >= 5) times.push(performance.now() - started);
    }
    times.sort((x, y) => x - y);
    const at = (q: number) => +times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
    figures[name] = { p50: at(0.5), p99: at(0.99) };
    console.log(`search in process: ${name.padEnd(22)} p50 ${figures[name].p50} ms  p99 ${figures[name].p99} ms`);
  }
  return figures;
}

type SearchResults = {
  packages: number;
  versions: number;
  inProcess: Record<string, { p50: number; p99: number }>;
  postgresInProcess?: Record<string, { p50: number; p99: number }>;
  http: Figure[];
};

/**
 * BENCH_ONLY=search: the search figures alone, merged into bench/results.json; on PostgreSQL too when
 * BENCH_SEARCH_POSTGRES=1 (a fresh database next to the tests' own, dropped afterwards).
 */
async function searchOnly() {
  mkdirSync("data", { recursive: true });
  const file = "data/bench-search.db";
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  await migrate(`file:./${file}`);
  const sqlite = createDb(`file:./${file}`);
  const search: SearchResults = { packages: SEARCH_PACKAGES, versions: 0, inProcess: {}, http: [] };
  try {
    search.versions = await insertSearchPackages(sqlite, await makeUser(sqlite, "bench-search", "x"), SEARCH_PACKAGES);
    search.inProcess = await searchInProcess(sqlite);
  } finally {
    await sqlite.$disconnect();
  }
  if (process.env.BENCH_SEARCH_POSTGRES === "1") {
    const postgres = await createTestDb("postgres");
    try {
      await insertSearchPackages(postgres.db, await makeUser(postgres.db, "bench-search", "x"), SEARCH_PACKAGES);
      // What autovacuum would do after a bulk load: statistics for the planner.
      await postgres.db.$executeRaw`ANALYZE`;
      search.postgresInProcess = await searchInProcess(postgres.db);
    } finally {
      await postgres.drop();
    }
  }
  const previous = existsSync("bench/results.json") ? JSON.parse(readFileSync("bench/results.json", "utf8")) : {};
  writeFileSync("bench/results.json", JSON.stringify({ ...previous, search }, null, 2) + "\n");
  console.log("written to bench/results.json");
}

async function main() {
  if (process.env.BENCH_ONLY === "search") return searchOnly();
  if (process.env.BENCH_SKIP_BUILD !== "1")
    execFileSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  mkdirSync("data", { recursive: true });
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(DB_FILE + suffix, { force: true });
  rmSync("data/bench-packages", { recursive: true, force: true });
  await migrate(DB_URL);
  const db = createDb(DB_URL);
  const passwordHash = await hashPassword(PASSWORD);
  const pageUser = await makeUser(db, "bench-page", passwordHash);
  const apiUser = await makeUser(db, "bench-api", passwordHash);
  await db.package.createMany({
    data: Array.from({ length: 2000 }, (_, i) => ({
      packageId: `Page.Package.${i}`,
      idKey: `page.package.${i}`,
      ownerId: pageUser,
    })),
  });
  const pkg = await db.package.create({ data: { packageId: "Bench.Pkg", idKey: "bench.pkg", ownerId: apiUser } });
  await db.packageVersion.create({ data: { packageId: pkg.id, version: "1.0.0", versionKey: "1.0.0" } });
  const { secret, hash, hint } = mintKey();
  await db.apiKey.create({
    data: {
      name: "bench hot key",
      creatorId: apiUser,
      ownerId: apiUser,
      hash,
      hint,
      glob: "Bench.Pkg",
      durationDays: 365,
      expiresAt: new Date(Date.now() + 365 * DAY_MS),
      scopes: { create: [{ scope: "package:push" }, { scope: "package:unlist" }] },
    },
  });
  const large = mintKey();
  await db.apiKey.create({
    data: {
      name: "bench large uploads",
      creatorId: apiUser,
      ownerId: apiUser,
      hash: large.hash,
      hint: large.hint,
      glob: "Bench.Large",
      durationDays: 365,
      expiresAt: new Date(Date.now() + 365 * DAY_MS),
      scopes: { create: [{ scope: "package:push" }] },
    },
  });
  const outOfScope = await buildNupkg({ id: "Elsewhere.Pkg", version: "1.0.0" });
  const server = await startGallery(PORT, {
    DATABASE_URL: DB_URL,
    AUTH_SECRET: "bench-secret-0123456789abcdef0123456789",
    PACKAGES_DIR: "data/bench-packages",
    API_KEY_FAILURES_PER_IP: "1000000000",
  });
  const figures: Figure[] = [];
  const search: SearchResults = { packages: SEARCH_PACKAGES, versions: 0, inProcess: {}, http: [] };
  const page: Record<string, number> = {};
  let uploads: Record<string, number> = {};
  try {
    uploads = await uploadMemory(server.pid!, large.secret);
    const cookie = await sessionCookie(BASE, "bench-page@bench.test", PASSWORD);
    const pageLoad = async (name: string) => {
      const figure = await load(name, 0, { url: "/account/apikeys", headers: { cookie }, connections: 4 });
      figures.push(figure);
      return figure;
    };
    const empty = await pageLoad("page /account/apikeys, 0 keys");
    await insertKeys(db, pageUser, 500);
    const full = await pageLoad("page /account/apikeys, 500 keys");
    page.emptyP50 = empty.p50;
    page.fullP50 = full.p50;
    page.fullOverEmpty = +(full.p50 / Math.max(empty.p50, 1)).toFixed(2);
    page.firstLoadJsGzipBytes = await firstLoadJs(cookie);

    let total = 501;
    for (const keys of [1_000, 100_000]) {
      await insertKeys(db, apiUser, keys - total);
      total = keys;
      figures.push(await load("bare GET /api/health", keys, { url: "/api/health" }));
      figures.push(
        await load("push refused: out-of-scope id", keys, {
          url: "/api/v2/package",
          method: "PUT",
          headers: { "x-nuget-apikey": secret, "content-type": "application/octet-stream" },
          body: outOfScope,
        }),
      );
      figures.push(
        await load("push refused: malformed key", keys, {
          url: "/api/v2/package",
          method: "PUT",
          headers: {
            "x-nuget-apikey": `ngk_${randomBytes(8).toString("hex")}`,
            "content-type": "application/octet-stream",
          },
          body: outOfScope,
        }),
      );
      figures.push(
        await load("relist existing version", keys, {
          url: "/api/v2/package/Bench.Pkg/1.0.0",
          method: "POST",
          headers: { "x-nuget-apikey": secret },
        }),
      );
    }

    const searchOwner = await makeUser(db, "bench-search", passwordHash);
    search.versions = await insertSearchPackages(db, searchOwner, SEARCH_PACKAGES);
    search.inProcess = await searchInProcess(db);
    for (const [name, query] of SEARCHES) {
      search.http.push(await load(`search: ${name}`, 0, { url: `/v3/search?${query}` }));
    }
  } finally {
    server.kill("SIGTERM");
    await db.$disconnect();
  }
  const at = (name: string, keys: number) =>
    figures.find((f) => f.name.startsWith(name) && f.keys === keys)!.requestsPerSec;
  const ratios = {
    verificationOverBare: +(at("push refused: out", 100_000) / at("bare", 100_000)).toFixed(2),
    keys100kOver1k: +(at("push refused: out", 100_000) / at("push refused: out", 1_000)).toFixed(2),
    malformedOverBare: +(at("push refused: malformed", 100_000) / at("bare", 100_000)).toFixed(2),
    relist100kOver1k: +(at("relist", 100_000) / at("relist", 1_000)).toFixed(2),
  };
  const results = {
    date: new Date().toISOString(),
    durationSeconds: DURATION,
    connections: CONNECTIONS,
    figures,
    ratios,
    page,
    uploads,
    search,
  };
  writeFileSync("bench/results.json", JSON.stringify(results, null, 2) + "\n");
  console.log("\nratios", ratios, "\npage", page, "\nwritten to bench/results.json");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
