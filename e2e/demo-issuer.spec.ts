import AxeBuilder from "@axe-core/playwright";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { buildNupkg } from "../tests/support/build-nupkg";
import { createUser, expect, test } from "./fixtures";
import { signInAs } from "./helpers";
import { startGallery } from "./servers";

/** The request a shown `curl` command makes: its URL, headers and body, read back from the command's text. */
function curlRequest(command: string) {
  const url = /curl -sS -X POST '([^']+)'/.exec(command)?.[1];
  const headers = Object.fromEntries(
    [...command.matchAll(/-H '([^':]+): ([^']+)'/g)].map(([, name, value]) => [name!, value!]),
  );
  const body = /-d '([^']+)'/.exec(command)?.[1];
  expect(url, command).toBeDefined();
  expect(body, command).toBeDefined();
  return { url: url!, headers, body: body! };
}

test("in demo mode, a person mints a token for their repository and trades it for a key that pushes", async ({
  page,
  context,
  db,
  baseURL,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  const user = await createUser(db, []);
  const tag = user.username.slice(5);
  const owner = `demo-${tag}`;
  await signInAs(page, user);

  await page.getByRole("button", { name: user.username, exact: true }).click();
  await page.getByRole("link", { name: "Trusted Publishing" }).click();
  await page.getByLabel("Policy name").fill("Demo release");
  await page.getByLabel("Repository owner").fill(owner);
  await page.getByRole("textbox", { name: "Repository", exact: true }).fill("widgets");
  await page.getByLabel("Workflow file").fill("release.yml");
  await page.getByRole("button", { name: "Create policy" }).click();
  const policy = page.getByRole("listitem", { name: "Demo release" });
  await expect(policy).toContainText("Pending first use");

  await page.getByRole("link", { name: "demo token issuer" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Demo token issuer" })).toBeVisible();
  const banner = page.getByRole("complementary", { name: "Demo only" });
  await expect(banner).toContainText("Demo only: this is not GitHub.");
  await expect(banner).toContainText("accepted only by this demo gallery");
  await expect(banner).toContainText(`${baseURL}/demo/oidc`);
  await expect(page.getByLabel("Workflow file")).toHaveValue("release.yml");

  const repository = page.getByRole("textbox", { name: "Repository" });
  await repository.fill(`${owner}/wid gets`);
  await page.getByRole("button", { name: "Mint token" }).click();
  await expect(repository).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#demo-repository-error")).toHaveText(
    "The repository name may use letters, digits, '.', '_' and '-' (at most 100 characters).",
  );
  await repository.fill(`${owner}/widgets`);
  await page.getByRole("button", { name: "Mint token" }).click();

  const minted = page.getByRole("region", { name: `Your token for ${owner}/widgets` });
  await expect(minted).toBeVisible();
  await expect(minted.getByRole("heading", { name: `Your token for ${owner}/widgets` })).toBeFocused();
  const token = await minted.getByRole("textbox", { name: "OIDC token" }).inputValue();
  expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  await expect(minted.getByRole("textbox", { name: "OIDC token" })).toHaveAttribute("readonly", "");
  await expect(minted.getByText(/^Expires /)).toContainText("5 minutes after it was minted");
  await minted.getByRole("button", { name: "Copy the token", exact: true }).click();
  await expect(minted.getByRole("button", { name: "Copied the token", exact: true })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await expect(minted).toContainText(
    `names repository owner ${owner}, repository widgets and workflow file release.yml`,
  );
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

  // A real OIDC issuer: anyone can fetch its discovery document and keys and check the token with them.
  const discovery = (await (await fetch(`${baseURL}/demo/oidc/.well-known/openid-configuration`)).json()) as {
    issuer: string;
    jwks_uri: string;
  };
  expect(discovery).toMatchObject({ issuer: `${baseURL}/demo/oidc`, jwks_uri: `${baseURL}/demo/oidc/jwks` });
  const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(discovery.jwks_uri)), {
    issuer: discovery.issuer,
    audience: baseURL,
  });
  expect(payload).toMatchObject({ repository: `${owner}/widgets`, repository_owner: owner });

  // The copied curl command is NuGet/login's request, as shown: send exactly that.
  const exchangeBlock = minted.getByLabel("1. Trade the token for an API key, as NuGet/login does");
  await minted.getByRole("button", { name: "Copy the curl command" }).click();
  const exchangeText = await page.evaluate(() => navigator.clipboard.readText());
  expect(exchangeText).toBe(await exchangeBlock.innerText());
  const request = curlRequest(exchangeText);
  expect(request).toEqual({
    url: `${baseURL}/api/v2/token`,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ username: user.username, tokenType: "ApiKey" }),
  });
  const answer = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body });
  const exchanged = (await answer.json()) as { tokenType: string; expires: string; apiKey: string };
  expect(answer.status, JSON.stringify(exchanged)).toBe(200);
  expect(exchanged.tokenType).toBe("ApiKey");

  const pushText = await minted.getByLabel("2. Push a package with it (.NET CLI)").innerText();
  expect(pushText).toContain(`--api-key "$API_KEY" --source '${baseURL}/v3/index.json'`);
  await expect(minted.getByLabel("… or with nuget.exe")).toContainText(`-Source '${baseURL}/v3/index.json'`);
  const form = new FormData();
  const id = `Demo.Issuer.${tag}`;
  form.append("package", new Blob([new Uint8Array(await buildNupkg({ id, version: "1.0.0" }))]), "package.nupkg");
  const pushed = await fetch(`${baseURL}/api/v2/package`, {
    method: "PUT",
    headers: { "X-NuGet-ApiKey": exchanged.apiKey },
    body: form,
  });
  expect(pushed.status).toBe(201);

  await minted.getByRole("link", { name: "Trusted Publishing" }).click();
  await expect(policy).toContainText("Active");
  await expect(policy).toContainText("1 key issued in the last day");
  await page.goto(`/packages/${id}`);
  await expect(page.getByRole("heading", { level: 1, name: id })).toBeVisible();
});

test("signed out, the page sends a person to sign in, while the issuer's discovery document and keys stay public", async ({
  request,
}) => {
  const anonymous = await request.get("/demo/oidc", { maxRedirects: 0 });
  expect(anonymous.status()).toBe(307);
  expect(anonymous.headers()["location"]).toContain(`/login?callbackUrl=${encodeURIComponent("/demo/oidc")}`);
  const jwks = await request.get("/demo/oidc/jwks", { maxRedirects: 0 });
  expect(jwks.status()).toBe(200);
  expect(await jwks.json()).toEqual({
    keys: [{ kty: "OKP", crv: "Ed25519", x: expect.any(String), kid: expect.any(String), alg: "EdDSA", use: "sig" }],
  });
  expect((await request.get("/demo/oidc/.well-known/openid-configuration")).status()).toBe(200);
});

test("outside demo mode there is no demo issuer: its page and endpoints answer 404 and its tokens are refused", async ({
  page,
  browser,
  db,
}) => {
  test.setTimeout(90_000);
  const user = await createUser(db, []);
  await signInAs(page, user);
  await page.goto("/demo/oidc");
  await page.getByRole("textbox", { name: "Repository" }).fill("contoso/widgets");
  await page.getByRole("button", { name: "Mint token" }).click();
  const token = await page.getByRole("textbox", { name: "OIDC token" }).inputValue();

  const gallery = await startGallery({ DEMO_MODE: "0" });
  try {
    for (const path of ["/demo/oidc/.well-known/openid-configuration", "/demo/oidc/jwks"])
      expect((await fetch(`${gallery.url}${path}`)).status, path).toBe(404);
    const answer = await fetch(`${gallery.url}/api/v2/token`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ username: user.username, tokenType: "ApiKey" }),
    });
    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual({ error: "The token was not issued by the trusted issuer." });

    const other = await (await browser.newContext({ baseURL: gallery.url })).newPage();
    await signInAs(other, user);
    const response = await other.goto("/demo/oidc");
    expect(response?.status()).toBe(404);
    await expect(other.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await other.goto("/account/trustedpublishing");
    await expect(other.getByRole("heading", { level: 1, name: "Trusted Publishing" })).toBeVisible();
    await expect(other.getByRole("link", { name: "demo token issuer" })).toHaveCount(0);
    await other.context().close();
  } finally {
    await gallery.stop();
  }
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("the minted token and its commands fit the screen", async ({ page, db }) => {
    const user = await createUser(db, []);
    await signInAs(page, user);
    await page.goto("/demo/oidc");
    await page.getByRole("textbox", { name: "Repository" }).fill("alice-demo/widgets");
    await page.getByLabel("Environment (optional)").fill("nuget");
    await page.getByRole("button", { name: "Mint token" }).click();
    await expect(page.getByRole("textbox", { name: "OIDC token" })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const copy = await page.getByRole("button", { name: "Copy the curl command" }).boundingBox();
    expect(copy!.x + copy!.width).toBeLessThanOrEqual(390);
  });
});
