import { createUser, expect, PASSWORD, test } from "./fixtures";
import { DEMO_PASSWORD, keyCard, signIn } from "./helpers";

test("an anonymous visit to the API keys page lands on sign-in and returns there afterwards", async ({ page }) => {
  await page.goto("/account/apikeys");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faccount%2Fapikeys/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("E-mail address").fill("alice@example.com");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account\/apikeys$/);
});

test("a wrong password shows an error and keeps the visitor signed out", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("E-mail address").fill("alice@example.com");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong e-mail address or password.");
  await page.goto("/account/apikeys");
  await expect(page).toHaveURL(/\/login/);
});

test("an empty form says what is missing next to each field", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter a valid e-mail address.")).toBeVisible();
  await expect(page.getByText("Enter your password.")).toBeVisible();
});

test("alice sees her seeded keys in every state", async ({ page }) => {
  await signIn(page, "alice@example.com");
  const cards: Record<string, string[]> = {
    "Fabrikam CI": ["Expires in 362 days", "Push new packages and package versions", "Fabrikam.*", "Never used"],
    "Release pipeline": ["Expires in 6 days", "Push only new package versions", "Alice.Logging, Alice.Utils"],
    "Old build server": ["Expired", "Unlist or relist package versions"],
    "Leaked laptop key": ["Revoked"],
    "Full access API key": ["Never expires", "All packages"],
    "Contoso services deploy": ["Contoso"],
  };
  for (const [name, texts] of Object.entries(cards)) {
    for (const text of texts) await expect(keyCard(page, name)).toContainText(text);
  }
  await expect(page.getByRole("status")).toContainText("Expired: Old build server");
  await expect(page.getByRole("status")).toContainText("Expiring within 10 days: Release pipeline");
  // Newest first.
  const names = await page.getByRole("article").locator("h3").allTextContents();
  expect(names[0]).toBe("Fabrikam CI");
  expect(names.at(-1)).toBe("Full access API key");
});

test("bob does not see alice's keys", async ({ page }) => {
  await signIn(page, "bob@example.com");
  await expect(page.getByRole("article", { name: "Bob toolkit publish" })).toBeVisible();
  await expect(page.getByRole("article", { name: "Contoso client CI" })).toBeVisible();
  await expect(page.getByText("Fabrikam CI")).toHaveCount(0);
  await expect(page.getByText("Contoso services deploy")).toHaveCount(0);
  await expect(page.getByRole("article")).toHaveCount(2);
});

test("sign-out ends the session", async ({ page }) => {
  await signIn(page, "alice@example.com");
  await page.getByRole("button", { name: "alice" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/, { timeout: 15_000 });
  await page.goto("/account/apikeys");
  await expect(page).toHaveURL(/\/login/);
});

test("a session cookie replayed after sign-out reaches the sign-in page and is never refreshed", async ({
  page,
  browser,
}) => {
  await signIn(page, "bob@example.com");
  const stolen = (await page.context().cookies()).filter((c) => c.name.includes("session-token"));
  expect(stolen).toHaveLength(1);
  await page.getByRole("button", { name: "bob", exact: true }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/, { timeout: 15_000 });

  const thief = await browser.newContext();
  await thief.addCookies(stolen);
  const other = await thief.newPage();
  await other.goto("/account/apikeys");
  await expect(other).toHaveURL(/\/login/);
  const session = await other.request.get("/api/auth/session");
  expect(await session.json()).toBeNull();
  const refreshed = session.headers()["set-cookie"] ?? "";
  expect(refreshed).not.toMatch(/session-token=[^;]{20,}/);
  await thief.close();
});

test("a forgotten password: the same answer for anyone, a link by mail, a new password that ends old sessions", async ({
  page,
  browser,
  db,
}) => {
  const user = await createUser(db, []);
  const earlier = await browser.newContext();
  const signedIn = await earlier.newPage();
  await signIn(signedIn, user.email, PASSWORD);

  const answerFor = async (email: string) => {
    await page.goto("/login");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    // The sign-in form has an e-mail field too: wait until the new page has replaced it.
    await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
    await page.getByLabel("E-mail address").fill(email);
    await page.getByRole("button", { name: "Send me a link" }).click();
    const answer = page.getByRole("status");
    await expect(answer).toContainText("If an account has the address");
    return (await answer.textContent())!.replace(email, "<address>");
  };
  expect(await answerFor(`nobody-${user.username}@example.test`)).toBe(await answerFor(user.email));
  const mail = await db.outboxEmail.findFirstOrThrow({ where: { to: user.email, subject: { contains: "Reset" } } });
  const link = mail.text.match(/https?:\/\/\S+\/reset-password\?token=\S+/)![0]!;

  await page.goto(new URL(link).pathname + new URL(link).search);
  await page.getByLabel("New password").fill("short");
  await page.getByLabel("The same again").fill("short");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
  await page.getByLabel("New password").fill("a brand new passphrase");
  await page.getByLabel("The same again").fill("a brand new passphrase");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password is changed");

  await signedIn.goto("/account/apikeys");
  await expect(signedIn).toHaveURL(/\/login/);
  await earlier.close();
  await signIn(page, user.email, "a brand new passphrase");

  await page.context().clearCookies();
  await page.goto(new URL(link).pathname + new URL(link).search);
  await page.getByLabel("New password").fill("yet another passphrase");
  await page.getByLabel("The same again").fill("yet another passphrase");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "expired" })).toHaveText(
    "This link has expired or was already used. Ask for a new one.",
  );
});
