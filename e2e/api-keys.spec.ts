import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { hashKey } from "../lib/keys/format";
import { databaseBytes, expect, test, createUser } from "./fixtures";
import { closeSecretDialog, createKey, keyCard, signInAs } from "./helpers";

async function expectNoSeriousA11yViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test.describe("creating keys", () => {
  const choices = [
    { push: "all", unlist: false, labels: ["Push new packages and package versions"] },
    { push: "version", unlist: false, labels: ["Push only new package versions"] },
    { push: null, unlist: true, labels: ["Unlist or relist package versions"] },
    {
      push: "all",
      unlist: true,
      labels: ["Push new packages and package versions", "Unlist or relist package versions"],
    },
  ] as const;
  for (const choice of choices) {
    test(`creates a key with ${choice.labels.join(" + ")}`, async ({ page, db }) => {
      const user = await createUser(db);
      await signInAs(page, user);
      const name = `Key ${choice.labels.length}-${choice.push}-${choice.unlist}`;
      await createKey(page, { name, push: choice.push, unlist: choice.unlist, packages: [user.packages[0]!] });
      await closeSecretDialog(page);
      const card = keyCard(page, name);
      for (const label of choice.labels) await expect(card).toContainText(label);
      await expect(card).toContainText("Expires in 365 days");
      await expect(card).toContainText(user.packages[0]!);
      await expect
        .poll(
          async () =>
            (await db.apiKey.findFirst({ where: { creatorId: user.id, name }, include: { scopes: true } }))?.scopes
              .length,
        )
        .toBe(choice.labels.length);
    });
  }

  test("the glob covers packages live and the counter follows", async ({ page, db }) => {
    const user = await createUser(db);
    await signInAs(page, user);
    await page.getByRole("button", { name: "Create", exact: true }).click();
    const panel = page.locator("#create-key-panel");
    await expect(panel.getByText("0 of 4 packages selected")).toBeVisible();
    await panel.getByRole("textbox", { name: "Glob Pattern" }).fill("widgets.*");
    await expect(panel.getByText("3 of 4 packages selected")).toBeVisible();
    const covered = panel.getByRole("checkbox", { name: new RegExp(`^${user.packages[0]!.replace(/\./g, "\\.")}`) });
    await expect(covered).toBeChecked();
    await expect(covered).toBeDisabled();
    await panel.getByRole("checkbox", { name: user.packages[3]!, exact: true }).check();
    await expect(panel.getByText("4 of 4 packages selected")).toBeVisible();
  });
});

test("each validation message shows next to its field", async ({ page, db }) => {
  const user = await createUser(db);
  await signInAs(page, user);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  const panel = page.locator("#create-key-panel");
  await panel.getByRole("checkbox", { name: "Push", exact: true }).uncheck();
  await panel.getByRole("button", { name: "Create" }).click();
  await expect(panel.getByLabel("Key Name")).toHaveAccessibleDescription("Enter a name for the key.");
  await expect(panel.getByText("Select at least one scope.")).toBeVisible();
  await expect(panel.getByText("Enter a glob pattern or select at least one package.")).toBeVisible();

  await panel.getByLabel("Key Name").fill("x".repeat(257));
  await panel.getByRole("textbox", { name: "Glob Pattern" }).fill("Widgets/*");
  await panel.getByRole("button", { name: "Create" }).click();
  await expect(panel.getByText("The key name can have at most 256 characters.")).toBeVisible();
  await expect(panel.getByRole("textbox", { name: "Glob Pattern" })).toHaveAccessibleDescription(
    /A glob pattern may use only letters, digits/,
  );
  expect(await db.apiKey.count({ where: { creatorId: user.id } })).toBe(0);
});

test("the secret can be copied once and is gone after a reload", async ({ page, db, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const user = await createUser(db);
  await signInAs(page, user);
  const secret = await createKey(page, { name: "Copy me", glob: "Widgets.*" });
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("cannot be copied again");
  await dialog.getByRole("button", { name: "Copy" }).click();
  await expect(dialog.getByRole("status")).toHaveText("Copied to the clipboard.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await closeSecretDialog(page, { copied: true });

  const bodies: string[] = [];
  page.on("response", async (response) => bodies.push(await response.text().catch(() => "")));
  await page.reload();
  await expect(keyCard(page, "Copy me")).toContainText(`ngk_…${secret.slice(-4)}`);
  expect(await page.content()).not.toContain(secret);
  expect(bodies.join("\n")).not.toContain(secret);
  expect(databaseBytes()).not.toContain(secret);
  expect(await db.apiKey.count({ where: { hash: hashKey(secret) } })).toBe(1);
});

test("closing without copying asks first", async ({ page, db }) => {
  const user = await createUser(db);
  await signInAs(page, user);
  await createKey(page, { name: "Not copied", glob: "Widgets.*" });
  const dialog = page.getByRole("dialog");
  await page.keyboard.press("Escape");
  await expect(dialog.getByRole("alert")).toContainText("You have not copied this key");
  await dialog.getByRole("button", { name: "Go back" }).click();
  await expect(dialog.getByRole("button", { name: "Copy" })).toBeVisible();
  await closeSecretDialog(page);
});

test("edit changes only the packages and the glob", async ({ page, db }) => {
  const user = await createUser(db);
  await signInAs(page, user);
  await createKey(page, { name: "Editable", push: "version", packages: [user.packages[0]!] });
  await closeSecretDialog(page);
  await page.getByRole("button", { name: "Edit Editable" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit Editable" });
  await dialog.getByRole("checkbox", { name: user.packages[0]!, exact: true }).uncheck();
  await dialog.getByRole("checkbox", { name: user.packages[3]!, exact: true }).check();
  await dialog.getByRole("textbox", { name: "Glob Pattern" }).fill("Widgets.Data.*");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  const card = keyCard(page, "Editable");
  await expect(card).toContainText(user.packages[3]!);
  await expect(card).not.toContainText(user.packages[0]!);
  await expect(card).toContainText("Widgets.Data.*");
  await expect(card).toContainText("Push only new package versions");

  await page.getByRole("button", { name: "Edit Editable" }).click();
  await dialog.getByRole("checkbox", { name: user.packages[3]!, exact: true }).uncheck();
  await dialog.getByRole("textbox", { name: "Glob Pattern" }).fill("");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByText("Enter a glob pattern or select at least one package.")).toBeVisible();
});

test("regenerate replaces the secret and the old hash is gone", async ({ page, db }) => {
  const user = await createUser(db);
  await signInAs(page, user);
  const first = await createKey(page, { name: "Rotating", expires: "90 days", glob: "Tools.*" });
  await closeSecretDialog(page);
  await page.getByRole("button", { name: "Regenerate Rotating" }).click();
  await page.getByRole("dialog", { name: "Regenerate Rotating?" }).getByRole("button", { name: "Regenerate" }).click();
  const dialog = page.getByRole("dialog", { name: "Your regenerated API key" });
  await dialog.getByRole("button", { name: "Reveal" }).click();
  const second = (await dialog.getByTestId("new-api-key").textContent()) ?? "";
  expect(second).toMatch(/^ngk_/);
  expect(second).not.toBe(first);
  await closeSecretDialog(page);
  await expect.poll(() => db.apiKey.count({ where: { hash: hashKey(first) } })).toBe(0);
  await expect.poll(() => db.apiKey.count({ where: { hash: hashKey(second), creatorId: user.id } })).toBe(1);
  await expect(keyCard(page, "Rotating")).toContainText(`ngk_…${second.slice(-4)}`);
  await expect(keyCard(page, "Rotating")).toContainText("Expires in 90 days");
});

test("revoke keeps the key listed as revoked; delete removes it", async ({ page, db }) => {
  const user = await createUser(db);
  await signInAs(page, user);
  await createKey(page, { name: "To revoke", glob: "*" });
  await closeSecretDialog(page);
  await createKey(page, { name: "To delete", glob: "*" });
  await closeSecretDialog(page);

  await page.getByRole("button", { name: "Revoke To revoke" }).click();
  await page.getByRole("dialog", { name: "Revoke To revoke?" }).getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(keyCard(page, "To revoke")).toContainText("Revoked");
  await expect(page.getByRole("button", { name: "Revoke To revoke" })).toHaveCount(0);

  await page.getByRole("button", { name: "Delete To delete" }).click();
  await page.getByRole("dialog", { name: "Delete To delete?" }).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(keyCard(page, "To delete")).toHaveCount(0);
  await expect.poll(() => db.apiKey.count({ where: { creatorId: user.id, name: "To delete" } })).toBe(0);
});

test("legacy keys offer only revoke and delete; the banner names expired and expiring keys", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("E-mail address").fill("alice@example.com");
  await page.getByLabel("Password").fill("demo-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  const legacy = keyCard(page, "Full access API key");
  await expect(legacy.getByRole("button")).toHaveText(["Revoke", "Delete"]);
  await expect(keyCard(page, "Old build server").getByRole("button", { name: /Regenerate/ })).toBeVisible();
  const banner = page.getByRole("status").filter({ hasText: "Expired" });
  await expect(banner).toContainText("Expired: Old build server");
  await expect(banner).toContainText("Expiring within 10 days: Release pipeline");
});

test("a key can be created with the keyboard alone", async ({ page, db }) => {
  const user = await createUser(db);
  await signInAs(page, user);
  await page.getByRole("button", { name: "Create", exact: true }).focus();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Keyboard key");
  // Expires In, Package Owner, Push, then the two push radios (one tab stop), Unlist, Glob.
  for (let i = 0; i < 6; i++) await page.keyboard.press("Tab");
  await expect(page.getByRole("textbox", { name: "Glob Pattern" })).toBeFocused();
  await page.keyboard.type("Widgets.*");
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Your new API key" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Reveal" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog.getByRole("button", { name: "Go back" })).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(keyCard(page, "Keyboard key")).toContainText("Widgets.*");
});

test("axe finds no serious or critical violation in any state of the page", async ({ page, db }) => {
  const user = await createUser(db);
  await signInAs(page, user);
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.locator("#create-key-panel").getByRole("button", { name: "Create" }).click();
  await expect(page.getByText("Enter a name for the key.")).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await createKey(page, { name: "Accessible", glob: "Widgets.*" });
  await expectNoSeriousA11yViolations(page);
  await page.keyboard.press("Escape");
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("button", { name: "Close without copying" }).click();
  await page.getByRole("button", { name: "Edit Accessible" }).click();
  await expectNoSeriousA11yViolations(page);
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Delete Accessible" }).click();
  await expectNoSeriousA11yViolations(page);
});

test("bob's crafted calls on alice's key change nothing and answer not found", async ({ page, db }) => {
  const alice = await createUser(db);
  const bob = await createUser(db);
  const aliceKey = await db.apiKey.create({
    data: {
      name: "Alice's key",
      creatorId: alice.id,
      ownerId: alice.id,
      hash: `not-a-real-hash-${alice.id}`,
      hint: "ngk_…test",
      glob: "Widgets.*",
      durationDays: 365,
      expiresAt: new Date(Date.now() + 365 * 86_400_000),
      scopes: { create: [{ scope: "package:push" }] },
    },
  });
  const before = await db.apiKey.findUniqueOrThrow({ where: { id: aliceKey.id }, include: { subjects: true } });
  await signInAs(page, bob);
  await createKey(page, { name: "Bob's key", glob: "Tools.*" });
  await closeSecretDialog(page);
  const bobKey = await db.apiKey.findFirstOrThrow({ where: { creatorId: bob.id } });
  await expect(page.getByText("Alice's key")).toHaveCount(0);

  // Bob's own buttons send his key id; the route swaps in alice's, as a hand-made request would.
  await page.route("**/account/apikeys", async (route) => {
    const body = route.request().postData();
    if (route.request().method() !== "POST" || !body) return route.continue();
    await route.continue({ postData: body.replaceAll(bobKey.id, aliceKey.id) });
  });
  for (const verb of ["Revoke", "Regenerate", "Delete"]) {
    await page.getByRole("button", { name: `${verb} Bob's key` }).click();
    const confirm = page.getByRole("dialog", { name: `${verb} Bob's key?` });
    await confirm.getByRole("button", { name: verb }).click();
    await expect(confirm.getByRole("alert")).toHaveText("API key not found.");
    await confirm.getByRole("button", { name: "Cancel" }).click();
  }
  await page.getByRole("button", { name: "Edit Bob's key" }).click();
  const edit = page.getByRole("dialog", { name: "Edit Bob's key" });
  await edit.getByRole("textbox", { name: "Glob Pattern" }).fill("*");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit.getByRole("alert")).toHaveText("API key not found.");

  const after = await db.apiKey.findUniqueOrThrow({ where: { id: aliceKey.id }, include: { subjects: true } });
  expect(after).toEqual(before);
  expect(await db.apiKey.findUnique({ where: { id: bobKey.id }, select: { revokedAt: true } })).toEqual({
    revokedAt: null,
  });
});
