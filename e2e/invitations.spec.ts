import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { createUser, expect, test, type TestUser } from "./fixtures";
import { closeSecretDialog, createKey, keyCard, signInAs } from "./helpers";

async function pageFor(browser: Browser, user: TestUser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, user);
  return page;
}

/** The admin's page of a new organization they created. */
async function createOrganization(page: Page, name: string) {
  await page.goto("/organizations");
  await page.getByLabel("Organization name").fill(name);
  await page.getByLabel("Display name").fill(`The ${name} team`);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${name} The ${name} team` })).toBeVisible();
}

async function invite(page: Page, who: string, role: "Administrator" | "Collaborator" = "Collaborator") {
  await page.getByLabel("Username or e-mail address").fill(who);
  await page.getByLabel("Role", { exact: true }).selectOption({ label: role });
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${who}.` })).toBeVisible();
}

async function expectNoA11yViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

const members = (page: Page) => page.getByRole("region", { name: "Members" }).getByRole("listitem");
const pending = (page: Page) => page.getByRole("region", { name: "Pending invitations" });

test("invite → the invitee sees the notice, accepts, and creates a key for the organization", async ({
  browser,
  db,
}) => {
  const alice = await createUser(db, []);
  const bob = await createUser(db, []);
  const org = `Guild${alice.username.slice(5)}`;

  const a = await pageFor(browser, alice);
  await createOrganization(a, org);
  await invite(a, bob.username);
  await expect(pending(a).getByRole("listitem", { name: bob.username })).toContainText("Collaborator");
  await expect(members(a)).toHaveCount(1);
  await expectNoA11yViolations(a);

  const b = await pageFor(browser, bob);
  const notice = b.getByRole("complementary", { name: "Invitations" });
  await expect(notice).toContainText(`You have been invited to join ${org}.`);
  await expectNoA11yViolations(b);
  await notice.getByRole("link", { name: "Review the invitation" }).click();
  await expect(b.getByRole("heading", { level: 1, name: "Invitations" })).toBeVisible();
  const item = b.getByRole("listitem", { name: org });
  await expect(item).toContainText(`${alice.username} invited you as collaborator`);
  await expectNoA11yViolations(b);
  await item.getByRole("button", { name: `Accept the invitation to join ${org}` }).click();
  await expect(b.getByRole("status")).toContainText(`You joined ${org}.`);
  await expect(b.getByRole("listitem", { name: org })).toHaveCount(0);

  await b.goto("/account/apikeys");
  await expect(notice).toHaveCount(0);
  await createKey(b, { name: "Guild push", owner: `${org} (organization)`, glob: `${org}.*` });
  await closeSecretDialog(b);
  await expect(keyCard(b, "Guild push")).toContainText(org);

  await b.goto("/demo/outbox");
  await expect(b.getByRole("article", { name: `You are invited to join ${org} on the Package Gallery` })).toContainText(
    "/invitations",
  );

  await a.reload();
  await expect(members(a).filter({ hasText: bob.username })).toContainText("Collaborator");
  await expect(pending(a)).toContainText("No invitations are waiting for an answer.");
  await a.goto("/demo/outbox");
  await expect(a.getByRole("article", { name: `${bob.username} joined ${org}` })).toBeVisible();
  await a.goto(`/organizations/${org}`);
  await expect(
    a.getByRole("region", { name: `API keys for ${org}` }).getByRole("row", { name: /Guild push/ }),
  ).toContainText(bob.username);
});

test("invite → the invitee declines: the organization is unchanged", async ({ browser, db }) => {
  const alice = await createUser(db, []);
  const bob = await createUser(db, []);
  const org = `Club${alice.username.slice(5)}`;

  const a = await pageFor(browser, alice);
  await createOrganization(a, org);
  await invite(a, bob.email, "Administrator");
  await expect(pending(a).getByRole("listitem", { name: bob.email })).toContainText("Administrator");

  const b = await pageFor(browser, bob);
  await b.goto("/invitations");
  await b.getByRole("button", { name: `Decline the invitation to join ${org}` }).click();
  await expect(b.getByRole("status")).toContainText(`You declined the invitation to join ${org}.`);
  await expect(b.getByText("You have no invitations waiting for an answer.")).toBeVisible();
  await b.goto("/organizations");
  await expect(b.getByText("You do not belong to an organization yet.")).toBeVisible();
  await expect(b.getByRole("complementary", { name: "Invitations" })).toHaveCount(0);

  await a.reload();
  await expect(members(a)).toHaveCount(1);
  await expect(members(a)).toContainText(alice.username);
  await expect(pending(a)).toContainText("No invitations are waiting for an answer.");
});

test("an address without an account gets a registration link; the admin can cancel the invitation", async ({
  browser,
  db,
}) => {
  const alice = await createUser(db, []);
  const org = `Crew${alice.username.slice(5)}`;
  const newcomer = `newcomer-${alice.username.slice(5)}@example.test`;

  const a = await pageFor(browser, alice);
  await createOrganization(a, org);
  await invite(a, newcomer);
  await a.getByRole("button", { name: `Cancel the invitation to ${newcomer}` }).click();
  const dialog = a.getByRole("dialog", { name: `Cancel the invitation to ${newcomer}?` });
  await dialog.getByRole("button", { name: "Cancel invitation" }).click();
  await expect(dialog).toBeHidden();
  await expect(pending(a)).toContainText("No invitations are waiting for an answer.");

  // The newcomer's mail, which only they could read: a link to register with.
  const mail = await db.outboxEmail.findFirstOrThrow({ where: { to: newcomer } });
  expect(mail.subject).toBe(`You are invited to join ${org} on the Package Gallery`);
  expect(mail.text).toMatch(/\/register\?invitation=[A-Za-z0-9_-]{43}\n/);
});
