import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { DAY_MS } from "../lib/keys/expiry";
import { mintKey } from "../lib/keys/format";
import { createUser, expect, insertKey, PASSWORD, test } from "./fixtures";
import { closeSecretDialog, createKey, keyCard, signInAs } from "./helpers";

async function expectNoA11yViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function pageWidth(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("the header folds into a menu, the page fits, and the new key's Copy and Done are on screen", async ({
    page,
    db,
  }) => {
    const user = await createUser(db);
    await signInAs(page, user);
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    const menu = page.getByRole("button", { name: "Menu" });
    await menu.click();
    await expect(page.getByRole("link", { name: "Organizations" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeInViewport();
    await page.getByRole("link", { name: "Trusted Publishing" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Trusted Publishing" })).toBeVisible();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await page.goto("/account/apikeys");

    await createKey(page, { name: "Phone key", glob: "Widgets.*" });
    const dialog = page.getByRole("dialog", { name: "Your new API key" });
    for (const name of ["Copy", "Done", "Hide"]) {
      const box = await dialog.getByRole("button", { name }).boundingBox();
      expect(box, name).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    }
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: "test-results/phone-new-key.png" });
    await closeSecretDialog(page);
    await expect(keyCard(page, "Phone key")).toBeVisible();
    await page.screenshot({ path: "test-results/phone-api-keys.png", fullPage: false });
  });
});

test("a revoke that cannot reach the gallery says so and stays open; the retry works and is announced", async ({
  page,
  db,
  context,
}) => {
  const user = await createUser(db);
  await signInAs(page, user);
  await createKey(page, { name: "Flaky", glob: "Widgets.*" });
  await closeSecretDialog(page);
  await page.getByRole("button", { name: "Revoke Flaky" }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke Flaky?" });
  await context.setOffline(true);
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(confirm.getByRole("alert")).toContainText("could not be reached, so nothing was changed");
  await expect(confirm).toBeVisible();
  await context.setOffline(false);
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText("Revoked Flaky. It no longer works.")).toBeVisible();
  await expect(keyCard(page, "Flaky")).toHaveAttribute("data-status", "revoked");
});

test("focus goes back to the control that opened a dialog, and a skip link leads past the header", async ({
  page,
  db,
}) => {
  const user = await createUser(db);
  await signInAs(page, user);
  await createKey(page, { name: "Focus", glob: "Widgets.*" });
  await closeSecretDialog(page);
  const edit = page.getByRole("button", { name: "Edit Focus" });
  await edit.click();
  await page.keyboard.press("Escape");
  await expect(edit).toBeFocused();
  const del = page.getByRole("button", { name: "Delete Focus" });
  await del.click();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await expect(del).toBeFocused();

  await page.goto("/packages");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
});

test("cards tell the truth: a key refused by a departure offers only Delete; an expired key is not revocable", async ({
  page,
  db,
}) => {
  const user = await createUser(db);
  const org = await db.account.create({
    data: {
      kind: "organization",
      username: `Gone${user.username.slice(5)}`,
      usernameKey: `gone${user.username.slice(5)}`,
      organization: { create: { name: "Gone" } },
    },
  });
  await insertKey(db, user.id, { name: "Orphaned", ownerId: org.id, expiresInDays: 30 });
  await insertKey(db, user.id, { name: "Lapsed", expiresInDays: -1 });
  await signInAs(page, user);
  const orphaned = keyCard(page, "Orphaned");
  await expect(orphaned).toHaveAttribute("data-status", "refused");
  await expect(orphaned).toContainText("Refused");
  await expect(orphaned).toContainText(`you are no longer a member of ${org.username}`);
  await expect(orphaned.getByRole("button")).toHaveText(["Delete"]);
  const lapsed = keyCard(page, "Lapsed");
  await expect(lapsed).toContainText("Expired");
  await expect(lapsed.getByRole("button", { name: "Revoke Lapsed" })).toHaveCount(0);
  await expect(lapsed.getByRole("button", { name: "Regenerate Lapsed" })).toBeVisible();
  await expectNoA11yViolations(page);
});

test("axe finds nothing on the pages it used to flag: usage links, the organization table, the 404", async ({
  page,
  db,
}) => {
  const user = await createUser(db);
  await signInAs(page, user);
  await createKey(page, { name: "Linked", glob: "Widgets.*" });
  await closeSecretDialog(page);
  await expect(page.getByRole("link", { name: "View usage of Linked" })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.goto("/organizations");
  await page.getByLabel("Organization name").fill(`Axe${user.username.slice(5)}`);
  await page.getByLabel("Display name").fill("Axe team");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Axe${user.username.slice(5)}`);
  await page.goto("/account/apikeys");
  await createKey(page, { name: "Team key", owner: `Axe${user.username.slice(5)} (organization)`, glob: "*" });
  await closeSecretDialog(page);
  await page.goto(`/organizations/Axe${user.username.slice(5)}`);
  await expect(page.getByRole("columnheader", { name: "Actions" })).toBeVisible();
  await expectNoA11yViolations(page);
  const missing = await page.goto("/no/such/page");
  expect(missing!.status()).toBe(404);
  await expect(page.getByRole("main")).toContainText("Page not found");
  await expectNoA11yViolations(page);
});

test.describe("in Los Angeles", () => {
  test.use({ timezoneId: "America/Los_Angeles" });

  test("dates are in the viewer's zone: the exact expiry beside the relative one, created and last used labelled", async ({
    page,
    db,
  }) => {
    const user = await createUser(db);
    // 18:09 on 21 Nov in Los Angeles is already 22 Nov in UTC.
    const createdAt = new Date("2026-11-22T02:09:00Z");
    const { expiresAt } = await insertKey(db, user.id, {
      name: "Evening key",
      createdAt,
      lastUsedAt: createdAt,
      expiresInDays: 6,
    });
    const legacy = mintKey();
    await db.apiKey.create({
      data: {
        name: "Old full access",
        creatorId: user.id,
        ownerId: user.id,
        hash: legacy.hash,
        hint: legacy.hint,
        legacy: true,
      },
    });
    await signInAs(page, user);
    const local = (date: Date) =>
      new Intl.DateTimeFormat("en-GB", {
        day: "numeric",
        month: "short",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        timeZone: "America/Los_Angeles",
      }).format(date);
    const card = keyCard(page, "Evening key");
    await expect(card.getByRole("definition").filter({ hasText: "Expires in" })).toHaveText(
      `Expires in 6 days · ${local(expiresAt)}`,
    );
    await expect(card.locator(`time[datetime="${createdAt.toISOString()}"]`).first()).toHaveText("21 Nov 2026, 18:09");
    await expect(card.getByText("Created")).toBeVisible();
    await expect(card.getByText("Last used")).toBeVisible();
    await expect(keyCard(page, "Old full access")).toContainText("Never expires (if used every 365 days)");
  });
});

test("the manage packages page sorts versions by SemVer and shows this gallery's real push source", async ({
  page,
  db,
  baseURL,
}) => {
  const user = await createUser(db, []);
  const id = `Sorted.${user.username.slice(5)}`;
  await db.package.create({
    data: {
      packageId: id,
      idKey: id.toLowerCase(),
      ownerId: user.id,
      versions: {
        create: ["2.2.0", "10.0.0", "2.3.0", "2.3.0-beta.2", "2.3.0-beta.10"].map((version) => ({
          version,
          versionKey: version.toLowerCase(),
        })),
      },
    },
  });
  await signInAs(page, user);
  await page.goto("/account/packages");
  const versions = page.getByRole("article", { name: id }).locator("tbody tr td:first-child");
  await expect(versions).toHaveText(["10.0.0", "2.3.0", "2.3.0-beta.10", "2.3.0-beta.2", "2.2.0"]);
  await expect(page.getByText(`-Source ${baseURL}/v3/index.json`)).toBeVisible();
});

test("the create form works as nuget.org's: an owner to pick, required fields marked, Cancel clears it", async ({
  page,
  db,
}) => {
  const user = await createUser(db);
  const orgName = `Pick${user.username.slice(5)}`;
  await db.account.create({
    data: {
      kind: "organization",
      username: orgName,
      usernameKey: orgName.toLowerCase(),
      organization: { create: { name: "Pick", memberships: { create: { userId: user.id, role: "admin" } } } },
    },
  });
  await signInAs(page, user);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  const panel = page.locator("#create-key-panel");
  const owner = panel.getByLabel("Package Owner");
  await expect(owner.locator("option:checked")).toHaveText("Select an owner…");
  await expect(owner).toHaveAttribute("aria-required", "true");
  await expect(panel.getByLabel("Key Name")).toHaveAttribute("aria-required", "true");
  await expect(panel).toContainText("use a glob pattern, select individual packages, or both");
  await panel.getByLabel("Key Name").fill("Picked");
  await panel.getByRole("textbox", { name: "Glob Pattern" }).fill("*");
  await panel.getByRole("button", { name: "Create" }).click();
  await expect(panel.getByText("Choose a package owner.")).toBeVisible();
  await owner.selectOption({ label: `${orgName} (organization)` });
  await expect(panel).toContainText(`${orgName}.*`);
  await panel.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(panel.getByLabel("Key Name")).toHaveValue("");
  await expect(panel.getByLabel("Package Owner").locator("option:checked")).toHaveText("Select an owner…");
});

test("a card's long package list expands", async ({ page, db }) => {
  const ids = ["A", "B", "C", "D", "E"].map((letter) => `Many.${letter}`);
  const user = await createUser(db, ids);
  await signInAs(page, user);
  await createKey(page, { name: "Many packages", packages: user.packages });
  await closeSecretDialog(page);
  const card = keyCard(page, "Many packages");
  await expect(card.getByText(user.packages[4]!)).toBeHidden();
  await card.getByText("and 2 more").click();
  await expect(card.getByText(user.packages[4]!, { exact: false })).toBeVisible();
});

test("a missing scope is announced and focus goes to the Push choice", async ({ page, db }) => {
  const user = await createUser(db);
  await signInAs(page, user);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  const panel = page.locator("#create-key-panel");
  await panel.getByLabel("Key Name").fill("No scope");
  await panel.getByRole("textbox", { name: "Glob Pattern" }).fill("*");
  await panel.getByRole("checkbox", { name: "Push", exact: true }).uncheck();
  await panel.getByRole("button", { name: "Create" }).click();
  await expect(panel.getByRole("alert").filter({ hasText: "Select at least one scope." })).toBeVisible();
  await expect(panel.getByRole("checkbox", { name: "Push", exact: true })).toBeFocused();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("pages still read, and say which actions need JavaScript", async ({ page, db }) => {
    const user = await createUser(db);
    const csrf = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    await page.request.post("/api/auth/callback/credentials", {
      form: { csrfToken: csrf.csrfToken, email: user.email, password: PASSWORD },
    });
    await page.goto("/account/apikeys");
    await expect(page.getByRole("heading", { name: "API Keys", level: 1 })).toBeVisible();
    // Playwright's text matchers skip <noscript>; what is painted is the element's innerText.
    expect(await page.locator("main").evaluate((main) => (main as HTMLElement).innerText)).toContain(
      "JavaScript is off",
    );
  });
});

async function manyKeys(db: Parameters<typeof createUser>[0], userId: string, count: number) {
  await db.apiKey.createMany({
    data: Array.from({ length: count }, (_, i) => {
      const { hash, hint } = mintKey();
      return {
        name: `Pipeline ${String(i).padStart(3, "0")}${i % 10 === 0 ? " nightly" : ""}`,
        creatorId: userId,
        ownerId: userId,
        hash,
        hint,
        glob: "*",
        durationDays: 90,
        expiresAt: new Date(Date.now() + (i % 10 === 0 ? 3 : 60) * DAY_MS),
      };
    }),
  });
}

test("a person with hundreds of keys finds one: search, status, sort and a compact table that survive paging", async ({
  page,
  db,
}) => {
  test.setTimeout(90_000);
  const user = await createUser(db);
  await manyKeys(db, user.id, 120);
  await signInAs(page, user);
  const find = page.getByRole("search", { name: "Find keys" });
  await find.getByLabel("Search").fill("NIGHTLY");
  await find.getByLabel("Status").selectOption({ label: "Expiring soon" });
  await find.getByLabel("Sort").selectOption({ label: "Name" });
  await find.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/q=NIGHTLY/);
  await expect(page.getByRole("article")).toHaveCount(12);
  await expect(page.getByRole("article").first()).toContainText("Pipeline 000 nightly");

  await page.goto("/account/apikeys?sort=name&view=table");
  await expect(page.getByRole("table", { name: "Your API keys" }).getByRole("row")).toHaveCount(26);
  await page.getByRole("link", { name: "Next page" }).click();
  await expect(page).toHaveURL(/sort=name/);
  await expect(page).toHaveURL(/view=table/);
  await expect(page.getByRole("rowheader").first()).toContainText("Pipeline 025");
  await page.getByRole("link", { name: "Cards" }).click();
  await expect(page.getByRole("article").first()).toBeVisible();
});

test.describe("many keys on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("the page with hundreds of keys still fits the screen, cards and table alike", async ({ page, db }) => {
    test.setTimeout(90_000);
    const user = await createUser(db);
    await manyKeys(db, user.id, 500);
    await signInAs(page, user);
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await page.goto("/account/apikeys?view=table");
    await expect(page.getByRole("table", { name: "Your API keys" })).toBeVisible();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await expect(page.getByRole("navigation", { name: "Pages of keys" })).toContainText("of 500");
    const banner = page.getByRole("status").filter({ hasText: "Expiring within" });
    await banner.getByRole("link", { name: "45 more" }).click();
    await expect(page).toHaveURL(/status=expiring/);
    await expect(page.getByRole("navigation", { name: "Pages of keys" })).toContainText("of 50");
    await page.screenshot({ path: "test-results/phone-many-keys-table.png" });
  });
});

test("the usage page reads like a product: an empty state, then a chart with axes whose bars tell their figures", async ({
  page,
  db,
}) => {
  const user = await createUser(db);
  await signInAs(page, user);
  await createKey(page, { name: "Charted", glob: "Widgets.*" });
  await closeSecretDialog(page);
  await page.getByRole("link", { name: "View usage of Charted" }).click();
  await expect(page.getByText("No uses in the last 30 days")).toBeVisible();
  await expect(page.getByText("This key has not been used yet.")).toBeVisible();

  const key = await db.apiKey.findFirstOrThrow({ where: { creatorId: user.id, name: "Charted" } });
  const today = new Date();
  await db.usageEvent.createMany({
    data: [201, 201, 403].map((status, i) => ({
      keyId: key.id,
      action: "push",
      status,
      result: status === 201 ? "Created" : "Refused",
      createdAt: new Date(today.getTime() - i * 1000),
    })),
  });
  await page.reload();
  const chart = page.getByRole("figure");
  await expect(chart).toContainText("Succeeded: 2");
  await expect(chart).toContainText("Refused (striped): 1");
  const bar = chart.getByRole("listitem").last();
  await expect(bar).toHaveAccessibleName(/2 succeeded, 1 refused/);
  await bar.focus();
  await expect(bar.getByText(/2 ok, 1 refused/)).toBeVisible();
  await page.screenshot({ path: "test-results/usage-chart.png" });
  await expectNoA11yViolations(page);
});

test.describe("in dark mode", () => {
  test.use({ colorScheme: "dark" });

  test("the pages follow the system setting with the same contrast", async ({ page, db }) => {
    const user = await createUser(db);
    await insertKey(db, user.id, { name: "Soon gone", expiresInDays: 2 });
    await signInAs(page, user);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe("rgb(11, 15, 23)");
    await createKey(page, { name: "Dark key", glob: "Widgets.*" });
    await expectNoA11yViolations(page);
    await closeSecretDialog(page);
    await page.getByRole("button", { name: "Revoke Dark key" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
    await expect(page.getByRole("dialog")).toBeHidden();
    await page.screenshot({ path: "test-results/dark-api-keys.png", fullPage: true });
    await expectNoA11yViolations(page);
    for (const path of ["/packages", "/account/packages", "/organizations", "/account/audit"]) {
      await page.goto(path);
      await expectNoA11yViolations(page);
    }
  });
});
