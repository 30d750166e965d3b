// Brings a Debian machine up to what `npm test` needs: Chromium, Mono and nginx for the end-to-end suite, a running
// PostgreSQL with the `test` database, a running Redis. Whatever is missing is installed from Debian (only as
// root) and started. Each step prints one line; a failing step prints why and the run goes on, so that
// REQUIRE_POSTGRES / REQUIRE_REDIS in scripts/test.mjs decide whether a missing service fails the run.
// Skip it all with TEST_PROVISION=0.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";

export const DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test";
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);
const isRoot = process.getuid?.() === 0;
let aptUpdated = false;

function say(message) {
  console.log(`provision: ${message}`);
}

/** Runs a command without a shell; returns { ok, output } and never throws. */
function sh(command, args, { timeoutMs = 60_000, env = {} } = {}) {
  const result = spawnSync(command, args, {
    encoding: "utf8",
    timeout: timeoutMs,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim();
  if (result.error) return { ok: false, output: result.error.message };
  return { ok: result.status === 0, output };
}

function onPath(command) {
  return sh("sh", ["-c", `command -v ${command}`]).ok;
}

/** The last lines of a command's output, for an error message. */
function tail(output, lines = 3) {
  return output.split("\n").filter(Boolean).slice(-lines).join(" | ");
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check, seconds) {
  for (let i = 0; i < seconds; i++) {
    if (await check()) return true;
    await sleep(1000);
  }
  return check();
}

/** apt-get install from Debian, as root only; prints what it installs or what to install by hand. */
function aptInstall(packages, purpose) {
  const command = `apt-get update && sudo apt-get install -y ${packages.join(" ")}`;
  if (!isRoot || !onPath("apt-get")) {
    say(`${packages.join(", ")} missing (${purpose}); installing needs root and apt-get, so run: sudo ${command}`);
    return false;
  }
  say(`installing ${packages.join(" ")} from Debian (${purpose})`);
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  if (!aptUpdated) {
    const update = sh("apt-get", ["update", "-qq"], { timeoutMs: 5 * 60_000, env });
    if (!update.ok) {
      say(`apt-get update failed: ${tail(update.output)}`);
      return false;
    }
    aptUpdated = true;
  }
  const install = sh("apt-get", ["install", "-y", "-qq", "-o", "DPkg::Lock::Timeout=120", ...packages], {
    timeoutMs: 20 * 60_000,
    env,
  });
  if (!install.ok) say(`apt-get install ${packages.join(" ")} failed: ${tail(install.output)}`);
  return install.ok;
}

// ---------------------------------------------------------------------------------------------- tools

function provisionTools() {
  const missing = [];
  const chromium = process.env.CHROMIUM_PATH;
  if (!(chromium ? existsSync(chromium) : onPath("chromium"))) {
    if (chromium) say(`CHROMIUM_PATH=${chromium} does not exist; installing Debian's chromium (/usr/bin/chromium)`);
    missing.push("chromium");
  }
  if (!onPath("mono")) missing.push("mono-complete");
  if (!nginxPath()) missing.push("nginx");
  if (missing.length === 0) return;
  aptInstall(missing, "Chromium for Playwright, Mono for the nuget.exe test, nginx for the cluster");
}

/** Debian's nginx binary (in /usr/sbin, which a non-root PATH may leave out), or null. */
export function nginxPath() {
  if (existsSync("/usr/sbin/nginx")) return "/usr/sbin/nginx";
  const found = sh("sh", ["-c", "command -v nginx"]);
  return found.ok ? found.output : null;
}

/** nginx for the cluster's proxy, installed from Debian when missing; throws with what to run when it cannot be. */
export function ensureNginx() {
  const found = nginxPath();
  if (found) return found;
  aptInstall(["nginx"], "the reverse proxy in front of the cluster");
  const installed = nginxPath();
  if (!installed) throw new Error("nginx is missing: sudo apt-get update && sudo apt-get install -y nginx");
  return installed;
}

// ------------------------------------------------------------------------------------------ PostgreSQL

function localTarget(url, defaultPort) {
  try {
    const parsed = new URL(url);
    if (!LOCAL_HOSTS.has(parsed.hostname)) return null;
    return { host: "127.0.0.1", port: Number(parsed.port || defaultPort), parsed };
  } catch {
    return null;
  }
}

function tcpOpen(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => done(true));
  });
}

async function postgresReady(host, port) {
  if (onPath("pg_isready")) return sh("pg_isready", ["-h", host, "-p", String(port), "-q"], { timeoutMs: 10_000 }).ok;
  return tcpOpen(host, port);
}

/** Debian's clusters: the newest version under /etc/postgresql that has a `main` cluster. */
function clusterVersion() {
  try {
    return readdirSync("/etc/postgresql")
      .filter((v) => existsSync(`/etc/postgresql/${v}/main`))
      .sort((a, b) => Number(b) - Number(a))[0];
  } catch {
    return undefined;
  }
}

/** Lets local TCP connections in without a password, as the test URL (no password) expects. */
function trustLoopback(version) {
  const file = `/etc/postgresql/${version}/main/pg_hba.conf`;
  try {
    const before = readFileSync(file, "utf8");
    const after = before.replace(
      /^(host\s+all\s+all\s+(?:127\.0\.0\.1\/32|::1\/128)\s+)\S+[ \t]*$/gm,
      (_, head) => `${head}trust`,
    );
    if (after === before) return false;
    say(`letting local TCP connections into the new cluster without a password (${file})`);
    writeFileSync(file, after);
    return sh("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "reload"]).ok;
  } catch (error) {
    say(`could not edit ${file}: ${error.message}`);
    return false;
  }
}

async function provisionPostgres(url) {
  const target = localTarget(url, 5432);
  if (!target) return; // a remote database is not ours to start
  const { host, port, parsed } = target;
  if (await postgresReady(host, port)) {
    ensureDatabase(parsed, host, port, undefined);
    return;
  }

  let installed = false;
  if (!clusterVersion() || !onPath("pg_ctlcluster")) {
    if (!aptInstall(["postgresql"], "PostgreSQL for the data-layer tests")) return;
    installed = true;
    if (await postgresReady(host, port)) {
      ensureDatabase(parsed, host, port, clusterVersion());
      return;
    }
  }

  const version = clusterVersion();
  if (!version) {
    say("no PostgreSQL cluster under /etc/postgresql; create one with: pg_createcluster <version> main");
    return;
  }
  say(`starting PostgreSQL ${version} (pg_ctlcluster ${version} main start)`);
  const start = sh("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"], { timeoutMs: 60_000 });
  if (!start.ok && !/already running/i.test(start.output)) {
    say(`could not start PostgreSQL ${version}: ${tail(start.output)}`);
    return;
  }
  if (!(await waitFor(() => postgresReady(host, port), 30))) {
    say(`PostgreSQL ${version} did not accept connections on ${host}:${port} within 30 s`);
    return;
  }
  ensureDatabase(parsed, host, port, installed ? version : undefined);
}

/** Creates the test URL's database (default `test`) when it does not exist. */
function ensureDatabase(parsed, host, port, newClusterVersion) {
  if (!onPath("psql") || !onPath("createdb")) return;
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "postgres";
  const user = decodeURIComponent(parsed.username) || "postgres";
  const args = ["-h", host, "-p", String(port), "-U", user, "-w"];
  const env = {
    PGCONNECT_TIMEOUT: "5",
    ...(parsed.password ? { PGPASSWORD: decodeURIComponent(parsed.password) } : {}),
  };
  const query = () =>
    sh(
      "psql",
      [
        ...args,
        "-d",
        "postgres",
        "-tAc",
        `SELECT 1 FROM pg_database WHERE datname = '${database.replace(/'/g, "''")}'`,
      ],
      {
        timeoutMs: 15_000,
        env,
      },
    );
  let exists = query();
  if (!exists.ok && newClusterVersion && /password|authentication/i.test(exists.output)) {
    if (trustLoopback(newClusterVersion)) exists = query();
  }
  if (!exists.ok) {
    say(`cannot connect to PostgreSQL as ${user} at ${host}:${port}: ${tail(exists.output)}`);
    if (/password|authentication/i.test(exists.output))
      say(`allow it in pg_hba.conf (host all all 127.0.0.1/32 trust) or put the password in TEST_POSTGRES_URL`);
    return;
  }
  if (exists.output.trim() === "1") return;
  say(`creating the database ${database} (createdb -h ${host} -U ${user} ${database})`);
  const create = sh("createdb", [...args, database], { timeoutMs: 30_000, env });
  if (!create.ok) say(`createdb ${database} failed: ${tail(create.output)}`);
}

// ----------------------------------------------------------------------------------------------- Redis

/** A PING over a raw socket: Redis answers +PONG. */
export function redisReachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port || 6379), hostname.replace(/^\[|\]$/g, ""));
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => done(data.toString().startsWith("+PONG")));
  });
}

async function provisionRedis(url) {
  const target = localTarget(url, 6379);
  if (!target || (await redisReachable(url))) return;
  if (!onPath("redis-server")) {
    if (!aptInstall(["redis-server"], "Redis for the shared rate-limit test")) return;
    // Debian's package may have started its own server already.
    if (await waitFor(() => redisReachable(url), 3)) return;
  }
  const port = String(target.port);
  say(`starting Redis on 127.0.0.1:${port} (redis-server --daemonize yes, no persistence)`);
  const start = sh("redis-server", [
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    port,
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/tmp",
  ]);
  if (!start.ok) {
    say(`could not start Redis: ${tail(start.output)}`);
    return;
  }
  if (!(await waitFor(() => redisReachable(url), 10)))
    say(`Redis did not answer PING on 127.0.0.1:${port} within 10 s`);
}

// ------------------------------------------------------------------------------------------------ all

/** Starts PostgreSQL and Redis on this machine when they are local and down (installing them as root); never throws. */
export async function provisionServices({ postgresUrl = DEFAULT_POSTGRES_URL, redisUrl = DEFAULT_REDIS_URL } = {}) {
  for (const [name, step] of [
    ["PostgreSQL", () => provisionPostgres(postgresUrl)],
    ["Redis", () => provisionRedis(redisUrl)],
  ]) {
    try {
      await step();
    } catch (error) {
      say(`${name}: ${error.message}`);
    }
  }
}

/** Installs and starts what the test suite needs; never throws. */
export async function provision({
  postgresUrl = process.env.TEST_POSTGRES_URL ?? DEFAULT_POSTGRES_URL,
  redisUrl = process.env.TEST_REDIS_URL ?? DEFAULT_REDIS_URL,
} = {}) {
  if (process.env.TEST_PROVISION === "0") {
    say("skipped (TEST_PROVISION=0)");
    return;
  }
  try {
    provisionTools();
  } catch (error) {
    say(`Chromium, Mono and nginx: ${error.message}`);
  }
  await provisionServices({ postgresUrl, redisUrl });
}
