import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { buildNupkg } from "../tests/support/build-nupkg";
import { createUser, expect, insertKey, PASSWORD, test, type TestUser } from "./fixtures";
import { signIn, signInAs } from "./helpers";

const NEW_PASSWORD = "a fresh settings passphrase";
const FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

/** Another browser, with its own cookies, signed in as the user: Firefox on Linux, as its user agent says. */
async function otherBrowser(browser: Browser, user: TestUser): Promise<Page> {
  const page = await (await browser.newContext({ userAgent: FIREFOX_ON_LINUX })).newPage();
  await signInAs(page, user);
  return page;
}

async function openSettings(page: Page) {
  await page.goto("/account/settings");
  await expect(page.getByRole("heading", { level: 1, name: "Account settings" })).toBeVisible();
}

const section = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

async function expectSignedOut(page: Page) {
  await page.goto("/account/apikeys");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}

test("a password change needs the current one, keeps this browser signed in, signs out the others, and the new one signs in", async ({
  page,
  browser,
  db,
}) => {
  const user = await createUser(db, []);
  const other = await otherBrowser(browser, user);
  await signInAs(page, user);
  await openSettings(page);

  const password = section(page, "Password");
  await password.getByLabel("Current password").fill("not my password");
  await password.getByLabel("New password").fill(NEW_PASSWORD);
  await password.getByLabel("The same again").fill(NEW_PASSWORD);
  await password.getByRole("button", { name: "Change password" }).click();
  await expect(password.getByText("That is not your current password.")).toBeVisible();

  await password.getByLabel("Current password").fill(PASSWORD);
  await password.getByRole("button", { name: "Change password" }).click();
  await expect(password.getByRole("status")).toHaveText("Your password is changed. 1 other browser was signed out.");
  await expect(password.getByLabel("Current password")).toHaveValue("");

  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Account settings" })).toBeVisible();
  await expectSignedOut(other);
  await other.context().close();

  await page.context().clearCookies();
  await page.goto("/login");
  await page.getByLabel("E-mail address").fill(user.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong e-mail address or password.")).toBeVisible();
  await signIn(page, user.email, NEW_PASSWORD);
});

test("an e-mail change waits for the new address to confirm it, and the old one is told", async ({ page, db }) => {
  const user = await createUser(db, []);
  const newAddress = `moved-${user.username}@example.test`;
  await signInAs(page, user);
  await openSettings(page);

  const email = section(page, "E-mail address");
  await expect(email).toContainText(`Your address:${user.email}Confirmed`);
  await email.getByLabel("New e-mail address").fill(newAddress.toUpperCase());
  await email.getByLabel("Current password").fill("not my password");
  await email.getByRole("button", { name: "Change e-mail address" }).click();
  await expect(email.getByText("That is not your current password.")).toBeVisible();
  await email.getByLabel("Current password").fill(PASSWORD);
  await email.getByRole("button", { name: "Change e-mail address" }).click();
  await expect(email.getByRole("status")).toContainText(
    `We sent a link to ${newAddress}; your address changes once you confirm it there.`,
  );
  await page.reload();
  await expect(section(page, "E-mail address")).toContainText(`Your address:${user.email}Confirmed`);
  const link = await db.outboxEmail.findFirst({ where: { to: newAddress } });
  expect(link?.text).toContain("/confirm-email?token=");
  const notice = await db.outboxEmail.findFirst({ where: { to: user.email } });
  expect(notice?.text).toContain(newAddress);
});

test("another browser's session is listed, and signing it out sends that browser to sign-in on its next page", async ({
  page,
  browser,
  db,
}) => {
  const user = await createUser(db, []);
  const other = await otherBrowser(browser, user);
  await signInAs(page, user);
  await openSettings(page);

  const sessions = section(page, "Where you are signed in");
  const items = sessions.getByRole("listitem");
  await expect(items).toHaveCount(2);
  await expect(items.filter({ hasText: "This browser" })).toHaveCount(1);
  await expect(items.filter({ hasText: "This browser" }).getByRole("button", { name: /^Sign out/ })).toHaveCount(0);
  const theirs = items.filter({ hasNotText: "This browser" });
  await expect(theirs.getByText("Firefox 128 on Linux", { exact: true })).toBeVisible();
  await expect(theirs).toContainText(/Address: (::ffff:)?127\.0\.0\.1/);
  await expect(theirs).toContainText("Last seen:");

  await theirs.getByRole("button", { name: /^Sign out/ }).click();
  await expect(sessions.getByRole("status")).toContainText("Signed out Firefox 128 on Linux");
  await expect(items).toHaveCount(1);
  await expect(items).toContainText("This browser");

  await expectSignedOut(other);
  await other.context().close();
  await page.reload();
  await expect(section(page, "Where you are signed in").getByRole("listitem")).toHaveCount(1);
});

test("signing out everywhere sends this browser and every other to sign-in", async ({ page, browser, db }) => {
  const user = await createUser(db, []);
  const other = await otherBrowser(browser, user);
  await signInAs(page, user);
  await openSettings(page);

  await section(page, "Where you are signed in").getByRole("button", { name: "Sign out everywhere" }).click();
  const dialog = page.getByRole("dialog", { name: "Sign out everywhere?" });
  await expect(dialog).toContainText("this one included");
  await dialog.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("Every session of your account has ended, this one included.");

  await expectSignedOut(page);
  await expectSignedOut(other);
  await other.context().close();
});

test("deleting the account asks for the password and the username, signs out, and the account cannot sign in again", async ({
  page,
  db,
}) => {
  const user = await createUser(db, ["Gone.Lib"]);
  const key = await insertKey(db, user.id, { name: "Soon gone" });
  await signInAs(page, user);
  await openSettings(page);

  const danger = section(page, "Delete account");
  await expect(danger).toContainText("Danger zone");
  await danger.getByRole("button", { name: "Delete account…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete your account?" });
  await dialog.getByLabel("Password").fill("not my password");
  await dialog.getByLabel(/Type your username/).fill("someone-else");
  await dialog.getByRole("button", { name: "Delete my account" }).click();
  await expect(dialog.getByText(`Type your username, ${user.username}, to confirm.`)).toBeVisible();
  await dialog.getByLabel(/Type your username/).fill(user.username);
  await dialog.getByRole("button", { name: "Delete my account" }).click();
  await expect(dialog.getByText("That is not your current password.")).toBeVisible();
  await dialog.getByLabel("Password").fill(PASSWORD);
  await dialog.getByRole("button", { name: "Delete my account" }).click();

  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("Your account is deleted. A mail to its address confirms it.");
  await expectSignedOut(page);
  await page.getByLabel("E-mail address").fill(user.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong e-mail address or password.")).toBeVisible();

  const push = await page.request.put("/api/v2/package", {
    headers: { "X-NuGet-ApiKey": key.secret },
    multipart: {
      package: {
        name: "package.nupkg",
        mimeType: "application/octet-stream",
        buffer: await buildNupkg({ id: user.packages[0]!, version: "9.0.0" }),
      },
    },
  });
  expect(push.status()).toBe(403);
  const mail = await db.outboxEmail.findFirst({ where: { to: user.email, subject: { contains: "deleted" } } });
  expect(mail?.text).toContain(`The Package Gallery account ${user.username} was deleted.`);
});

test("the settings page reads well on a desktop and on a phone", async ({ page, browser, db }) => {
  const user = await createUser(db, []);
  const other = await otherBrowser(browser, user);
  await signInAs(page, user);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openSettings(page);
  await expect(section(page, "Where you are signed in").getByRole("listitem")).toHaveCount(2);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await page.screenshot({ path: "test-results/settings-desktop.png", fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(section(page, "Where you are signed in").getByRole("listitem")).toHaveCount(2);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const signOut = section(page, "Where you are signed in").getByRole("listitem").getByRole("button");
  const box = await signOut.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "test-results/settings-phone.png", fullPage: true });
  await section(page, "Delete account").getByRole("button", { name: "Delete account…" }).click();
  await expect(page.getByRole("dialog", { name: "Delete your account?" })).toBeVisible();
  await page.screenshot({ path: "test-results/settings-phone-delete.png" });
  await other.context().close();
});
