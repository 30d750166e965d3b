import pg from "pg";
import { createDb } from "../lib/db/create-db";
import { buildNupkg } from "../tests/support/build-nupkg";
import { createUser, expect, PASSWORD, test } from "./fixtures";
import { closeSecretDialog, createKey, keyCard, signIn } from "./helpers";
import { createPostgresGallery, POSTGRES_URL, startGallery } from "./servers";

async function postgresReachable(): Promise<boolean> {
  const probe = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  const reachable = await probe.connect().then(
    () => true,
    () => false,
  );
  await probe.end().catch(() => undefined);
  return reachable;
}

test("two instances on one PostgreSQL database: a key revoked on one is refused by the other within a second, with the key cache on", async ({
  page,
}) => {
  test.setTimeout(180_000);
  test.skip(!(await postgresReachable()) && process.env.REQUIRE_POSTGRES !== "1", "PostgreSQL is not running here");
  const postgres = await createPostgresGallery();
  const [a, b] = await Promise.all([
    startGallery({ DATABASE_URL: postgres.url }),
    startGallery({ DATABASE_URL: postgres.url }),
  ]);
  try {
    const setup = createDb(postgres.url);
    const user = await createUser(setup, ["Cluster.Pkg"]);
    await setup.$disconnect();
    const packageId = user.packages[0]!;

    // B keeps verified keys (default KEY_CACHE_TTL_MS) once it listens for the other instances' key changes.
    await expect
      .poll(async () => ((await (await fetch(`${b.url}/api/ready`)).json()) as { keyCache: string }).keyCache, {
        timeout: 15_000,
      })
      .toBe("on");

    await signIn(page, user.email, PASSWORD, `${a.url}/account/apikeys`);
    const secret = await createKey(page, { name: "Cluster key", glob: "Cluster.*", unlist: true });
    await closeSecretDialog(page);

    const pushed = await fetch(`${b.url}/api/v2/package`, {
      method: "PUT",
      headers: { "x-nuget-apikey": secret, "content-type": "application/octet-stream" },
      body: new Uint8Array(await buildNupkg({ id: packageId, version: "1.0.0" })),
    });
    expect(pushed.status).toBe(201);
    // B now knows the key as good; without the bus it would go on trusting it for 30 seconds.
    const unlistThroughB = async () => {
      const response = await fetch(`${b.url}/api/v2/package/${packageId}/1.0.0`, {
        method: "DELETE",
        headers: { "x-nuget-apikey": secret },
      });
      return `${response.status} ${await response.text()}`;
    };
    expect(await unlistThroughB()).toMatch(/^200 /);

    await page.getByRole("button", { name: "Revoke Cluster key" }).click();
    await page.getByRole("dialog", { name: "Revoke Cluster key?" }).getByRole("button", { name: "Revoke" }).click();
    await expect(keyCard(page, "Cluster key")).toContainText("Revoked");
    await expect.poll(unlistThroughB, { timeout: 1_000, intervals: [20] }).toBe("403 This API key has been revoked.");
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await postgres.drop();
  }
});

test("several instances need PostgreSQL and Redis: the start is refused with a clear message otherwise", async () => {
  const started = startGallery({ INSTANCES: "2", RATE_LIMIT_REDIS_URL: "" });
  await expect(started).rejects.toThrow(
    "The gallery cannot start. Invalid environment: DATABASE_URL must be a postgres:// URL when INSTANCES is 2: " +
      "SQLite serves one instance only; RATE_LIMIT_REDIS_URL must be set when INSTANCES is 2, so every instance " +
      "counts rate limits in the same Redis.",
  );
});
