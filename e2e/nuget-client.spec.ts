import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { buildNupkg } from "../tests/support/build-nupkg";
import { E2E_PORT } from "./env";
import { createUser, expect, test } from "./fixtures";
import { closeSecretDialog, createKey, keyCard, signInAs } from "./helpers";

const NUGET_EXE = "node_modules/nuget-exe/nuget-5.8.0.exe";
const SOURCE = `http://127.0.0.1:${E2E_PORT}/v3/index.json`;
const run = promisify(execFile);

/** Runs the unchanged nuget.exe under Mono; resolves with its exit code and everything it printed. */
async function nuget(args: string[], home: string): Promise<{ code: number; output: string }> {
  if (!existsSync("/usr/bin/mono"))
    throw new Error("Mono is missing: apt-get update && apt-get install -y mono-complete");
  try {
    const { stdout, stderr } = await run("mono", [NUGET_EXE, ...args, "-NonInteractive"], {
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, ".config") },
      timeout: 120_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

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
