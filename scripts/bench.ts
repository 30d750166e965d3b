// npm run bench: the push API's hot paths, the API Keys page and feed search on a production build on SQLite, each set
// against a bare Next.js app (bench/baseline) in the same run. BENCH_ONLY=search: search alone, in process.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
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
import { generateKey, mintKey } from "../lib/keys/format";
import type { Scope } from "../lib/keys/scopes";
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
const BASELINE_PORT = Number(process.env.BENCH_BASELINE_PORT ?? PORT + 1);
const BASELINE = `http://127.0.0.1:${BASELINE_PORT}`;
const BASELINE_DIR = "bench/baseline";
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
// A page renders ten times slower than a route answers: it needs longer to reach its steady rate.
const PAGE_WARMUP = 2 * WARMUP;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const PAGE_CONNECTIONS = 4;
const DB_FILE = "data/bench.db";
const DB_URL = `file:./${DB_FILE}`;
const PASSWORD = "bench-password-1";
const KEY_SCOPES: Scope[] = ["package:push", "package:unlist"];

type Figure = {
  name: string;
  server: "gallery" | "baseline";
  keys: number;
  requestsPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
};

/** Keys with the scopes a user typically picks, inserted in batches. */
async function insertKeys(db: Db, creatorId: string, count: number, name = "bench key", scopes = KEY_SCOPES) {
  const expiresAt = new Date(Date.now() + 365 * DAY_MS);
  for (let done = 0; done < count; done += 5000) {
    const batch = Array.from({ length: Math.min(5000, count - done) }, (_, i) => {
      const { hash, hint } = mintKey();
      return {
        id: randomUUID(),
        name: `${name} ${done + i}`,
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
    await db.apiKeyScope.createMany({ data: batch.flatMap((k) => scopes.map((scope) => ({ keyId: k.id, scope }))) });
  }
}

/** Removes an owner's keys whose names start with the prefix, in two statements. */
async function deleteKeys(db: Db, ownerId: string, name: string) {
  const where = { ownerId, name: { startsWith: `${name} ` } };
  await db.apiKeyScope.deleteMany({ where: { key: where } });
  await db.apiKey.deleteMany({ where });
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

/** One row: an unrecorded warm-up, then autocannon for DURATION seconds against the gallery or the baseline. */
async function load(
  name: string,
  keys: number,
  options: autocannon.Options,
  { server = "gallery", warmup = WARMUP }: { server?: Figure["server"]; warmup?: number } = {},
): Promise<Figure> {
  const url = `${server === "gallery" ? BASE : BASELINE}${options.url}`;
  if (warmup > 0) await autocannon({ connections: CONNECTIONS, ...options, duration: warmup, url });
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...options, url });
  const figure = {
    name,
    server,
    keys,
    requestsPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
  console.log(
    `${name.padEnd(50)} keys=${String(keys).padStart(6)}  ${String(figure.requestsPerSec).padStart(6)} req/s  p50 ${figure.p50} ms  p99 ${figure.p99} ms`,
  );
  return figure;
}

/** What a row measures, and where. */
type Spec = { name: string; server?: Figure["server"]; warmup?: number; options: autocannon.Options };

/** Unrecorded load before the first measurement: a freshly started server runs colder for its first minute. */
async function warm(spec: Spec) {
  const url = `${spec.server === "baseline" ? BASELINE : BASE}${spec.options.url}`;
  await autocannon({ connections: CONNECTIONS, ...spec.options, duration: 2 * WARMUP, url });
}

/** A baseline row measured before and after the rows it is the floor for: their mean, against drift. */
type Floor = { name: string; requestsPerSec: number; p50: number; p99: number; runs: Figure[] };
function floorOf(runs: Figure[]): Floor {
  const mean = (pick: (f: Figure) => number) => Math.round(runs.reduce((sum, f) => sum + pick(f), 0) / runs.length);
  return {
    name: runs[0]!.name,
    requestsPerSec: mean((f) => f.requestsPerSec),
    p50: mean((f) => f.p50),
    p99: mean((f) => f.p99),
    runs,
  };
}

/** Gzipped bytes of every script a page's HTML loads (`<script src>`), fetched from the same server. */
async function firstLoadJs(base: string, path: string, cookie?: string): Promise<{ bytes: number; scripts: number }> {
  const html = await (await fetch(`${base}${path}`, { headers: cookie ? { cookie } : {} })).text();
  const scripts = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!))];
  let bytes = 0;
  for (const src of scripts) bytes += gzipSync(Buffer.from(await (await fetch(`${base}${src}`)).arrayBuffer())).length;
  return { bytes, scripts: scripts.length };
}

/** The bare Next.js app, served by `next start` with the project's own next, react and react-dom. */
async function startBaseline(): Promise<ChildProcess> {
  const server = spawn(
    process.execPath,
    [require.resolve("next/dist/bin/next"), "start", BASELINE_DIR, "-H", "127.0.0.1", "-p", String(BASELINE_PORT)],
    { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" }, stdio: "ignore" },
  );
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${BASELINE}/api/bare`)).ok) return server;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  server.kill("SIGTERM");
  throw new Error("the baseline app did not start");
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as { version: string }).version;
}

/** A ratio with its goal and the figures it comes from; with several parts, the worst one counts. */
type Ratio = {
  value: number;
  goal: string;
  met: boolean;
  compares: string;
  figures: string;
  parts?: Record<string, number>;
  numerator: Record<string, unknown>;
  denominator: Record<string, unknown>;
};
function ratio(
  goal: { atLeast: number } | { atMost: number },
  compares: string,
  figures: string,
  parts: Record<string, number>,
  numerator: Record<string, unknown>,
  denominator: Record<string, unknown>,
): Ratio {
  const values = Object.values(parts).map((v) => +v.toFixed(2));
  const value = "atLeast" in goal ? Math.min(...values) : Math.max(...values);
  return {
    value,
    goal: "atLeast" in goal ? `>= ${goal.atLeast}` : `<= ${goal.atMost}`,
    met: "atLeast" in goal ? value >= goal.atLeast : value <= goal.atMost,
    compares,
    figures,
    ...(values.length > 1 ? { parts: Object.fromEntries(Object.keys(parts).map((k, i) => [k, values[i]!])) } : {}),
    numerator,
    denominator,
  };
}

/** The ratios as a markdown table: measured, goal, and the raw figures beside them. */
function ratioTable(ratios: Record<string, Ratio>): string {
  const rows = Object.entries(ratios).map(([name, r]) => {
    const goal = r.goal.replace(">=", "≥").replace("<=", "≤");
    const parts = r.parts
      ? ` (${Object.entries(r.parts)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")})`
      : "";
    return `| \`${name}\` | ${r.value}${parts} | ${goal} | ${r.met ? "met" : "not met"} | ${r.compares} | ${r.figures} |`;
  });
  return ["| ratio | measured | goal | | what is compared | figures |", "|---|---|---|---|---|---|", ...rows].join(
    "\n",
  );
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
  /** When the PostgreSQL figures were measured: a full run carries over those of an earlier BENCH_ONLY=search. */
  postgresMeasuredAt?: string;
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
      search.postgresMeasuredAt = new Date().toISOString();
    } finally {
      await postgres.drop();
    }
  }
  const previous = existsSync("bench/results.json") ? JSON.parse(readFileSync("bench/results.json", "utf8")) : {};
  writeFileSync("bench/results.json", JSON.stringify({ ...previous, search }, null, 2) + "\n");
  console.log("written to bench/results.json");
}

/** A key of the owner's with the given glob and scopes; returns its secret. */
async function createKey(db: Db, ownerId: string, name: string, glob: string, scopes: Scope[]) {
  const minted = mintKey();
  await db.apiKey.create({
    data: {
      name,
      creatorId: ownerId,
      ownerId,
      hash: minted.hash,
      hint: minted.hint,
      glob,
      durationDays: 365,
      expiresAt: new Date(Date.now() + 365 * DAY_MS),
      scopes: { create: scopes.map((scope) => ({ scope })) },
    },
  });
  return minted.secret;
}

/** A key as a user mistypes it: the right shape, the last character wrong, so its checksum fails. */
function mistypedKey(): string {
  const key = generateKey();
  return key.slice(0, -1) + (key.endsWith("0") ? "1" : "0");
}

async function main() {
  if (process.env.BENCH_ONLY === "search") return searchOnly();
  const buildEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  if (process.env.BENCH_SKIP_BUILD !== "1") execFileSync("npx", ["next", "build"], { stdio: "inherit", env: buildEnv });
  if (process.env.BENCH_SKIP_BUILD !== "1" || !existsSync(`${BASELINE_DIR}/.next/BUILD_ID`))
    execFileSync("npx", ["next", "build", BASELINE_DIR], { stdio: "inherit", env: buildEnv });
  mkdirSync("data", { recursive: true });
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(DB_FILE + suffix, { force: true });
  rmSync("data/bench-packages", { recursive: true, force: true });
  await migrate(DB_URL);
  const db = createDb(DB_URL);
  const passwordHash = await hashPassword(PASSWORD);
  const pageUser = await makeUser(db, "bench-page", passwordHash);
  await makeUser(db, "bench-empty", passwordHash);
  const fewKeysUser = await makeUser(db, "bench-page25", passwordHash);
  const apiUser = await makeUser(db, "bench-api", passwordHash);
  await db.package.createMany({
    data: Array.from({ length: 2000 }, (_, i) => ({
      packageId: `Page.Package.${i}`,
      idKey: `page.package.${i}`,
      ownerId: pageUser,
    })),
  });
  await insertKeys(db, pageUser, 500);
  await insertKeys(db, fewKeysUser, 25);
  for (const packageId of ["Bench.Pkg", "Other.Pkg"]) {
    const pkg = await db.package.create({ data: { packageId, idKey: packageId.toLowerCase(), ownerId: apiUser } });
    await db.packageVersion.create({ data: { packageId: pkg.id, version: "1.0.0", versionKey: "1.0.0" } });
  }
  const secret = await createKey(db, apiUser, "bench hot key", "Bench.Pkg", ["package:push", "package:unlist"]);
  const unlistOnly = await createKey(db, apiUser, "bench unlist only", "Bench.Pkg", ["package:unlist"]);
  const largeSecret = await createKey(db, apiUser, "bench large uploads", "Bench.Large", ["package:push"]);
  const outOfScope = await buildNupkg({ id: "Elsewhere.Pkg", version: "1.0.0" });
  const inScope = await buildNupkg({ id: "Bench.Pkg", version: "2.0.0" });
  const server = await startGallery(PORT, {
    DATABASE_URL: DB_URL,
    AUTH_SECRET: "bench-secret-0123456789abcdef0123456789",
    PACKAGES_DIR: "data/bench-packages",
    API_KEY_FAILURES_PER_IP: "1000000000",
  });
  let baseline: ChildProcess | null = null;
  const figures: Figure[] = [];
  const search: SearchResults = { packages: SEARCH_PACKAGES, versions: 0, inProcess: {}, http: [] };
  let uploads: Record<string, number> = {};
  let ratios: Record<string, Ratio> = {};
  try {
    baseline = await startBaseline();
    uploads = await uploadMemory(server.pid!, largeSecret);
    const row = async (spec: Spec, keys: number) => {
      const figure = await load(spec.name, keys, spec.options, spec);
      figures.push(figure);
      return figure;
    };

    // Pages, 4 connections: each compared page between two runs of the page it is compared with.
    const fewKeysCookie = await sessionCookie(BASE, "bench-page25@bench.test", PASSWORD);
    const pageCookie = await sessionCookie(BASE, "bench-page@bench.test", PASSWORD);
    const emptyCookie = await sessionCookie(BASE, "bench-empty@bench.test", PASSWORD);
    const barePageSpec: Spec = {
      name: "bare page /list, 25 items (baseline)",
      server: "baseline",
      warmup: PAGE_WARMUP,
      options: {
        url: "/list",
        headers: { cookie: `session=${fewKeysCookie.split("=").slice(1).join("=")}` },
        connections: PAGE_CONNECTIONS,
      },
    };
    const keysPageSpec = (name: string, cookie: string): Spec => ({
      name,
      warmup: PAGE_WARMUP,
      options: { url: "/account/apikeys", headers: { cookie }, connections: PAGE_CONNECTIONS },
    });
    const fewKeysSpec = keysPageSpec("page /account/apikeys, 25 keys", fewKeysCookie);
    const emptySpec = keysPageSpec("page /account/apikeys, no keys or packages", emptyCookie);
    const fullSpec = keysPageSpec("page /account/apikeys, 500 keys, 2,000 packages", pageCookie);
    for (const spec of [barePageSpec, fewKeysSpec, emptySpec, fullSpec]) await warm(spec);
    const barePage1 = await row(barePageSpec, 0);
    const fewKeys = await row(fewKeysSpec, 25);
    const barePage = floorOf([barePage1, await row(barePageSpec, 0)]);
    const empty1 = await row(emptySpec, 0);
    const full = await row(fullSpec, 500);
    const empty = floorOf([empty1, await row(emptySpec, 0)]);
    const pageJs = await firstLoadJs(BASE, "/account/apikeys", fewKeysCookie);
    const floorJs = await firstLoadJs(BASELINE, "/client");
    console.log(`first-load JS, gzipped: /account/apikeys ${pageJs.bytes} B, bare client page ${floorJs.bytes} B`);

    // The push API at 1k and 100k keys, each compared row between two runs of the bare route handler.
    const bareRouteSpec: Spec = {
      name: "bare route GET /api/bare (baseline)",
      server: "baseline",
      options: { url: "/api/bare" },
    };
    const push = (apiKey: string, body: Buffer) => ({
      url: "/api/v2/package",
      method: "PUT" as const,
      headers: { "x-nuget-apikey": apiKey, "content-type": "application/octet-stream" },
      body,
    });
    const apiSpecs = {
      health: { name: "GET /api/health", options: { url: "/api/health" } },
      relist: {
        name: "relist existing version",
        options: { url: "/api/v2/package/Bench.Pkg/1.0.0", method: "POST", headers: { "x-nuget-apikey": secret } },
      },
      outOfScopeUnlist: {
        name: "unlist refused: out-of-scope id",
        options: { url: "/api/v2/package/Other.Pkg/1.0.0", method: "DELETE", headers: { "x-nuget-apikey": secret } },
      },
      outOfScopePush: { name: "push refused: out-of-scope id", options: push(secret, outOfScope) },
      malformed: { name: "push refused: malformed key", options: push(mistypedKey(), inScope) },
      noPushScope: { name: "push refused: key without push scope", options: push(unlistOnly, inScope) },
    } satisfies Record<string, Spec>;
    for (const spec of [bareRouteSpec, ...Object.values(apiSpecs)]) await warm(spec);
    type ApiRow = keyof typeof apiSpecs;
    type Group = { figures: Partial<Record<ApiRow, Figure>>; floors: Partial<Record<ApiRow, Floor>> };
    /** Each compared row between two runs of the bare route, then the rows only reported. */
    const group = async (keys: number, compared: ApiRow[], reported: ApiRow[], label = ""): Promise<Group> => {
      const named = (spec: Spec) => ({ ...spec, name: spec.name + label });
      const result: Group = { figures: {}, floors: {} };
      let bare = await row(named(bareRouteSpec), keys);
      for (const name of compared) {
        result.figures[name] = await row(named(apiSpecs[name]), keys);
        const next = await row(named(bareRouteSpec), keys);
        result.floors[name] = floorOf([bare, next]);
        bare = next;
      }
      for (const name of reported) result.figures[name] = await row(named(apiSpecs[name]), keys);
      return result;
    };
    const compared: ApiRow[] = ["relist", "outOfScopeUnlist", "malformed", "noPushScope"];
    const reported: ApiRow[] = ["health", "outOfScopePush"];
    await insertKeys(db, apiUser, 1_000 - (await db.apiKey.count()));
    const at1k = await group(1_000, compared, reported);
    await insertKeys(db, apiUser, 100_000 - 1_000, "bench bulk key");
    const big = await group(100_000, compared, reported);
    // Back to 1k keys for the rows 100k is compared on: the two 1k runs bracket the 100k one against drift.
    await deleteKeys(db, apiUser, "bench bulk key");
    const again1k = await group(1_000, ["relist", "outOfScopeUnlist"], [], " (back at 1k)");

    const rps = (figure: Figure | Floor | undefined) => figure!.requestsPerSec;
    // A row over the bare route measured around it, so that the machine's load drifting between rows cancels.
    const overBare = (g: Group, name: ApiRow) => rps(g.figures[name]) / rps(g.floors[name]);
    const shown = (g: Group, name: ApiRow) => `${rps(g.figures[name])} / ${rps(g.floors[name])}`;
    const verification = (name: ApiRow, goal: number, compares: string) =>
      ratio(
        { atLeast: goal },
        compares,
        `${shown(big, name)} req/s`,
        { [name]: overBare(big, name) },
        { [name]: big.figures[name] },
        { bare: big.floors[name] },
      );
    const pick = (g: Group, names: ApiRow[]) =>
      Object.fromEntries(names.map((n) => [n, { figure: g.figures[n], bare: g.floors[n] }]));
    const at1kMean = (name: ApiRow) => (overBare(at1k, name) + overBare(again1k, name)) / 2;
    ratios = {
      verificationOverBare: ratio(
        { atLeast: 0.8 },
        "req/s at 100k keys: relist with a valid cached key, and an out-of-scope unlist / bare route handler",
        `${shown(big, "relist")} and ${shown(big, "outOfScopeUnlist")} req/s`,
        { relist: overBare(big, "relist"), outOfScopeUnlist: overBare(big, "outOfScopeUnlist") },
        { relist: big.figures.relist, outOfScopeUnlist: big.figures.outOfScopeUnlist },
        { relist: big.floors.relist, outOfScopeUnlist: big.floors.outOfScopeUnlist },
      ),
      malformedOverBare: verification(
        "malformed",
        0.95,
        "req/s at 100k keys: push with a mistyped key (bad checksum) / bare route handler",
      ),
      noPushScopeOverBare: verification(
        "noPushScope",
        0.8,
        "req/s at 100k keys: push of a package by a key without push scope / bare route handler",
      ),
      pageOverBarePage: ratio(
        { atLeast: 0.5 },
        "req/s, 4 connections: /account/apikeys with 25 keys / bare page reading a cookie and rendering 25 items",
        `${fewKeys.requestsPerSec} / ${barePage.requestsPerSec} req/s`,
        { page: fewKeys.requestsPerSec / barePage.requestsPerSec },
        { page: fewKeys },
        { barePage },
      ),
      fullPageOverEmptyPage: ratio(
        { atMost: 1.5 },
        "p50 latency, 4 connections: /account/apikeys with 500 keys and 2,000 packages / with no keys or packages",
        `${full.p50} / ${empty.p50} ms`,
        { fullOverEmpty: full.p50 / Math.max(empty.p50, 1) },
        { full },
        { empty },
      ),
      firstLoadJsOverFloor: ratio(
        { atMost: 1.15 },
        "gzipped bytes of `<script src>`: /account/apikeys / bare page with one client component",
        `${(pageJs.bytes / 1024).toFixed(1)} / ${(floorJs.bytes / 1024).toFixed(1)} kB`,
        { firstLoadJs: pageJs.bytes / floorJs.bytes },
        { page: { path: "/account/apikeys", gzipBytes: pageJs.bytes, scripts: pageJs.scripts } },
        { floor: { path: "/client (baseline)", gzipBytes: floorJs.bytes, scripts: floorJs.scripts } },
      ),
      keys100kOver1k: ratio(
        { atLeast: 0.95 },
        "req/s, each over the bare route measured around it: relist and out-of-scope unlist at 100k keys / at 1k keys (1k measured before and after 100k, averaged)",
        (["relist", "outOfScopeUnlist"] as const)
          .map((n) => `${shown(big, n)} over ${shown(at1k, n)} and ${shown(again1k, n)}`)
          .join("; ") + " req/s",
        {
          relist: overBare(big, "relist") / at1kMean("relist"),
          outOfScopeUnlist: overBare(big, "outOfScopeUnlist") / at1kMean("outOfScopeUnlist"),
        },
        { at100k: pick(big, ["relist", "outOfScopeUnlist"]) },
        {
          at1kBefore: pick(at1k, ["relist", "outOfScopeUnlist"]),
          at1kAfter: pick(again1k, ["relist", "outOfScopeUnlist"]),
        },
      ),
    };

    const searchOwner = await makeUser(db, "bench-search", passwordHash);
    search.versions = await insertSearchPackages(db, searchOwner, SEARCH_PACKAGES);
    search.inProcess = await searchInProcess(db);
    for (const [name, query] of SEARCHES) {
      search.http.push(await load(`search: ${name}`, 0, { url: `/v3/search?${query}` }));
    }
  } finally {
    server.kill("SIGTERM");
    baseline?.kill("SIGTERM");
    await db.$disconnect();
  }
  const previous = existsSync("bench/results.json") ? JSON.parse(readFileSync("bench/results.json", "utf8")) : {};
  if (previous.search?.postgresInProcess) {
    search.postgresInProcess = previous.search.postgresInProcess;
    search.postgresMeasuredAt = previous.search.postgresMeasuredAt ?? previous.date;
  }
  const results = {
    date: new Date().toISOString(),
    durationSeconds: DURATION,
    warmupSeconds: { route: WARMUP, page: PAGE_WARMUP },
    connections: CONNECTIONS,
    pageConnections: PAGE_CONNECTIONS,
    versions: Object.fromEntries(["next", "react", "react-dom"].map((name) => [name, packageVersion(name)])),
    ratios,
    figures,
    uploads,
    search,
  };
  writeFileSync("bench/results.json", JSON.stringify(results, null, 2) + "\n");
  console.log(`\n${ratioTable(ratios)}\n\nwritten to bench/results.json`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
