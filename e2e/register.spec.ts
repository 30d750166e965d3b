import { randomBytes } from "node:crypto";
import { createUser, expect, test } from "./fixtures";
import { closeSecretDialog, createKey, signIn, signInAs } from "./helpers";
import { startGallery } from "./servers";

const PASSWORD = "a fresh sign-up passphrase";

/** Opens the link of the newest mail to this address from the demo mailbox, as a person following it would. */
async function followMailedLink(page: import("@playwright/test").Page, email: string, subject: string) {
  await page.goto(`/demo/mailbox?to=${encodeURIComponent(email)}`);
  const mail = page.getByRole("article", { name: subject }).first();
  await expect(mail).toBeVisible();
  const href = (await mail.getByRole("link").first().getAttribute("href"))!;
  // The link names the gallery's public address; the test server answers on its own.
  const url = new URL(href);
  await page.goto(url.pathname + url.search);
}

test("register, confirm from the mail, then create a key", async ({ page }) => {
  const username = `Newcomer-${randomBytes(3).toString("hex")}`;
  const email = `${username.toLowerCase()}@example.test`;

  await page.goto("/login");
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page.getByRole("heading", { name: "Create an account" })).toBeVisible();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel(/^Password/).fill(`${username}-secret`);
  await page.getByLabel("Confirm password").fill(`${username}-secret`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Don't use your e-mail address or username in your password.")).toBeVisible();

  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();

  // Signed in, but told to confirm first; a key is refused with that reason.
  await expect(page.getByRole("heading", { name: "API Keys", level: 1 })).toBeVisible();
  const notice = page.getByRole("region", { name: "Confirm your e-mail address" });
  await expect(notice).toContainText(`We sent a link to ${email}`);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  const panel = page.locator("#create-key-panel");
  await panel.getByLabel("Key Name").fill("first key");
  await panel.getByRole("textbox", { name: "Glob Pattern" }).fill(`${username}.*`);
  await panel.getByRole("button", { name: "Create" }).click();
  await expect(panel.getByRole("alert")).toContainText("Confirm your e-mail address first");

  await followMailedLink(page, email, "Confirm your Package Gallery account");
  await page.getByRole("button", { name: "Confirm my e-mail address" }).click();
  await expect(page.getByRole("status")).toContainText(`${email} is confirmed`);
  await page.getByRole("link", { name: "Go to your API keys" }).click();

  await expect(page.getByRole("heading", { name: "API Keys", level: 1 })).toBeVisible();
  await expect(notice).toBeHidden();
  await createKey(page, { name: "first key", glob: `${username}.*` });
  await closeSecretDialog(page);
  await expect(page.getByRole("article", { name: "first key" })).toBeVisible();

  // The link worked once.
  await followMailedLink(page, email, "Confirm your Package Gallery account");
  await page.getByRole("button", { name: "Confirm my e-mail address" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "expired" })).toContainText("expired or was already used");
});

test("a username is one namespace with organizations, whatever its case", async ({ page }) => {
  await page.goto("/register");
  await page.getByLabel("Username").fill("CONTOSO");
  await page.getByLabel("E-mail address").fill(`someone-${randomBytes(3).toString("hex")}@example.test`);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("That username is taken. Pick another.")).toBeVisible();
  await expect(page.getByLabel("Username")).toHaveAttribute("aria-invalid", "true");
});

test("carol, who has not confirmed her address, signs in and is told to confirm before making keys", async ({
  page,
}) => {
  await signIn(page, "carol@example.com");
  await expect(page.getByRole("region", { name: "Confirm your e-mail address" })).toContainText(
    "until then you cannot create API keys",
  );
  await page.getByRole("button", { name: "Send the link again" }).click();
  await expect(page.getByText("A new link is on its way to carol@example.com.")).toBeVisible();
});

test("with sign-up closed, only an invitation link opens the form, and the newcomer joins the organization", async ({
  browser,
  db,
}) => {
  const gallery = await startGallery({ REGISTRATION: "closed" });
  try {
    const admin = await createUser(db, []);
    const org = `Closed${admin.username.slice(5)}`;
    const invited = `newcomer-${admin.username.slice(5)}@example.test`;
    const a = await (await browser.newContext({ baseURL: gallery.url })).newPage();
    await signInAs(a, admin);
    await a.goto("/organizations");
    await a.getByLabel("Organization name").fill(org);
    await a.getByLabel("Display name").fill(`The ${org} team`);
    await a.getByRole("button", { name: "Create organization" }).click();
    await a.getByLabel("Username or e-mail address").fill(invited);
    await a.getByRole("button", { name: "Send invitation" }).click();
    await expect(a.getByRole("status").filter({ hasText: `Invitation sent to ${invited}.` })).toBeVisible();

    const page = await (await browser.newContext({ baseURL: gallery.url })).newPage();
    await page.goto("/login");
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Create an account" })).toHaveCount(0);
    await page.goto("/register");
    await expect(page.getByRole("heading", { name: "Sign-up is closed" })).toBeVisible();

    const mail = await db.outboxEmail.findFirstOrThrow({ where: { to: invited } });
    const link = new URL(mail.text.match(/https?:\/\/\S+\/register\?invitation=\S+/)![0]!);
    await page.goto(link.pathname + link.search);
    await expect(page.getByRole("status")).toContainText(`You are invited to join ${org}`);
    await expect(page.getByLabel("E-mail address")).toHaveValue(invited);
    await page.getByLabel("Username").fill(`Newcomer${admin.username.slice(5)}`);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByLabel("Confirm password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();

    await expect(page.getByRole("heading", { level: 1, name: "Invitations" })).toBeVisible();
    await page.getByRole("button", { name: `Accept the invitation to join ${org}` }).click();
    await page.goto("/account/apikeys");
    // The invitation proved the address: no confirmation needed, and the organization is an owner to choose.
    await expect(page.getByRole("region", { name: "Confirm your e-mail address" })).toHaveCount(0);
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await expect(page.locator("#create-key-panel").getByLabel("Package Owner")).toContainText(org);
    // The server's log never held the invitation's token.
    expect(gallery.output()).not.toContain(link.searchParams.get("invitation"));
  } finally {
    await gallery.stop();
  }
});
