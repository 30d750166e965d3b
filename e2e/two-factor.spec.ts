import { Secret, TOTP } from "otpauth";
import type { Page } from "@playwright/test";
import { createUser, expect, PASSWORD, test, type TestUser } from "./fixtures";
import { closeSecretDialog, createKey, DEMO_PASSWORD, keyCard, signInAs } from "./helpers";

/** What an authenticator app would show for the secret at that moment. */
const appCode = (secret: string, at: number) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at });

async function signOut(page: Page, user: TestUser) {
  await page.getByRole("button", { name: user.username, exact: true }).click();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login/, { timeout: 15_000 });
}

/** The password step; the form then asks for a code. */
async function enterPassword(page: Page, user: TestUser) {
  await page.goto("/login");
  await page.getByLabel("E-mail address").fill(user.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Authentication code")).toBeFocused();
}

async function enterCode(page: Page, code: string, { recovery = false } = {}) {
  if (recovery) await page.getByRole("button", { name: "Lost your device? Use a recovery code" }).click();
  await page.getByLabel(recovery ? "Recovery code" : "Authentication code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
}

test("two-factor sign-in: turned on from the settings, then a code and a recovery code each sign in once", async ({
  page,
  db,
}) => {
  const user = await createUser(db, []);
  await signInAs(page, user);
  await page.goto("/account/settings");
  const section = page.getByRole("region", { name: "Two-factor sign-in" });
  await section.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(section.getByRole("img", { name: /QR code/ })).toBeVisible();
  const secret = (await section.getByLabel("Setup key").textContent())!.replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);

  await section.getByLabel("Code from the app").fill(appCode(secret, Date.now() - 10 * 60_000));
  await section.getByRole("button", { name: "Turn on" }).click();
  await expect(section.getByText("That code does not match.")).toBeVisible();
  await section.getByLabel("Code from the app").fill(appCode(secret, Date.now()));
  await section.getByRole("button", { name: "Turn on" }).click();
  const shown = section.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(shown).toHaveCount(10);
  const codes = await shown.allTextContents();
  await section.getByRole("button", { name: "I have saved them" }).click();
  await expect(section).toContainText("10 of 10 recovery codes left.");
  // Shown once: they are nowhere on the page again.
  await page.reload();
  await expect(section).toContainText("On");
  await expect(page.getByText(codes[0]!)).toHaveCount(0);
  await signOut(page, user);

  // The code that turned it on is spent, so the app's next one (a step ahead, as a fast phone shows it) signs in.
  const code = appCode(secret, Date.now() + 30_000);
  await enterPassword(page, user);
  await enterCode(page, code);
  await expect(page.getByRole("heading", { name: "API Keys", level: 1 })).toBeVisible();
  await createKey(page, { name: "Signed with a code", glob: "*" });
  await closeSecretDialog(page);
  await expect(keyCard(page, "Signed with a code")).toContainText("with two-factor sign-in");
  await signOut(page, user);

  // The same code a second time is refused; a recovery code finishes the same sign-in instead.
  await enterPassword(page, user);
  await enterCode(page, code);
  await expect(
    page.getByRole("alert").filter({ hasText: "That code is not right, or was already used." }),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  await enterCode(page, codes[0]!.toUpperCase(), { recovery: true });
  await expect(page.getByRole("heading", { name: "API Keys", level: 1 })).toBeVisible();
  await signOut(page, user);

  // That recovery code has been used.
  await enterPassword(page, user);
  await enterCode(page, codes[0]!, { recovery: true });
  await expect(page.getByRole("alert").filter({ hasText: "That code is not right" })).toBeVisible();
  await page.goto("/account/apikeys");
  await expect(page).toHaveURL(/\/login/);

  const audit = JSON.stringify(await db.auditEvent.findMany({ where: { actorId: user.id } }));
  expect(audit).toContain("account.recovery-used");
  for (const secretText of [secret, code, ...codes]) expect(audit).not.toContain(secretText);
});

test("the password alone does not sign in to an account with two-factor, even posted straight to next-auth", async ({
  page,
  db,
  request,
}) => {
  const user = await createUser(db, []);
  await signInAs(page, user);
  await page.goto("/account/settings");
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  const secret = (await page.getByLabel("Setup key").textContent())!.replace(/\s/g, "");
  await page.getByLabel("Code from the app").fill(appCode(secret, Date.now()));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByRole("list", { name: "Recovery codes" })).toBeVisible();

  const csrf = await (await request.get("/api/auth/csrf")).json();
  await request.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email: user.email, password: PASSWORD },
    maxRedirects: 0,
  });
  expect(await (await request.get("/api/auth/session")).json()).toBeNull();
});

test("the demo account dave signs in with its published authenticator secret", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("E-mail address").fill("dave@example.com");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await enterCode(page, appCode("DAVEDUNNDEMOSECRET2FA7GALLERY234", Date.now()));
  await expect(page.getByRole("heading", { name: "API Keys", level: 1 })).toBeVisible();
  await expect(keyCard(page, "Dave's signed releases")).toContainText("with two-factor sign-in");
});
