import { request as playwrightRequest } from "@playwright/test";
import { createUser, expect, test, PASSWORD } from "./fixtures";
import { closeSecretDialog, createKey, signInAs } from "./helpers";

test("pages carry a nonce-based CSP and the other security headers; API answers are locked down too", async ({
  page,
  request,
}) => {
  const response = await page.goto("/login");
  const headers = response!.headers();
  const csp = headers["content-security-policy"]!;
  const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp.split(";").find((d) => d.trim().startsWith("script-src"))).not.toContain("unsafe-inline");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["strict-transport-security"]).toBeUndefined();
  const scripts = await page.locator("script").evaluateAll((nodes) => nodes.map((n) => (n as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.every((n) => n === nonce)).toBe(true);
  expect((await page.request.get("/login")).headers()["content-security-policy"]).not.toContain(nonce!);

  const api = await request.get("/v3/index.json");
  expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  const overHttps = await request.get("/api/health", { headers: { "x-forwarded-proto": "https" } });
  expect(overHttps.headers()["strict-transport-security"]).toContain("max-age=");
});

test("the session cookie is HttpOnly and SameSite=Lax", async ({ page, db }) => {
  const user = await createUser(db, []);
  await signInAs(page, user);
  const cookie = (await page.context().cookies()).find((c) => c.name.includes("session-token"));
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
});

test("repeated failed sign-ins are refused for a while, in the form and at the API", async ({ page, db, request }) => {
  const user = await createUser(db, []);
  await page.goto("/login");
  for (let i = 0; i < 10; i++) {
    await page.getByLabel("E-mail address").fill(user.email);
    await page.getByLabel("Password").fill(`wrong-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Wrong e-mail address or password." })).toBeVisible();
    // The form resets once the sign-in attempt has been answered.
    await expect(page.getByLabel("Password")).toHaveValue("");
  }
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Too many failed sign-ins" })).toContainText(
    "Try again in 15 minutes",
  );
  await expect(page).toHaveURL(/\/login/);

  const csrf = await (await request.get("/api/auth/csrf")).json();
  const direct = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email: user.email, password: PASSWORD },
    maxRedirects: 0,
  });
  expect(direct.status()).toBe(429);
  expect(Number(direct.headers()["retry-after"])).toBeGreaterThan(0);
});

test("anonymous visitors get nothing: pages send them to sign-in, APIs answer 401, actions refuse", async ({
  page,
  db,
  request,
}) => {
  for (const path of [
    "/account/apikeys",
    "/account/audit",
    "/account/apikeys/x/usage",
    "/account/packages",
    "/organizations",
    "/organizations/Contoso",
    "/organizations/Contoso/audit",
    "/demo/outbox",
  ]) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(307);
    expect(res.headers()["location"], path).toContain(`/login?callbackUrl=${encodeURIComponent(path)}`);
  }
  const push = await request.put("/api/v2/package", { data: "x" });
  expect(push.status()).toBe(401);
  expect(push.headers()["www-authenticate"]).toContain("X-NuGet-ApiKey");
  expect((await request.delete("/api/v2/package/Contoso.Client/1.5.0")).status()).toBe(401);
  expect((await request.post("/api/v2/package/Contoso.Client/1.5.0")).status()).toBe(401);
  expect((await request.post("/api/jobs/expiry")).status()).toBe(401);
  expect((await request.post("/api/jobs/expiry", { headers: { Authorization: "Bearer wrong" } })).status()).toBe(401);
  expect(
    (await request.post("/api/jobs/expiry", { headers: { Authorization: "Bearer e2e-cron-secret" } })).status(),
  ).toBe(200);

  // A real server-action call captured from a signed-in browser, replayed without the session.
  const user = await createUser(db, []);
  await signInAs(page, user);
  await createKey(page, { name: "Replayed", glob: "*" });
  await closeSecretDialog(page);
  let captured: { headers: Record<string, string>; body: string } | null = null;
  await page.route("**/account/apikeys", async (route) => {
    const req = route.request();
    if (req.method() === "POST" && req.headers()["next-action"]) {
      captured = { headers: req.headers(), body: req.postData() ?? "" };
      return route.abort();
    }
    return route.continue();
  });
  await page.getByRole("button", { name: "Revoke Replayed" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
  await expect.poll(() => captured).not.toBeNull();
  const anonymous = await playwrightRequest.newContext({ baseURL: page.url() });
  const headers = Object.fromEntries(Object.entries(captured!.headers).filter(([name]) => name !== "cookie"));
  const replay = await anonymous.post("/account/apikeys", { headers, data: captured!.body, maxRedirects: 0 });
  expect(await replay.text()).toContain("Your session has ended. Sign in again.");
  await anonymous.dispose();
  expect((await db.apiKey.findFirstOrThrow({ where: { creatorId: user.id, name: "Replayed" } })).revokedAt).toBeNull();
});

test("health and readiness answer", async ({ request }) => {
  expect(await (await request.get("/api/health")).text()).toBe("ok");
  const ready = await request.get("/api/ready");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: "ready", keyCache: "on" });
});
