import type { Browser, Page } from "@playwright/test";
import { buildNupkg } from "../tests/support/build-nupkg";
import { createUser, expect, test, type TestUser } from "./fixtures";
import { closeSecretDialog, createKey, keyCard, signInAs } from "./helpers";

async function pageFor(browser: Browser, user: TestUser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, user);
  return page;
}

test("an organization shares keys: members push, removal refuses their keys, admins revoke, mails and audit follow", async ({
  browser,
  db,
}) => {
  test.setTimeout(120_000);
  const alice = await createUser(db, []);
  const bob = await createUser(db, []);
  const orgName = `Team${alice.username.slice(5)}`;
  const packageId = `${orgName}.Service.Api`;

  const a = await pageFor(browser, alice);
  await a.goto("/organizations");
  await a.getByLabel("Organization name").fill(orgName);
  await a.getByLabel("Display name").fill("The Team");
  await a.getByRole("button", { name: "Create organization" }).click();
  await expect(a.getByRole("heading", { level: 1, name: `${orgName} The Team` })).toBeVisible();
  await a.getByLabel("Username or e-mail address").fill(bob.email);
  await a.getByRole("button", { name: "Send invitation" }).click();
  await expect(a.getByRole("status").filter({ hasText: `Invitation sent to ${bob.email}.` })).toBeVisible();

  const b = await pageFor(browser, bob);
  await b.goto("/invitations");
  await b.getByRole("button", { name: `Accept the invitation to join ${orgName}` }).click();
  await expect(b.getByRole("status")).toContainText(`You joined ${orgName}.`);
  await a.reload();
  await expect(a.getByRole("listitem", { name: bob.username })).toContainText("Collaborator");

  await a.goto("/account/apikeys");
  await createKey(a, { name: "Team release", owner: `${orgName} (organization)`, glob: `${orgName}.*` });
  await closeSecretDialog(a);
  await expect(keyCard(a, "Team release")).toContainText(orgName);

  await b.goto("/account/apikeys");
  const bobSecret = await createKey(b, {
    name: "Bob team push",
    owner: `${orgName} (organization)`,
    glob: `${orgName}.Service.*`,
  });
  await closeSecretDialog(b);
  const push = () =>
    b.request.put("/api/v2/package", {
      headers: { "X-NuGet-ApiKey": bobSecret },
      multipart: { package: { name: "package.nupkg", mimeType: "application/octet-stream", buffer: body } },
    });
  let body = await buildNupkg({ id: packageId, version: "1.0.0" });
  expect((await push()).status()).toBe(201);
  await b.goto("/account/packages");
  await expect(b.getByRole("article", { name: packageId })).toContainText(`owner: ${orgName}`);

  await a.goto(`/organizations/${orgName}`);
  await a.getByRole("button", { name: `Remove ${bob.username}` }).click();
  await a.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
  await expect(a.getByRole("dialog")).toBeHidden();
  await expect(a.getByRole("listitem", { name: bob.username })).toHaveCount(0);

  body = await buildNupkg({ id: packageId, version: "1.1.0" });
  const refused = await push();
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toBe("This API key has been revoked.");
  await b.goto("/account/apikeys");
  const bobCard = keyCard(b, "Bob team push");
  await expect(bobCard).toHaveAttribute("data-status", "revoked");
  await expect(bobCard).toContainText(
    `Revoked because ${bob.username} was removed from ${orgName} by ${alice.username}`,
  );

  await a.reload();
  const keys = a.getByRole("region", { name: `API keys for ${orgName}` });
  await expect(keys.getByRole("row", { name: /Bob team push/ })).toContainText("no longer a member");
  await expect(keys.getByRole("row", { name: /Bob team push/ })).toContainText("Revoked");
  await expect(a.getByRole("button", { name: "Revoke Bob team push" })).toHaveCount(0);
  await a.getByRole("button", { name: "Revoke Team release" }).click();
  await a.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
  await expect(a.getByRole("dialog")).toBeHidden();
  await expect(a.getByRole("button", { name: "Revoke Team release" })).toHaveCount(0);
  await expect(keys.getByRole("row", { name: /Team release/ })).toContainText("Revoked");

  await a.goto("/demo/outbox");
  await expect(a.getByRole("article", { name: "API key created: Team release" }).first()).toContainText(
    `To ${alice.email}`,
  );
  const revokedMails = a.getByRole("article", { name: "API key revoked: Bob team push" });
  await expect(revokedMails.filter({ hasText: `To ${alice.email}` })).toHaveCount(1);
  await expect(a.getByText(`To ${bob.email}`)).toHaveCount(0);
  await b.goto("/demo/outbox");
  await expect(
    b.getByRole("article", { name: "API key revoked: Bob team push" }).filter({ hasText: `To ${bob.email}` }),
  ).toHaveCount(1);
  await expect(
    a.getByRole("article", { name: "API key created: Bob team push" }).filter({ hasText: `To ${alice.email}` }),
  ).toHaveCount(1);

  await a.goto(`/organizations/${orgName}/audit`);
  const log = a.getByRole("table");
  for (const action of [
    "Organization created",
    "Member invited",
    "Invitation accepted",
    "Key created",
    "Package push",
    "Member removed",
    "Key revoked",
  ]) {
    await expect(log.getByRole("cell", { name: action, exact: true }).first()).toBeVisible();
  }
  await expect(log).toContainText("403 This API key has been revoked.");
  await a.getByLabel("Action").selectOption("package.push");
  await a.getByRole("button", { name: "Filter" }).click();
  await expect(a.getByRole("cell", { name: "Key created", exact: true })).toHaveCount(0);
  await expect(log.getByRole("row")).toHaveCount(3);
});
