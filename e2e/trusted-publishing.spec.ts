import { buildNupkg } from "../tests/support/build-nupkg";
import { startOidcIssuer } from "../tests/support/oidc-issuer";
import { createUser, expect, test } from "./fixtures";
import { signInAs } from "./helpers";
import { startGallery } from "./servers";

const AUDIENCE = "https://gallery.e2e.test";

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
    await page.getByLabel("Policy name").fill("Release");
    await page.getByLabel("Repository owner").fill("Contoso");
    await page.getByRole("textbox", { name: "Repository", exact: true }).fill("Widgets");
    await page.getByLabel("Workflow file").fill("release.yml");
    await page.getByRole("button", { name: "Create policy" }).click();
    const policy = page.getByRole("listitem", { name: "Release" });
    await expect(policy).toContainText("Pending first use: 7 days left");
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
