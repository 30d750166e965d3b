import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildNupkg, NUSPEC_NAMESPACE } from "../tests/support/build-nupkg";
import { E2E_PORT } from "./env";
import { createUser, expect, test } from "./fixtures";
import { closeSecretDialog, createKey, keyCard, signInAs } from "./helpers";
import { nuget } from "./nuget-exe";

const SOURCE = `http://127.0.0.1:${E2E_PORT}/v3/index.json`;

test("nuget.exe pushes and unlists with a key made in the UI; an out-of-scope key is refused with the reason", async ({
  page,
  db,
}) => {
  test.setTimeout(180_000);
  const user = await createUser(db, ["Existing.Lib"]);
  const home = mkdtempSync(join(tmpdir(), "nuget-home-"));
  const packageId = `Client.${user.username.slice(5)}.Lib`;
  const file = join(home, `${packageId}.1.2.0.nupkg`);
  writeFileSync(file, await buildNupkg({ id: packageId, version: "1.2.0" }));

  await signInAs(page, user);
  const secret = await createKey(page, { name: "CI push", glob: "Client.*", unlist: true });
  await closeSecretDialog(page);

  const pushed = await nuget(["push", file, "-Source", SOURCE, "-ApiKey", secret], home);
  expect(pushed.output).toContain("Your package was pushed.");
  expect(pushed.code, pushed.output).toBe(0);

  await page.goto("/account/packages");
  const card = page.getByRole("article", { name: packageId });
  await expect(card).toContainText("1.2.0");
  await expect(card).toContainText("Listed");

  await expect(async () => {
    await page.goto("/account/apikeys");
    await expect(keyCard(page, "CI push")).not.toContainText("Never used");
  }).toPass();

  const unlisted = await nuget(["delete", packageId, "1.2.0", "-Source", SOURCE, "-ApiKey", secret], home);
  expect(unlisted.code, unlisted.output).toBe(0);
  await page.goto("/account/packages");
  await expect(page.getByRole("article", { name: packageId })).toContainText("Unlisted");

  await page.goto("/account/apikeys");
  const other = await createKey(page, { name: "Other package only", packages: [user.packages[0]!] });
  await closeSecretDialog(page);
  const refused = await nuget(["push", file, "-Source", SOURCE, "-ApiKey", other], home);
  expect(refused.code).not.toBe(0);
  expect(refused.output).toContain("403");
  expect(refused.output).toContain(`This API key is not scoped to the package '${packageId}'.`);

  await page.getByRole("link", { name: "View usage of CI push" }).click();
  await expect(page.getByRole("heading", { name: "Usage of CI push" })).toBeVisible();
  const uses = page.getByRole("table");
  await expect(uses).toContainText("push");
  await expect(uses).toContainText("unlist");
  await expect(uses).toContainText(`${packageId} 1.2.0`);
  await expect(uses).toContainText("NuGet Command Line");
  const chart = page.getByRole("figure");
  await expect(chart).toContainText("Succeeded: 2");
  await expect(chart).toContainText("Refused (striped): 0");
});

/** A .snupkg as `dotnet pack` writes it beside the .nupkg: the SymbolsPackage type and a portable PDB. */
function buildSnupkg(id: string, version: string) {
  return buildNupkg({
    id,
    version,
    nuspec: [
      '<?xml version="1.0" encoding="utf-8"?>',
      `<package xmlns="${NUSPEC_NAMESPACE}"><metadata>`,
      `<id>${id}</id><version>${version}</version><authors>Contoso</authors><description>Symbols.</description>`,
      '<packageTypes><packageType name="SymbolsPackage" /></packageTypes>',
      "</metadata></package>",
    ].join(""),
    files: { "lib/net8.0/_._": "", [`lib/net8.0/${id}.pdb`]: "BSJB portable pdb" },
  });
}

test("a pipeline pushes a package with its symbols, then restores it from the feed, before and after unlisting", async ({
  page,
  db,
  request,
}) => {
  test.setTimeout(240_000);
  const user = await createUser(db, []);
  const home = mkdtempSync(join(tmpdir(), "nuget-home-"));
  const packageId = `Restore.${user.username.slice(5)}.Lib`;
  writeFileSync(join(home, `${packageId}.1.0.0.nupkg`), await buildNupkg({ id: packageId, version: "1.0.0" }));
  writeFileSync(join(home, `${packageId}.1.0.0.snupkg`), await buildSnupkg(packageId, "1.0.0"));

  await signInAs(page, user);
  const secret = await createKey(page, { name: "Pipeline", glob: "Restore.*", unlist: true });
  await closeSecretDialog(page);

  // nuget.exe finds SymbolPackagePublish in the service index and pushes the .snupkg beside the .nupkg.
  const pushed = await nuget(
    ["push", join(home, `${packageId}.1.0.0.nupkg`), "-Source", SOURCE, "-ApiKey", secret],
    home,
  );
  expect(pushed.code, pushed.output).toBe(0);
  expect(pushed.output).toContain(`Pushing ${packageId}.1.0.0.snupkg`);
  expect(pushed.output).not.toMatch(/WARNING/i);
  const version = await db.packageVersion.findFirstOrThrow({ where: { package: { idKey: packageId.toLowerCase() } } });
  expect(version.symbolsPath).toMatch(/\.snupkg$/);

  const out = join(home, "restored");
  const installed = await nuget(["install", packageId, "-Source", SOURCE, "-OutputDirectory", out], home);
  expect(installed.code, installed.output).toBe(0);
  expect(existsSync(join(out, `${packageId}.1.0.0`, `${packageId}.1.0.0.nupkg`))).toBe(true);

  const found = await (await request.get(`/v3/search?q=${packageId}`)).json();
  expect(found.totalHits).toBe(1);
  expect(found.data[0]).toMatchObject({ id: packageId, version: "1.0.0" });

  const unlisted = await nuget(["delete", packageId, "1.0.0", "-Source", SOURCE, "-ApiKey", secret], home);
  expect(unlisted.code, unlisted.output).toBe(0);
  expect((await (await request.get(`/v3/search?q=${packageId}`)).json()).totalHits).toBe(0);
  const again = join(home, "restored-exact");
  const exact = await nuget(
    ["install", packageId, "-Version", "1.0.0", "-Source", SOURCE, "-OutputDirectory", again],
    home,
  );
  expect(exact.code, exact.output).toBe(0);
  expect(existsSync(join(again, `${packageId}.1.0.0`, `${packageId}.1.0.0.nupkg`))).toBe(true);
});
