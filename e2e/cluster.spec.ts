// Two instances on one PostgreSQL database and one Redis, behind nginx: they agree on keys, packages and limits,
// and losing one loses nothing.
import { randomBytes } from "node:crypto";
import { createDb, type Db } from "../lib/db/create-db";
import { mintKey } from "../lib/keys/format";
import { startCluster, startObjectStore, type Cluster } from "../scripts/lib/cluster";
import { buildNupkg } from "../tests/support/build-nupkg";
import { E2E_PORT } from "./env";
import { createUser, expect, insertKey, PASSWORD, test } from "./fixtures";
import { closeSecretDialog, createKey, keyCard, signIn } from "./helpers";
import { createPostgresGallery, startGallery } from "./servers";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const PROXY_PORT = E2E_PORT + 80;

let cluster: Cluster;
let store: Awaited<ReturnType<typeof startObjectStore>>;
let db: Db;
let dropDatabase: () => Promise<void>;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const database = await createPostgresGallery();
  dropDatabase = database.drop;
  db = createDb(database.url);
  store = await startObjectStore();
  cluster = await startCluster({
    env: {
      DATABASE_URL: database.url,
      RATE_LIMIT_REDIS_URL: REDIS_URL,
      AUTH_SECRET: "e2e-only-secret-0123456789abcdef0123456789",
      PACKAGES_DIR: "data/e2e-cluster-staging",
      ...store.env,
      API_KEY_FAILURES_PER_IP: "6",
    },
    port: PROXY_PORT,
    listen: "127.0.0.1",
    publicUrl: `http://127.0.0.1:${PROXY_PORT}`,
    dir: `data/e2e-cluster-proxy-${PROXY_PORT}`,
  });
});

test.afterAll(async () => {
  await cluster?.stop();
  await store?.stop();
  await db?.$disconnect();
  await dropDatabase?.();
});

const [a, b] = [() => cluster.instances[0]!, () => cluster.instances[1]!];

/** Packages carry 64 KB of content, more than nginx keeps in memory: it buffers them in its temporary folder. */
async function push(base: string, apiKey: string, id: string, version: string) {
  const nupkg = await buildNupkg({ id, version, files: { "content/blob.bin": randomBytes(64 * 1024) } });
  const form = new FormData();
  form.append("package", new Blob([new Uint8Array(nupkg)]), "package.nupkg");
  const answer = await fetch(`${base}/api/v2/package`, {
    method: "PUT",
    headers: { "X-NuGet-ApiKey": apiKey },
    body: form,
  });
  return { status: answer.status, reason: answer.statusText };
}

test("a key revoked on instance A is refused by instance B at once, though B had it cached", async ({ page }) => {
  // Each instance keeps verified keys (default KEY_CACHE_TTL_MS) once it hears the others' key changes.
  for (const instance of cluster.instances)
    await expect
      .poll(async () => ((await (await fetch(`${instance.url}/api/ready`)).json()) as { keyCache: string }).keyCache, {
        timeout: 15_000,
      })
      .toBe("on");
  const user = await createUser(db, []);
  await signIn(page, user.email, PASSWORD, `${cluster.url}/account/apikeys`);
  await page.goto(`${a().url}/account/apikeys`);
  const secret = await createKey(page, { name: "Cluster CI", glob: "Cluster.*" });
  await closeSecretDialog(page);

  const id = `Cluster.${user.username.slice(5)}`;
  expect(await push(cluster.url, secret, id, "1.0.0")).toMatchObject({ status: 201 });
  expect(await push(b().url, secret, id, "1.0.1")).toMatchObject({ status: 201 });

  await page.getByRole("button", { name: "Revoke Cluster CI" }).click();
  await page.getByRole("dialog", { name: "Revoke Cluster CI?" }).getByRole("button", { name: "Revoke" }).click();
  await expect(keyCard(page, "Cluster CI")).toContainText("Revoked");

  let attempt = 2;
  await expect
    .poll(async () => (await push(b().url, secret, id, `1.0.${attempt++}`)).reason, {
      timeout: 1_000,
      intervals: [50],
    })
    .toBe("This API key has been revoked.");
});

test("a package pushed through instance A downloads through instance B, byte for byte", async () => {
  const user = await createUser(db, []);
  const key = await insertKey(db, user.id, { scopes: ["package:push"] });
  const id = `Shared.${user.username.slice(5)}`;
  const bytes = await buildNupkg({ id, version: "2.0.0" });
  const form = new FormData();
  form.append("package", new Blob([new Uint8Array(bytes)]), "package.nupkg");
  const pushed = await fetch(`${a().url}/api/v2/package`, {
    method: "PUT",
    headers: { "X-NuGet-ApiKey": key.secret },
    body: form,
  });
  expect(pushed.status).toBe(201);
  const lower = id.toLowerCase();
  const download = await fetch(`${b().url}/v3/flatcontainer/${lower}/2.0.0/${lower}.2.0.0.nupkg`);
  expect(download.status).toBe(200);
  expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
});

test("refused keys counted on instance A count on instance B", async () => {
  const client = `203.0.113.${1 + (randomBytes(1)[0]! % 250)}`;
  // Well-formed keys no one holds, each a new guess from the same address.
  const guess = async (base: string) =>
    (
      await fetch(`${base}/api/v2/package/Any.Package/1.0.0`, {
        method: "DELETE",
        headers: { "X-NuGet-ApiKey": mintKey().secret, "X-Forwarded-For": client },
      })
    ).status;
  for (let i = 0; i < 3; i++) expect(await guess(a().url)).toBe(403);
  for (let i = 0; i < 3; i++) expect(await guess(b().url)).toBe(403);
  expect(await guess(b().url)).toBe(429);
  expect(await guess(a().url)).toBe(429);
});

test("stopping an instance during pushes and reads through the proxy loses no accepted push", async () => {
  test.setTimeout(180_000);
  const user = await createUser(db, []);
  const key = await insertKey(db, user.id, { scopes: ["package:push"] });
  const id = `Steady.${user.username.slice(5)}`;
  const versions = Array.from({ length: 40 }, (_, i) => `1.0.${i}`);
  const pushes: { version: string; status: number }[] = [];
  const reads: number[] = [];
  let next = 0;
  let stopped: Promise<number | null> | undefined;
  const worker = async () => {
    while (next < versions.length) {
      const version = versions[next++]!;
      if (next === 12) stopped = b().stop("SIGTERM");
      pushes.push({ version, status: (await push(cluster.url, key.secret, id, version)).status });
      reads.push((await fetch(`${cluster.url}/v3/index.json`)).status);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  expect(await stopped).toBe(0);

  expect(pushes.filter((p) => p.status !== 201)).toEqual([]);
  expect(reads.every((status) => status === 200)).toBe(true);
  const index = await fetch(`${cluster.url}/v3/flatcontainer/${id.toLowerCase()}/index.json`);
  const listed = ((await index.json()) as { versions: string[] }).versions;
  expect(listed.sort()).toEqual(pushes.map((p) => p.version).sort());

  await b().start();
  expect((await fetch(`${b().url}/api/health`)).ok).toBe(true);
});

test("several instances need PostgreSQL and Redis: the start is refused with a clear message otherwise", async () => {
  const started = startGallery({ INSTANCES: "2", RATE_LIMIT_REDIS_URL: "" });
  await expect(started).rejects.toThrow(
    "The gallery cannot start. Invalid environment: DATABASE_URL must be a postgres:// URL when INSTANCES is 2: " +
      "SQLite serves one instance only; RATE_LIMIT_REDIS_URL must be set when INSTANCES is 2, so every instance " +
      "counts rate limits in the same Redis.",
  );
});
