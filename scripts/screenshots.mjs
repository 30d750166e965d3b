// Captures the README's screenshots from a running, freshly seeded gallery: node scripts/screenshots.mjs [baseURL]
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
await page.goto(`${base}/login`);
await page.getByLabel("E-mail address").fill("alice@example.com");
await page.getByLabel("Password").fill("demo-password-1");
await page.getByRole("button", { name: "Sign in" }).click();
await page.getByRole("heading", { name: "API Keys", level: 1 }).waitFor();
await page.screenshot({ path: "docs/api-keys.png", fullPage: false });

await page.getByRole("button", { name: "Create", exact: true }).click();
await page.getByRole("textbox", { name: "Glob Pattern" }).fill("Fabrikam.*");
await page.getByRole("checkbox", { name: "Push", exact: true }).uncheck();
await page.getByRole("textbox", { name: "Glob Pattern" }).fill("Fabrikam.*!");
await page.locator("#create-key-panel").getByRole("button", { name: "Create" }).click();
await page.getByText("Select at least one scope.").waitFor();
await page.locator("#create-key-panel").screenshot({ path: "docs/create-form-errors.png" });

await page.getByLabel("Key Name").fill("Nightly build");
await page.getByLabel("Package Owner").selectOption({ label: "alice" });
await page.getByRole("checkbox", { name: "Push", exact: true }).check();
await page.getByRole("textbox", { name: "Glob Pattern" }).fill("Fabrikam.*");
await page.locator("#create-key-panel").getByRole("button", { name: "Create" }).click();
await page.getByRole("dialog").waitFor();
await page.screenshot({ path: "docs/copy-once.png" });

// The same page on a phone, its menu open, and in dark mode.
const signIn = async (options) => {
  const context = await browser.newContext(options);
  const phone = await context.newPage();
  await phone.goto(`${base}/login`);
  await phone.getByLabel("E-mail address").fill("alice@example.com");
  await phone.getByLabel("Password").fill("demo-password-1");
  await phone.getByRole("button", { name: "Sign in" }).click();
  await phone.getByRole("heading", { name: "API Keys", level: 1 }).waitFor();
  return phone;
};
const phone = await signIn({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
await phone.screenshot({ path: "docs/api-keys-phone.png" });
await phone.getByRole("button", { name: "Menu" }).click();
await phone.screenshot({ path: "docs/phone-menu.png" });
const dark = await signIn({ viewport: { width: 1100, height: 900 }, colorScheme: "dark" });
await dark.goto(`${base}/account/apikeys?view=table`);
await dark.screenshot({ path: "docs/api-keys-dark-table.png" });
await browser.close();
