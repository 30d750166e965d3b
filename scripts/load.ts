// npm run load: mixed traffic (page views, pushes, refusals) against a production build on loopback.
// LOAD_MINUTES (default 10) and LOAD_CONNECTIONS (default 10); prints req/s, errors and the server's memory.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import autocannon from "autocannon";
import { createApiKey } from "../lib/api-keys/create-api-key";
import { createDb } from "../lib/db/create-db";
import { migrate } from "../lib/db/migrate";
import { createKeySchema } from "../lib/keys/schemas";
import { buildNupkg } from "../tests/support/build-nupkg";
import { seed, DEMO_PASSWORD } from "../prisma/seed";
import { sessionCookie, startGallery } from "./lib/gallery-server";

const PORT = Number(process.env.LOAD_PORT ?? 3300);
const BASE = `http://127.0.0.1:${PORT}`;
const MINUTES = Number(process.env.LOAD_MINUTES ?? 10);
const DB_FILE = "data/load.db";

/** Resident memory of the server and its children, in MiB. */
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

async function main() {
  if (process.env.LOAD_SKIP_BUILD !== "1") execFileSync("npx", ["next", "build"], { stdio: "inherit" });
  mkdirSync("data", { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) rmSync(DB_FILE + suffix, { force: true });
  rmSync("data/load-packages", { recursive: true, force: true });
  await migrate(`file:./${DB_FILE}`);
  const db = createDb(`file:./${DB_FILE}`);
  await seed(db);
  const alice = await db.user.findUniqueOrThrow({ where: { email: "alice@example.com" } });
  const key = await createApiKey(
    db,
    alice.id,
    createKeySchema.parse({
      name: "load",
      expiresInDays: 365,
      ownerId: alice.id,
      scopes: ["package:push"],
      packages: [],
      glob: "Load.*",
    }),
  );
  if (!key.ok) throw new Error(key.error);
  await db.$disconnect();
  const secret = key.data.secret;
  const packages = await Promise.all(
    Array.from({ length: 2000 }, (_, i) => buildNupkg({ id: "Load.Package", version: `1.0.${i}` })),
  );
  const outOfScope = await buildNupkg({ id: "Elsewhere.Package", version: "1.0.0" });

  const server = await startGallery(PORT, {
    DATABASE_URL: `file:./${DB_FILE}`,
    AUTH_SECRET: "load-secret-0123456789abcdef0123456789",
    PACKAGES_DIR: "data/load-packages",
    API_KEY_FAILURES_PER_IP: "1000000000",
  });
  const cookie = await sessionCookie(BASE, "alice@example.com", DEMO_PASSWORD);
  const rssStart = treeRssMiB(server.pid!);
  let pushes = 0;
  const result = await autocannon({
    url: BASE,
    connections: Number(process.env.LOAD_CONNECTIONS ?? 10),
    duration: MINUTES * 60,
    requests: [
      { method: "GET", path: "/account/apikeys", headers: { cookie } },
      { method: "GET", path: "/packages", headers: { cookie } },
      {
        method: "PUT",
        path: "/api/v2/package",
        headers: { "x-nuget-apikey": secret, "content-type": "application/octet-stream" },
        // Cycles through 2,000 versions: after the first round the pushes are 409 duplicates.
        setupRequest: (req) => ({ ...req, body: packages[pushes++ % packages.length] }),
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
  const rssEnd = treeRssMiB(server.pid!);
  server.kill("SIGTERM");
  const statusCounts = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, (s as { count: number }).count]),
  );
  const figures = {
    date: new Date().toISOString(),
    minutes: MINUTES,
    connections: result.connections,
    requests: result.requests.total,
    requestsPerSec: Math.round(result.requests.average),
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: statusCounts,
    serverRssMiB: { start: rssStart, end: rssEnd },
  };
  mkdirSync("bench", { recursive: true });
  writeFileSync("bench/load.json", JSON.stringify(figures, null, 2) + "\n");
  console.log(figures);
  const serverErrors = Object.entries(statusCounts)
    .filter(([code]) => code.startsWith("5"))
    .reduce((n, [, c]) => n + c, 0);
  if (result.errors + result.timeouts + serverErrors > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
