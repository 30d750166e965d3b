// Captures the README's screenshots from a running gallery: node scripts/screenshots.mjs [baseURL]
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
await page.goto(`${base}/login`);
await page.getByLabel("E-mail address").fill("alice@example.com");
await page.getByLabel("Password").fill("demo-password-1");
await page.getByRole("button", { name: "Sign in" }).click();
await page.getByRole("heading", { name: "API Keys", level: 1 }).waitFor();
await page.screenshot({ path: "docs/api-keys.png", fullPage: true });
for (const shot of process.argv.slice(3)) {
  const [path, file] = shot.split("=");
  await page.goto(`${base}${path}`);
  await page.screenshot({ path: `docs/${file}`, fullPage: true });
}
await browser.close();
