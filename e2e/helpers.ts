import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo-password-1";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, path = "/account/apikeys") {
  await page.goto(path);
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "API Keys", level: 1 })).toBeVisible();
}
