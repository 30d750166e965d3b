// npm run load: mixed traffic (page views, pushes, refusals) against a production build on loopback.
// LOAD_MINUTES (default 10) and LOAD_CONNECTIONS (default 10); prints req/s, errors and the server's memory.
// `npm run load -- --cluster`: the same traffic on PostgreSQL, Redis and object storage (s3rver), first against one instance, then
// through nginx against two (LOAD_MINUTES each), written to bench/load-cluster.json. `npm run soak`: the
// one-instance load for 30 minutes with memory each minute; fails if RSS grows 5 % or more after minute 10.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { createApiKey } from "../lib/api-keys/create-api-key";
import { createDb } from "../lib/db/create-db";
import { migrate } from "../lib/db/migrate";
import { createKeySchema } from "../lib/keys/schemas";
import { buildNupkg } from "../tests/support/build-nupkg";
import { seed, DEMO_PASSWORD } from "../prisma/seed";
import { startCluster, startObjectStore } from "./lib/cluster";
import { sessionCookie, startGallery } from "./lib/gallery-server";
import { DEFAULT_POSTGRES_URL, DEFAULT_REDIS_URL, provisionServices } from "./lib/provision.mjs";

const { values: ARGS } = parseArgs({
  options: { cluster: { type: "boolean", default: false }, soak: { type: "boolean", default: false } },
});
const PORT = Number(process.env.LOAD_PORT ?? 3300);
const MINUTES = Number(process.env.LOAD_MINUTES ?? (ARGS.soak ? 30 : 10));
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 10);
const AUTH_SECRET = "load-secret-0123456789abcdef0123456789";
const SQLITE_FILE = "data/load.db";

/** Resident memory of a process and its children, in MiB. */
function treeRssMiB(rootPid: number): number {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid=,rss="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number, number]);
  const pids = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of rows) {
      if (pids.has(ppid) && !pids.has(pid)) {
        pids.add(pid);
        grew = true;
      }
    }
  }
  return Math.round(rows.filter(([pid]) => pids.has(pid)).reduce((kb, [, , rss]) => kb + rss, 0) / 1024);
}

/** A seeded, migrated database with a push key for alice; returns its secret. */
async function prepareDatabase(url: string): Promise<string> {
  await migrate(url);
  const db = createDb(url);
  await seed(db);
  const alice = await db.user.findUniqueOrThrow({ where: { email: "alice@example.com" } });
  const key = await createApiKey(
    db,
    alice.id,
    createKeySchema.parse({
      name: `load ${Date.now()}`,
      expiresInDays: 365,
      ownerId: alice.id,
      scopes: ["package:push"],
      packages: [],
      glob: "Load.*",
    }),
  );
  await db.$disconnect();
  if (!key.ok) throw new Error(key.error);
  return key.data.secret;
}

/** A fresh PostgreSQL database for one run, named after the run. */
async function freshPostgres(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: process.env.LOAD_POSTGRES_URL ?? DEFAULT_POSTGRES_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(process.env.LOAD_POSTGRES_URL ?? DEFAULT_POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

type Target = { base: string; secret: string; pids: Record<string, () => number | undefined> };

async function runLoad(label: string, { base, secret, pids }: Target) {
  const versions = await Promise.all(
    Array.from({ length: 2000 }, (_, i) => buildNupkg({ id: "Load.Package", version: `1.0.${i}` })),
  );
  const outOfScope = await buildNupkg({ id: "Elsewhere.Package", version: "1.0.0" });
  const cookie = await sessionCookie(base, "alice@example.com", DEMO_PASSWORD);
  const memory = () =>
    Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, pid() ? treeRssMiB(pid()!) : null]));
  const rssStart = memory();
  // Each instance's memory once a minute, to tell growth from warm-up.
  const series: { minute: number; rssMiB: Record<string, number | null> }[] = [];
  const started = Date.now();
  const sampler = setInterval(
    () => series.push({ minute: Math.round((Date.now() - started) / 60_000), rssMiB: memory() }),
    60_000,
  );
  let pushes = 0;
  console.log(`${label}: ${MINUTES} min, ${CONNECTIONS} connections against ${base}`);
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: MINUTES * 60,
    requests: [
      { method: "GET", path: "/account/apikeys", headers: { cookie } },
      { method: "GET", path: "/packages", headers: { cookie } },
      {
        method: "PUT",
        path: "/api/v2/package",
        headers: { "x-nuget-apikey": secret, "content-type": "application/octet-stream" },
        // Cycles through 2,000 versions: after the first round the pushes are 409 duplicates.
        setupRequest: (req) => ({ ...req, body: versions[pushes++ % versions.length] }),
      },
      {
        method: "PUT",
        path: "/api/v2/package",
        headers: { "x-nuget-apikey": secret, "content-type": "application/octet-stream" },
        body: outOfScope,
      },
      {
        method: "PUT",
        path: "/api/v2/package",
        headers: { "x-nuget-apikey": "ngk_not-a-key", "content-type": "application/octet-stream" },
        body: outOfScope,
      },
      { method: "GET", path: "/v3/index.json" },
    ],
  });
  clearInterval(sampler);
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, (s as { count: number }).count]),
  );
  const serverErrors = Object.entries(statusCodes)
    .filter(([code]) => code.startsWith("5"))
    .reduce((n, [, c]) => n + c, 0);
  return {
    label,
    minutes: MINUTES,
    connections: result.connections,
    requests: result.requests.total,
    requestsPerSec: Math.round(result.requests.average),
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    errors: result.errors + result.timeouts + serverErrors,
    statusCodes,
    rssMiB: { start: rssStart, end: memory() },
    rssSeries: series,
  };
}

type Figures = Awaited<ReturnType<typeof runLoad>>;

function table(runs: Figures[]): string {
  const rows = runs.map((r) => {
    const rss = Object.keys(r.rssMiB.end)
      .map((name) => `${name} ${r.rssMiB.start[name]}→${r.rssMiB.end[name]}`)
      .join(", ");
    return `| ${r.label} | ${r.requestsPerSec} | ${r.latencyP50} | ${r.latencyP99} | ${r.errors} | ${rss} |`;
  });
  return [
    "| run | req/s | p50 ms | p99 ms | errors | RSS MiB (start→end) |",
    "| --- | ---: | ---: | ---: | ---: | --- |",
    ...rows,
  ].join("\n");
}

/** RSS growth from the 10th minute to the end, the soak's measure: warm-up is over by then. */
function growthAfterWarmUp(figures: Figures): { at10: number; end: number; growth: number } | null {
  const at10 = figures.rssSeries.find((s) => s.minute >= 10)?.rssMiB.server;
  const end = figures.rssMiB.end.server;
  if (!at10 || !end) return null;
  return { at10, end, growth: +((end - at10) / at10).toFixed(3) };
}

async function single(): Promise<void> {
  mkdirSync("data", { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) rmSync(SQLITE_FILE + suffix, { force: true });
  rmSync("data/load-packages", { recursive: true, force: true });
  const url = `file:./${SQLITE_FILE}`;
  const secret = await prepareDatabase(url);
  const server = await startGallery(PORT, {
    DATABASE_URL: url,
    AUTH_SECRET,
    PACKAGES_DIR: "data/load-packages",
    API_KEY_FAILURES_PER_IP: "1000000000",
  });
  try {
    const figures = await runLoad("one instance, SQLite", {
      base: `http://127.0.0.1:${PORT}`,
      secret,
      pids: { server: () => server.pid },
    });
    mkdirSync("bench", { recursive: true });
    const soak = ARGS.soak ? growthAfterWarmUp(figures) : undefined;
    const file = ARGS.soak ? "bench/soak.json" : "bench/load.json";
    writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), ...figures, soak }, null, 2) + "\n");
    console.log(figures, soak ? { soak } : "");
    if (figures.errors > 0) process.exitCode = 1;
    // The soak's goal: less than 5 % growth after the first 10 minutes.
    if (soak && soak.growth >= 0.05) process.exitCode = 1;
  } finally {
    server.kill("SIGTERM");
  }
}

async function cluster(): Promise<void> {
  const redisUrl = process.env.LOAD_REDIS_URL ?? DEFAULT_REDIS_URL;
  await provisionServices({ postgresUrl: process.env.LOAD_POSTGRES_URL ?? DEFAULT_POSTGRES_URL, redisUrl });
  const store = await startObjectStore();
  const shared = {
    ...store.env,
    RATE_LIMIT_REDIS_URL: redisUrl,
    AUTH_SECRET,
    API_KEY_FAILURES_PER_IP: "1000000000",
  };
  const runs: Figures[] = [];

  const oneDb = await freshPostgres("gallery_load_one");
  const oneSecret = await prepareDatabase(oneDb);
  rmSync("data/load-one-staging", { recursive: true, force: true });
  const server = await startGallery(PORT, { ...shared, DATABASE_URL: oneDb, PACKAGES_DIR: "data/load-one-staging" });
  try {
    runs.push(
      await runLoad("one instance, PostgreSQL", {
        base: `http://127.0.0.1:${PORT}`,
        secret: oneSecret,
        pids: { server: () => server.pid },
      }),
    );
  } finally {
    server.kill("SIGTERM");
  }

  const clusterDb = await freshPostgres("gallery_load_cluster");
  const clusterSecret = await prepareDatabase(clusterDb);
  rmSync("data/load-cluster-staging", { recursive: true, force: true });
  const started = await startCluster({
    env: { ...shared, DATABASE_URL: clusterDb, PACKAGES_DIR: "data/load-cluster-staging" },
    instances: 2,
    port: PORT + 10,
    listen: "127.0.0.1",
    publicUrl: `http://127.0.0.1:${PORT + 10}`,
    dir: "data/load-cluster-proxy",
  });
  try {
    runs.push(
      await runLoad("two instances behind nginx", {
        base: started.url,
        secret: clusterSecret,
        pids: Object.fromEntries(started.instances.map((i) => [i.name, i.pid])),
      }),
    );
  } finally {
    await started.stop();
  }

  await store.stop();
  mkdirSync("bench", { recursive: true });
  writeFileSync(
    "bench/load-cluster.json",
    JSON.stringify({ date: new Date().toISOString(), cores: (await import("node:os")).cpus().length, runs }, null, 2) +
      "\n",
  );
  console.log(JSON.stringify(runs, null, 2));
  console.log(`\n${table(runs)}`);
  if (runs.some((r) => r.errors > 0)) process.exitCode = 1;
}

async function main() {
  if (process.env.LOAD_SKIP_BUILD !== "1") execFileSync("npx", ["next", "build"], { stdio: "inherit" });
  await (ARGS.cluster ? cluster() : single());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
