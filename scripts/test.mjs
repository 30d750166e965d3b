// npm test: installs and starts what is missing (scripts/lib/provision.mjs), then lint, typecheck, unit and
// data-layer tests (SQLite and PostgreSQL), then Playwright on a production build.
// Prints the total of every suite as its last line: "N passed, N failed[, N skipped]".
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import pg from "pg";
import { DEFAULT_POSTGRES_URL, DEFAULT_REDIS_URL, provision, redisReachable } from "./lib/provision.mjs";

const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? DEFAULT_POSTGRES_URL;
const REDIS_URL = process.env.TEST_REDIS_URL ?? DEFAULT_REDIS_URL;
const requirePostgres = process.env.REQUIRE_POSTGRES === "1";
const totals = { passed: 0, failed: 0, skipped: 0 };
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };

function run(title, command, args, extraEnv = {}) {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  return result.status === 0;
}

function check(title, command, args) {
  const ok = run(title, command, args);
  if (ok) totals.passed++;
  else totals.failed++;
  return ok;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}

async function postgresReachable() {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

// Chromium, Mono, PostgreSQL and Redis: installed from Debian (as root) and started when missing.
console.log("=== machine ===");
await provision({ postgresUrl: POSTGRES_URL, redisUrl: REDIS_URL });

// `npm install <pkg>` prunes the generated clients; bring them back.
if (!existsSync("node_modules/@gallery/prisma-sqlite") || !existsSync("node_modules/@gallery/prisma-postgres")) {
  execFileSync("node", ["scripts/prisma-generate.mjs"], { stdio: "inherit" });
}

rmSync(".tmp", { recursive: true, force: true });
mkdirSync(".tmp", { recursive: true });

check("lint", "npx", ["eslint", ".", "--max-warnings=0"]);
check("typecheck", "npx", ["tsc", "--noEmit"]);

const databases = ["sqlite"];
if (await postgresReachable()) {
  databases.push("postgres");
} else if (requirePostgres) {
  console.error(`\nPostgreSQL is required (REQUIRE_POSTGRES=1) but ${POSTGRES_URL} is not reachable.`);
  totals.failed++;
} else {
  console.log(`\nNote: PostgreSQL at ${POSTGRES_URL} is not reachable; data-layer tests run on SQLite only.`);
  console.log("Start it (pg_ctlcluster <version> main start) or set TEST_POSTGRES_URL to include it.");
}

const redisUp = await redisReachable(REDIS_URL);
if (!redisUp && process.env.REQUIRE_REDIS === "1") {
  console.error(`\nRedis is required (REQUIRE_REDIS=1) but ${REDIS_URL} is not reachable.`);
  totals.failed++;
} else if (!redisUp) {
  console.log(`\nNote: Redis at ${REDIS_URL} is not reachable; the shared rate-limit store test does not run.`);
}

const vitestOut = ".tmp/vitest.json";
run(
  "unit and data-layer tests (" + databases.join(", ") + ")",
  "npx",
  ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile=${vitestOut}`],
  { TEST_DATABASES: databases.join(","), ...(redisUp ? { TEST_REDIS_URL: REDIS_URL } : {}) },
);
const vitest = readJson(vitestOut);
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests + (vitest.numFailedTestSuites ?? 0);
  totals.skipped += vitest.numPendingTests + vitest.numTodoTests;
} else {
  totals.failed++;
}

if (check("production build", "npx", ["next", "build"])) {
  const playwrightOut = ".tmp/playwright.json";
  run("end-to-end (Playwright, Chromium)", "npx", ["playwright", "test"], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightOut,
  });
  const report = readJson(playwrightOut);
  if (report?.stats) {
    totals.passed += report.stats.expected;
    totals.failed += report.stats.unexpected + report.stats.flaky + (report.errors?.length ?? 0);
    totals.skipped += report.stats.skipped;
  } else {
    totals.failed++;
  }
} else if (existsSync(".next")) {
  console.error("The build failed, so the end-to-end suite did not run.");
}

const line = `${totals.passed} passed, ${totals.failed} failed` + (totals.skipped ? `, ${totals.skipped} skipped` : "");
console.log("\n" + line);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
