import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Page } from "@playwright/test";
import { generateKeyPair } from "jose";
import { buildNupkg } from "../tests/support/build-nupkg";
import { startOidcIssuer } from "../tests/support/oidc-issuer";
import { createUser, expect, test } from "./fixtures";
import { signInAs } from "./helpers";
import { nuget } from "./nuget-exe";
import { startGallery, type Gallery } from "./servers";

const AUDIENCE = "https://gallery.e2e.test";

async function createPolicy(page: Page, name: string, repositoryOwner: string, repository: string) {
  await page.getByLabel("Policy name").fill(name);
  await page.getByLabel("Repository owner").fill(repositoryOwner);
  await page.getByRole("textbox", { name: "Repository", exact: true }).fill(repository);
  await page.getByLabel("Workflow file").fill("release.yml");
  await page.getByRole("button", { name: "Create policy" }).click();
  const policy = page.getByRole("listitem", { name });
  await expect(policy).toContainText("Pending first use: 7 days left");
  return policy;
}

/** POST /api/v2/token exactly as NuGet/login sends it. */
async function exchange(galleryUrl: string, token: string, username: string) {
  const answer = await fetch(`${galleryUrl}/api/v2/token`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ username, tokenType: "ApiKey" }),
  });
  return { status: answer.status, body: (await answer.json()) as Record<string, string> };
}

test("a workflow fitting a policy made on the page trades its OIDC token for a key that pushes", async ({
  page,
  db,
}) => {
  test.setTimeout(90_000);
  const issuer = await startOidcIssuer(AUDIENCE);
  const gallery = await startGallery({ OIDC_GITHUB_ISSUER: issuer.url, OIDC_AUDIENCE: AUDIENCE });
  try {
    const user = await createUser(db, []);
    await signInAs(page, user);
    await page.getByRole("button", { name: user.username, exact: true }).click();
    await page.getByRole("link", { name: "Trusted Publishing" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Trusted Publishing" })).toBeVisible();
    const policy = await createPolicy(page, "Release", "Contoso", "Widgets");
    await expect(policy).toContainText("Never used");

    const token = await issuer.mint({ repositoryOwner: "contoso", repository: "contoso/widgets" });
    const exchange = () =>
      fetch(`${gallery.url}/api/v2/token`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ username: user.username, tokenType: "ApiKey" }),
      });
    const answer = await exchange();
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { tokenType: string; expires: string; apiKey: string };
    expect(body.tokenType).toBe("ApiKey");
    expect(new Date(body.expires).getTime()).toBeGreaterThan(Date.now() + 55 * 60_000);
    const replay = await exchange();
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual({ error: "This token has already been used." });

    const id = `Trusted.${user.username.slice(5)}`;
    const form = new FormData();
    form.append("package", new Blob([new Uint8Array(await buildNupkg({ id, version: "1.0.0" }))]), "package.nupkg");
    const pushed = await fetch(`${gallery.url}/api/v2/package`, {
      method: "PUT",
      headers: { "X-NuGet-ApiKey": body.apiKey },
      body: form,
    });
    expect(pushed.status).toBe(201);

    await page.reload();
    await expect(policy).toContainText("Active");
    await expect(policy).toContainText("1 key issued in the last day");
    await page.goto("/account/apikeys");
    await expect(page.getByText("Release (Trusted Publishing)")).toHaveCount(0);
  } finally {
    await gallery.stop();
    await issuer.close();
  }
});

test("nuget.exe pushes with the key NuGet/login's request obtained; refused tokens say why; an hour on, the key is refused", async ({
  page,
  db,
}) => {
  test.setTimeout(240_000);
  const issuer = await startOidcIssuer(AUDIENCE);
  const settings = { OIDC_GITHUB_ISSUER: issuer.url, OIDC_AUDIENCE: AUDIENCE };
  const gallery = await startGallery(settings);
  let hourLater: Gallery | undefined;
  try {
    const user = await createUser(db, []);
    await signInAs(page, user);
    await page.goto("/account/trustedpublishing");
    await createPolicy(page, "Ship", "Fabrikam", "Tools");
    const fits = { repositoryOwner: "fabrikam", repository: "fabrikam/tools", runId: "4242" };

    const claims = issuer.claims(fits);
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const { privateKey: otherKey } = await generateKeyPair("RS256");
    const refusals: [string, string, RegExp][] = [
      [
        "another repository",
        await issuer.mint({ ...fits, repository: "fabrikam/gadgets" }),
        /repository is "fabrikam\/gadgets"/,
      ],
      ["another workflow", await issuer.mint({ ...fits, workflowFile: "ci.yml" }), /workflow file is "ci.yml"/],
      [
        "another audience",
        await issuer.mint({ ...fits, audience: "https://www.nuget.org" }),
        /audience is not this gallery/,
      ],
      [
        "an expired token",
        await issuer.mint({ ...fits, iat: Math.floor(Date.now() / 1000) - 3600, lifetime: 600 }),
        /has expired/,
      ],
      ["alg none", `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`, /algorithm is not accepted|malformed/],
      ["another signer", await issuer.mint({ ...fits, key: otherKey }), /signature is invalid/],
    ];
    for (const [what, token, reason] of refusals) {
      const refused = await exchange(gallery.url, token, user.username);
      expect(refused.status, what).toBe(401);
      expect(refused.body.error, what).toMatch(reason);
    }

    const token = await issuer.mint(fits);
    const granted = await exchange(gallery.url, token, user.username);
    expect(granted.status).toBe(200);
    expect(await exchange(gallery.url, token, user.username)).toEqual({
      status: 401,
      body: { error: "This token has already been used." },
    });

    const home = mkdtempSync(join(tmpdir(), "nuget-home-"));
    const id = `Shipped.${user.username.slice(5)}`;
    const nupkg = async (version: string) => {
      const file = join(home, `${id}.${version}.nupkg`);
      writeFileSync(file, await buildNupkg({ id, version }));
      return file;
    };
    const pushed = await nuget(
      ["push", await nupkg("1.0.0"), "-Source", `${gallery.url}/v3/index.json`, "-ApiKey", granted.body.apiKey!],
      home,
    );
    expect(pushed.output).toContain("Your package was pushed.");
    expect(pushed.code, pushed.output).toBe(0);

    await page.reload();
    await page.getByRole("link", { name: "Usage of Ship" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Ship" })).toBeVisible();
    const uses = page.getByRole("list", { name: "Uses of Ship" });
    await expect(uses.locator(":scope > li")).toHaveCount(1);
    await expect(uses).toContainText("fabrikam/tools");
    await expect(uses.getByRole("link", { name: "Run 4242" })).toHaveAttribute(
      "href",
      "https://github.com/fabrikam/tools/actions/runs/4242",
    );
    await expect(uses).toContainText("Valid until");
    await expect(uses.getByRole("link", { name: `${id} 1.0.0` })).toBeVisible();

    // The same database served by a process whose clock runs 61 minutes ahead.
    hourLater = await startGallery({
      ...settings,
      NODE_OPTIONS: `--require ${resolve("e2e/fake-clock.cjs")}`,
      FAKE_CLOCK_OFFSET_MS: String(61 * 60_000),
      PACKAGES_DIR: "data/e2e-packages-later",
    });
    const late = await nuget(
      ["push", await nupkg("1.0.1"), "-Source", `${hourLater.url}/v3/index.json`, "-ApiKey", granted.body.apiKey!],
      home,
    );
    expect(late.output).toContain("This API key has expired.");
    expect(late.code).not.toBe(0);
  } finally {
    await hourLater?.stop();
    await gallery.stop();
    await issuer.close();
  }
});
