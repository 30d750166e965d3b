// npm run bench: throughput of the push API's hot paths and of the API Keys page against a production build on SQLite.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { createDb, type Db } from "../lib/db/create-db";
import { migrate } from "../lib/db/migrate";
import { hashPassword } from "../lib/auth/password";
import { DAY_MS } from "../lib/keys/expiry";
import { mintKey } from "../lib/keys/format";
import { ZipFile } from "yazl";
import { buildNupkg, nuspecXml } from "../tests/support/build-nupkg";
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

async function main() {
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
  };
  writeFileSync("bench/results.json", JSON.stringify(results, null, 2) + "\n");
  console.log("\nratios", ratios, "\npage", page, "\nwritten to bench/results.json");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
