import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { EMPTY_METADATA, storedMetadata, type PackageMetadata } from "../lib/nuget/metadata";
import { buildNupkg } from "../tests/support/build-nupkg";
import type { Db } from "../lib/db/create-db";
import { createUser, expect, insertKey, test } from "./fixtures";
import { signIn, signInAs } from "./helpers";

async function expectNoA11yViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

type Version = { version: string; listed?: boolean; meta?: Partial<PackageMetadata> };

/** A package with versions straight in the database, as the seed makes them (no stored file). */
async function insertPackage(db: Db, ownerId: string, packageId: string, versions: Version[]) {
  await db.package.create({
    data: {
      packageId,
      idKey: packageId.toLowerCase(),
      ownerId,
      versions: {
        create: versions.map(({ version, listed = true, meta = {} }) => ({
          version,
          versionKey: version.toLowerCase(),
          listed,
          ...storedMetadata({ ...EMPTY_METADATA, ...meta }),
        })),
      },
    },
  });
}

async function shoot(page: Page, name: string) {
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `test-results/package-pages/${name}-${width}.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width}`).toBeLessThanOrEqual(
      width,
    );
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("a signed-out visitor searches, opens a package, installs it from this gallery, and finds an unlisted version marked", async ({
  page,
  db,
  baseURL,
}) => {
  const owner = await createUser(db, []);
  const tag = owner.username.slice(5);
  const id = `Pages${tag}.Widgets`;
  const description = `Widgets ${tag} for every form: buttons, sliders and dials.`;
  await insertPackage(db, owner.id, id, [
    { version: "1.0.0", meta: { description: "The first widgets." } },
    {
      version: "2.0.0",
      meta: {
        description,
        authors: "Contoso Widgets Team",
        tags: ["ui", "widgets"],
        projectUrl: "https://contoso.test/widgets",
        licenseExpression: "MIT",
        dependencyGroups: [{ targetFramework: "net8.0", dependencies: [{ id: "Contoso.Core", range: "[1.2.0, )" }] }],
      },
    },
    { version: "3.0.0", listed: false, meta: { description: "Pulled: it broke dials." } },
    { version: "10.0.0-beta", meta: { description: "The next widgets." } },
  ]);
  await insertPackage(db, owner.id, `Pages${tag}.Hidden`, [
    { version: "1.0.0", listed: false, meta: { description: `Widgets ${tag} nobody lists.` } },
  ]);

  await page.goto("/packages");
  await expect(page.getByRole("heading", { name: "Packages", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.getByRole("searchbox", { name: "Search packages" }).fill(tag);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`/packages\\?q=${tag}`));
  const row = page.getByRole("article", { name: id });
  await expect(row).toContainText("2.0.0");
  await expect(row).toContainText(description);
  await expect(row).toContainText("Contoso Widgets Team");
  await expect(page.getByRole("article")).toHaveCount(1);
  await expectNoA11yViolations(page);
  await shoot(page, "list");

  await row.getByRole("link", { name: id }).click();
  await expect(page).toHaveURL(`/packages/${id}`);
  await expect(page).toHaveTitle(new RegExp(`^${id.replace(".", "\\.")} \\|`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${id} 2.0.0`);
  await expect(page.getByText(description)).toBeVisible();
  const versions = page.getByRole("region", { name: "Versions" }).locator("tbody tr td:first-child a");
  await expect(versions).toHaveText(["10.0.0-beta", "3.0.0", "2.0.0", "1.0.0"]);
  await expect(page.getByRole("region", { name: "Versions" }).locator("tbody tr").nth(1)).toContainText("Unlisted");
  await expect(
    page.getByText(`dotnet add package ${id} --version 2.0.0 --source ${baseURL}/v3/index.json`),
  ).toBeVisible();
  await expect(page.getByText(`nuget install ${id} -Version 2.0.0 -Source ${baseURL}/v3/index.json`)).toBeVisible();
  await expect(page.getByRole("link", { name: "Contoso.Core" })).toHaveAttribute("href", "/packages/Contoso.Core");
  await expect(page.getByText("(>= 1.2.0)")).toBeVisible();
  const project = page.getByRole("link", { name: "https://contoso.test/widgets" });
  await expect(project).toHaveAttribute("rel", "noopener noreferrer nofollow");
  await expect(page.getByRole("link", { name: "Create an API key for this package" })).toHaveCount(0);
  // A seeded version has no file: no download link to a 404.
  await expect(page.getByRole("link", { name: "Download package" })).toHaveCount(0);
  await expectNoA11yViolations(page);
  await shoot(page, "package");

  await page.goto(`/packages/${id.toLowerCase()}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${id} 2.0.0`);

  await page.getByRole("link", { name: "3.0.0", exact: true }).click();
  await expect(page).toHaveURL(`/packages/${id}/3.0.0`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${id} 3.0.0`);
  await expect(page.getByText("This version is unlisted.")).toBeVisible();
  await expect(page.getByText("Pulled: it broke dials.")).toBeVisible();
  await expectNoA11yViolations(page);
  await shoot(page, "unlisted");

  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  await expectNoA11yViolations(page);
  await page.screenshot({ path: "test-results/package-pages/unlisted-dark.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });

  await page.goto(`/packages/${id}/10.0.0-BETA`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${id} 10.0.0-beta`);
  await expect(page.getByText(`dotnet add package ${id} --prerelease`)).toBeVisible();

  for (const path of [
    `/packages/${id}/not-a-version`,
    `/packages/${id}/9.9.9`,
    "/packages/no%20such%20id",
    `/packages/Pages${tag}.Missing`,
  ]) {
    const res = await page.request.get(path);
    expect(res.status(), path).toBe(404);
  }
  // Next.js itself refuses a broken percent-encoding before any page runs; never a 500.
  expect((await page.request.get("/packages/%E0%A4%A")).status()).toBe(400);
});

test("a pushed version links its package file from the flat container", async ({ page, db }) => {
  const owner = await createUser(db, []);
  const id = `Pushed${owner.username.slice(5)}.Lib`;
  const { secret } = await insertKey(db, owner.id);
  const pushed = await page.request.put("/api/v2/package", {
    headers: { "X-NuGet-ApiKey": secret },
    multipart: {
      package: {
        name: "package.nupkg",
        mimeType: "application/octet-stream",
        buffer: await buildNupkg({ id, version: "1.0.0-rc.1" }),
      },
    },
  });
  expect(pushed.status()).toBe(201);
  await page.goto(`/packages/${id}`);
  const download = page.getByRole("link", { name: "Download package" });
  const href = `/v3/flatcontainer/${id.toLowerCase()}/1.0.0-rc.1/${id.toLowerCase()}.1.0.0-rc.1.nupkg`;
  await expect(download).toHaveAttribute("href", href);
  const file = await page.request.get(href);
  expect(file.status()).toBe(200);
  expect((await file.body()).subarray(0, 2).toString()).toBe("PK");
});

test("an owner follows “Create an API key for this package” to the form with the owner and package chosen; others see no link", async ({
  page,
  db,
  browser,
}) => {
  const member = await createUser(db, ["Solo.Lib"]);
  const orgName = `Team${member.username.slice(5)}`;
  const org = await db.account.create({
    data: {
      kind: "organization",
      username: orgName,
      usernameKey: orgName.toLowerCase(),
      organization: { create: { name: "Team", memberships: { create: { userId: member.id, role: "collaborator" } } } },
    },
  });
  const id = `${orgName}.Client`;
  await insertPackage(db, org.id, id, [{ version: "1.0.0", meta: { description: "The team's client." } }]);
  await insertPackage(db, org.id, `${orgName}.Other`, [{ version: "1.0.0" }]);

  await signInAs(page, member);
  await page.goto(`/packages/${id}`);
  await expect(page.getByRole("button", { name: member.username })).toBeVisible();
  await expect(page.getByText(`${orgName} (organization)`)).toBeVisible();
  await page.getByRole("link", { name: "Create an API key for this package" }).click();
  await expect(page).toHaveURL(/\/account\/apikeys\?create=1&package=/);
  const panel = page.locator("#create-key-panel");
  await expect(panel).toBeVisible();
  await expect(panel.getByLabel("Package Owner").locator("option:checked")).toHaveText(`${orgName} (organization)`);
  await expect(panel.getByRole("checkbox", { name: id, exact: true })).toBeChecked();
  await expect(panel.getByRole("checkbox", { name: `${orgName}.Other`, exact: true })).not.toBeChecked();
  await panel.getByLabel("Key Name").fill("From the package page");
  await panel.getByRole("button", { name: "Create" }).click();
  const dialog = page.getByRole("dialog", { name: "Your new API key" });
  await expect(dialog).toBeVisible();

  const stranger = await createUser(db, []);
  const other = await browser.newPage();
  await signInAs(other, stranger);
  await other.goto(`/packages/${id}`);
  await expect(other.getByRole("heading", { level: 1 })).toHaveText(`${id} 1.0.0`);
  await expect(other.getByRole("link", { name: "Create an API key for this package" })).toHaveCount(0);
  // A crafted link for someone else's package opens nothing prefilled.
  await other.goto(`/account/apikeys?create=1&package=${id}`);
  await expect(other.locator("#create-key-panel")).toBeHidden();
  await other.close();
});

test("the front door: a visitor lands on the package list, a signed-in person on their keys", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/packages$/);
  await expect(page.getByRole("heading", { level: 1, name: "Packages" })).toBeVisible();
  await signIn(page, "bob@example.com");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "API Keys" })).toBeVisible();
});
