import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createDb } from "../lib/db/create-db";
import { mintKey } from "../lib/keys/format";
import { buildNupkg } from "../tests/support/build-nupkg";
import { createUser, expect, insertKey as makeKey, PASSWORD, test } from "./fixtures";
import { sessionCookie } from "../scripts/lib/gallery-server";
import { nuget } from "./nuget-exe";
import { createPostgresGallery, POSTGRES_URL, startGallery } from "./servers";

/** A raw HTTP request with headers fetch would refuse to send (Host), as a client on another machine sends them. */
async function rawGet(url: string, headers: Record<string, string>) {
  const { request } = await import("node:http");
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      const req = request(url, { headers }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      });
      req.on("error", reject);
      req.end();
    },
  );
}

test("a NuGet client on another machine is sent back to the host it used, never to localhost", async ({
  baseURL,
  db,
}) => {
  const index = await rawGet(`${baseURL}/v3/index.json`, { host: "gallery.example.com:8080" });
  expect(JSON.parse(index.body).resources[0]["@id"]).toBe("http://gallery.example.com:8080/api/v2/package");
  const forged = await rawGet(`${baseURL}/v3/index.json`, {
    "x-forwarded-host": "evil.example",
    "x-forwarded-proto": "https",
  });
  expect(forged.body).not.toContain("evil.example");

  const user = await createUser(db, ["Warned.Pkg"]);
  const key = await makeKey(db, user.id, { scopes: ["package:unlist"], expiresInDays: 3 });
  const { request } = await import("node:http");
  const warning = await new Promise<string | undefined>((resolve, reject) => {
    const req = request(
      `${baseURL}/api/v2/package/Warned.Pkg.${user.username.slice(5)}/9.9.9`,
      { method: "DELETE", headers: { host: "gallery.example.com", "x-nuget-apikey": key.secret } },
      (res) => {
        res.resume();
        resolve(res.headers["x-nuget-warning"] as string | undefined);
      },
    );
    req.on("error", reject);
    req.end();
  });
  expect(warning).toContain("http://gallery.example.com/account/apikeys");
});

test("a forged X-Forwarded-For neither dodges the key-guess limit nor lands in the records; trusted proxies are followed", async ({
  db,
}) => {
  test.setTimeout(120_000);
  const direct = await startGallery();
  try {
    const user = await createUser(db, ["Traced.Pkg"]);
    const key = await makeKey(db, user.id, { scopes: ["package:unlist"] });
    const unlist = () =>
      fetch(`${direct.url}/api/v2/package/Traced.Pkg.${user.username.slice(5)}/1.0.0`, {
        method: "DELETE",
        headers: { "x-nuget-apikey": key.secret, "x-forwarded-for": "203.0.113.99" },
      });
    expect((await unlist()).status).toBe(404);
    await expect.poll(async () => (await db.usageEvent.findFirst({ where: { keyId: key.id } }))?.ip).toBe("127.0.0.1");

    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) {
      const response = await fetch(`${direct.url}/api/v2/package/Some.Package/1.0.0`, {
        method: "DELETE",
        headers: { "x-nuget-apikey": mintKey().secret, "x-forwarded-for": `198.51.100.${i}` },
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 403)).toBe(true);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    // The key that worked a moment ago is known good and still answered.
    expect((await unlist()).status).toBe(404);
  } finally {
    await direct.stop();
  }

  const proxied = await startGallery({ TRUSTED_PROXY_HOPS: "1" });
  try {
    const user = await createUser(db, ["Proxied.Pkg"]);
    const key = await makeKey(db, user.id, { scopes: ["package:unlist"] });
    await fetch(`${proxied.url}/api/v2/package/Proxied.Pkg.${user.username.slice(5)}/1.0.0`, {
      method: "DELETE",
      headers: { "x-nuget-apikey": key.secret, "x-forwarded-for": "6.6.6.6, 203.0.113.42" },
    });
    await expect
      .poll(async () => (await db.usageEvent.findFirst({ where: { keyId: key.id } }))?.ip)
      .toBe("203.0.113.42");
    const index = await rawGet(`${proxied.url}/v3/index.json`, {
      "x-forwarded-host": "nuget.example.com",
      "x-forwarded-proto": "https",
    });
    expect(JSON.parse(index.body).resources[0]["@id"]).toBe("https://nuget.example.com/api/v2/package");
  } finally {
    await proxied.stop();
  }
});

test("a push answered 201 is audited even when the server is stopped right after it", async ({ db }) => {
  const gallery = await startGallery();
  const user = await createUser(db, []);
  const key = await makeKey(db, user.id, { scopes: ["package:push"] });
  const id = `Stopped.${user.username.slice(5)}`;
  const pushed = await fetch(`${gallery.url}/api/v2/package`, {
    method: "PUT",
    headers: { "x-nuget-apikey": key.secret, "content-type": "application/octet-stream" },
    body: new Uint8Array(await buildNupkg({ id, version: "1.0.0" })),
  });
  expect(pushed.status).toBe(201);
  expect(await gallery.stop("SIGTERM")).toBe(0);
  expect(gallery.output()).toContain("SIGTERM: finishing requests in flight");
  expect(await db.auditEvent.count({ where: { action: "package.push", packageId: id } })).toBe(1);
  // The batched "last used" time was flushed before the process ended.
  expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).not.toBeNull();
});

test("nuget.exe pushing 20 MB to a gallery with a 1 MB limit prints the limit, not a reset connection", async ({
  db,
}) => {
  test.setTimeout(120_000);
  const gallery = await startGallery({ MAX_PACKAGE_MB: "1" });
  try {
    const user = await createUser(db, []);
    const key = await makeKey(db, user.id, { scopes: ["package:push"] });
    const home = mkdtempSync(join(tmpdir(), "nuget-home-"));
    const id = `Large.${user.username.slice(5)}`;
    const file = join(home, `${id}.1.0.0.nupkg`);
    const { randomBytes } = await import("node:crypto");
    writeFileSync(
      file,
      await buildNupkg({ id, version: "1.0.0", files: { "content/blob.bin": randomBytes(20 * 1024 * 1024) } }),
    );
    const { output } = await nuget(
      ["push", file, "-Source", `${gallery.url}/v3/index.json`, "-ApiKey", key.secret],
      home,
    );
    expect(output).toContain("413 (The package is larger than the limit of 1 MB.)");
    expect(output).not.toMatch(/reset|forcibly closed/i);
  } finally {
    await gallery.stop();
  }
});

test("signing in never leaves the gallery, whatever the callback URL says", async ({ page, baseURL, db }) => {
  test.setTimeout(120_000);
  const user = await createUser(db, []);
  const attacks = [
    "//evil.example",
    "/.//evil.example/x",
    "/%09/evil.example",
    "/\\evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    "/%0a/account",
    "/account%0d%0aSet-Cookie:%20x=1",
    "/%00",
    "/%E2%80%8B/evil.example",
  ];
  for (const attack of attacks) {
    const response = await page.goto(`/login?callbackUrl=${encodeURIComponent(attack)}`);
    expect(response!.status()).toBeLessThan(500);
    await page.getByLabel("E-mail address").fill(user.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "API Keys", level: 1 })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    await page.context().clearCookies();
  }
});

const ODD_URLS = [
  "/organizations/%00",
  "/organizations/a%00b/audit",
  "/organizations/%ED%A0%80",
  "/organizations/%25",
  "/account/audit?key=%00",
  "/account/audit?action=%ED%A0%80",
  "/account/audit?key=a&key=b",
  "/account/apikeys/%00/usage",
  "/account/apikeys/%ED%A0%80/usage",
  "/account/apikeys?page=%00",
  "/account/apikeys?page=1&page=2",
  "/login?callbackUrl=%00",
];

async function expectNoServerErrors(base: string, cookie: string) {
  for (const path of ODD_URLS) {
    const response = await fetch(`${base}${path}`, { headers: { cookie }, redirect: "manual" });
    expect(response.status, path).toBeLessThan(500);
  }
}

test("odd text in page URLs gets a 404 or a redirect, never a server error, on SQLite and PostgreSQL", async ({
  baseURL,
  db,
}) => {
  test.setTimeout(120_000);
  const user = await createUser(db, []);
  await expectNoServerErrors(baseURL!, await sessionCookie(baseURL!, user.email, PASSWORD));

  const probe = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  const reachable = await probe.connect().then(
    () => true,
    () => false,
  );
  await probe.end().catch(() => undefined);
  test.skip(!reachable && process.env.REQUIRE_POSTGRES !== "1", "PostgreSQL is not running here");
  const postgres = await createPostgresGallery();
  const gallery = await startGallery({ DATABASE_URL: postgres.url });
  try {
    const pgDb = createDb(postgres.url);
    const pgUser = await createUser(pgDb, []);
    await pgDb.$disconnect();
    await expectNoServerErrors(gallery.url, await sessionCookie(gallery.url, pgUser.email, PASSWORD));
    expect(gallery.output()).not.toMatch(/invalid byte sequence|unsupported Unicode escape/);
  } finally {
    await gallery.stop();
    await postgres.drop();
  }
});

test("with GALLERY_URL set, sign-in redirects go there whatever Host the request named", async ({ db }) => {
  const port = 3199;
  // A name, not 127.0.0.1, which Next.js reports as "localhost".
  const gallery = await startGallery({ GALLERY_URL: `http://gallery.test:${port}` }, port);
  try {
    const user = await createUser(db, []);
    const csrf = await fetch(`${gallery.url}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const { request } = await import("node:http");
    const body = new URLSearchParams({ csrfToken, email: user.email, password: PASSWORD }).toString();
    const location = await new Promise<string | undefined>((resolve, reject) => {
      const req = request(
        `${gallery.url}/api/auth/callback/credentials`,
        {
          method: "POST",
          headers: {
            host: "evil.example",
            "x-forwarded-host": "evil.example",
            "content-type": "application/x-www-form-urlencoded",
            "content-length": Buffer.byteLength(body),
            cookie,
          },
        },
        (res) => {
          res.resume();
          resolve(res.headers.location);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
    expect(new URL(location!).origin).toBe(`http://gallery.test:${port}`);
    expect(gallery.output()).not.toContain("GALLERY_URL is not set");
  } finally {
    await gallery.stop();
  }
});
