import { expect, type Page } from "@playwright/test";
import { PASSWORD, type TestUser } from "./fixtures";

export const DEMO_PASSWORD = "demo-password-1";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, path = "/account/apikeys") {
  await page.goto(path);
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "API Keys", level: 1 })).toBeVisible();
}

export async function signInAs(page: Page, user: TestUser) {
  await signIn(page, user.email, PASSWORD);
}

export type KeyForm = {
  name: string;
  push?: "all" | "version" | null;
  unlist?: boolean;
  glob?: string;
  packages?: string[];
  owner?: string;
  expires?: string;
};

/** Fills and submits the create form; returns the secret read from the copy-once dialog. */
export async function createKey(page: Page, form: KeyForm): Promise<string> {
  const panel = page.locator("#create-key-panel");
  if (!(await panel.isVisible())) await page.getByRole("button", { name: "Create", exact: true }).click();
  await panel.getByLabel("Key Name").fill(form.name);
  if (form.expires) await panel.getByLabel("Expires In").selectOption({ label: form.expires });
  if (form.owner) await panel.getByLabel("Package Owner").selectOption({ label: form.owner });
  const push = panel.getByRole("checkbox", { name: "Push", exact: true });
  if (form.push === null) await push.uncheck();
  if (form.push === "version") await panel.getByRole("radio", { name: "Push only new package versions" }).check();
  if (form.unlist) await panel.getByRole("checkbox", { name: "Unlist or relist package versions" }).check();
  if (form.glob) await panel.getByRole("textbox", { name: "Glob Pattern" }).fill(form.glob);
  for (const id of form.packages ?? []) await panel.getByRole("checkbox", { name: id, exact: true }).check();
  await panel.getByRole("button", { name: "Create" }).click();
  const dialog = page.getByRole("dialog", { name: "Your new API key" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Reveal" }).click();
  const secret = (await dialog.getByTestId("new-api-key").textContent()) ?? "";
  expect(secret).toMatch(/^ngk_[0-9A-Za-z]{49}$/);
  return secret;
}

/** Closes the copy-once dialog, confirming when the key was never copied. */
export async function closeSecretDialog(page: Page, { copied = false } = {}) {
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Done" }).click();
  if (!copied) await dialog.getByRole("button", { name: "Close without copying" }).click();
  await expect(dialog).toBeHidden();
}

export function keyCard(page: Page, name: string) {
  return page.getByRole("article", { name });
}
