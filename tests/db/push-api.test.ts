import { regenerateApiKey } from "@/lib/api-keys/regenerate-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";

import { describe, expect, it } from "vitest";
import { buildNupkg } from "@/tests/support/build-nupkg";

import { pushPackage, setPackageListed } from "@/lib/nuget/service";

import { makeKey, makePackage, makeUser } from "@/tests/support/factories";
import { storedFiles, useServiceFixture } from "@/tests/support/service-deps";
import { DATABASES } from "@/tests/support/test-db";

const DAY = 86_400_000;
type KeyScope = "push" | "pushversion" | "unlist" | "legacy";
type PackageState = "new" | "own" | "other" | "outside";
type Operation = "push" | "unlist" | "relist";
type KeyState = "valid" | "expired" | "revoked";

const SCOPES: Record<KeyScope, string[]> = {
  push: ["package:push"],
  pushversion: ["package:pushversion"],
  unlist: ["package:unlist"],
  legacy: ["package:push", "package:unlist"],
};

/** The expected status and the refusal's wording for each cell, written out rule by rule. */
function expected(scope: KeyScope, state: PackageState, op: Operation, keyState: KeyState): [number, RegExp | null] {
  if (keyState === "expired") return [403, /expired/];
  if (keyState === "revoked") return [403, /revoked/];
  if (op === "push") {
    if (scope === "unlist") return [403, /scope to push/];
    if (scope === "legacy") return state === "other" ? [403, /not owned/] : [201, null];
    if (state === "new") return scope === "push" ? [201, null] : [403, /scope to push new packages/];
    if (state === "outside") return [403, /not scoped to the package/];
    if (state === "other") return [403, /not owned/];
    return [201, null];
  }
  if (state === "new") return [404, /does not exist/];
  if (scope === "push" || scope === "pushversion") return [403, /scope to unlist/];
  if (state === "other") return [403, /not owned/];
  if (state === "outside" && scope === "unlist") return [403, /not scoped to the package/];
  return [200, null];
}

describe.each(DATABASES)("push API authorization matrix on %s", (kind) => {
  const { t, deps } = useServiceFixture(kind);

  const scopes: KeyScope[] = ["push", "pushversion", "unlist", "legacy"];
  const states: PackageState[] = ["new", "own", "other", "outside"];
  const operations: Operation[] = ["push", "unlist", "relist"];
  const keyStates: KeyState[] = ["valid", "expired", "revoked"];
  let cell = 0;

  it(`answers each of the ${scopes.length * states.length * operations.length * keyStates.length} cells as the rules say`, async () => {
    const owner = await makeUser(t.db);
    const stranger = await makeUser(t.db);
    const failures: string[] = [];
    for (const scope of scopes)
      for (const state of states)
        for (const op of operations)
          for (const keyState of keyStates) {
            const n = ++cell;
            const ids = { new: `New.C${n}`, own: `Own.C${n}`, other: `Other.C${n}`, outside: `Outside.C${n}` };
            const own = await makePackage(t.db, owner, ids.own, ["1.0.0"]);
            await makePackage(t.db, stranger, ids.other, ["1.0.0"]);
            await makePackage(t.db, owner, ids.outside, ["1.0.0"]);
            const key = await makeKey(t.db, owner, { scopes: SCOPES[scope], packages: [ids.new, ids.own, ids.other] });
            await t.db.apiKey.update({
              where: { id: key.id },
              data: {
                legacy: scope === "legacy",
                ...(scope === "legacy" ? { expiresAt: null, durationDays: null } : {}),
                ...(keyState === "expired" ? { expiresAt: new Date(Date.now() - DAY), legacy: false } : {}),
                ...(keyState === "revoked" ? { revokedAt: new Date() } : {}),
              },
            });
            if (op === "relist")
              await t.db.packageVersion.updateMany({ where: { packageId: own.id }, data: { listed: false } });
            const id = ids[state];
            const req = { apiKey: key.secret, ip: "127.0.0.1", userAgent: "matrix" };
            const result =
              op === "push"
                ? await pushPackage(deps, req, () => buildNupkg({ id, version: "2.0.0" }))
                : await setPackageListed(deps, req, { packageId: id, version: "1.0.0", listed: op === "relist" });
            const [status, message] = expected(
              scope,
              state,
              op,
              keyState === "expired" && scope === "legacy" ? "expired" : keyState,
            );
            if (result.status !== status || (message && !message.test(result.message))) {
              failures.push(
                `${scope}/${state}/${op}/${keyState}: got ${result.status} "${result.message}", want ${status} ${message ?? ""}`,
              );
            }
            const versions = await t.db.packageVersion.count({
              where: { package: { idKey: id.toLowerCase() }, versionKey: "2.0.0" },
            });
            if (op === "push" && versions !== (status === 201 ? 1 : 0))
              failures.push(`${scope}/${state}/${op}/${keyState}: ${versions} rows`);
          }
    expect(failures).toEqual([]);
    // Only successful pushes left a file behind.
    const files = (await storedFiles(deps.store)).filter((f) => f.endsWith(".nupkg"));
    expect(files.length).toBe(await t.db.packageVersion.count({ where: { storagePath: { not: null } } }));
  });

  it("refuses a key at once after it is regenerated or revoked, although it was just verified", async () => {
    const owner = await makeUser(t.db);
    await makePackage(t.db, owner, `Cache.${owner}`, ["1.0.0"]);
    const key = await makeKey(t.db, owner, { scopes: ["package:unlist"], glob: "Cache.*" });
    const req = { apiKey: key.secret, ip: null, userAgent: null };
    const unlist = (apiKey: string) =>
      setPackageListed(deps, { ...req, apiKey }, { packageId: `Cache.${owner}`, version: "1.0.0", listed: false });
    expect((await unlist(key.secret)).status).toBe(200);
    const regenerated = await regenerateApiKey(t.db, owner, key.id);
    if (!regenerated.ok) throw new Error(regenerated.error);
    expect((await unlist(key.secret)).status).toBe(403);
    expect((await unlist(regenerated.data.secret)).status).toBe(200);
    await revokeApiKey(t.db, owner, key.id);
    expect(await unlist(regenerated.data.secret)).toMatchObject({
      status: 403,
      message: "This API key has been revoked.",
    });
  });

  it("warns in X-NuGet-Warning when the key expires within 10 days", async () => {
    const owner = await makeUser(t.db);
    await makePackage(t.db, owner, `Warn.${owner}`, ["1.0.0"]);
    const key = await makeKey(t.db, owner, { scopes: ["package:unlist"], glob: "Warn.*" });
    await t.db.apiKey.update({ where: { id: key.id }, data: { expiresAt: new Date(Date.now() + 5 * DAY - 60_000) } });
    const reply = await setPackageListed(
      deps,
      { apiKey: key.secret, ip: null, userAgent: null },
      { packageId: `Warn.${owner}`, version: "1.0.0", listed: false },
    );
    expect(reply.status).toBe(200);
    expect(reply.headers["X-NuGet-Warning"]).toBe(
      "This API key expires in 5 days. Regenerate it at http://gallery.test/account/apikeys.",
    );
  });

  it("retires a legacy key on its first use after 365 idle days, and records the refusal", async () => {
    const owner = await makeUser(t.db);
    await makePackage(t.db, owner, `Legacy.${owner}`, ["1.0.0"]);
    const key = await makeKey(t.db, owner, { scopes: ["package:push", "package:unlist"] });
    await t.db.apiKey.update({
      where: { id: key.id },
      data: { legacy: true, expiresAt: null, durationDays: null, lastUsedAt: new Date(Date.now() - 366 * DAY) },
    });
    const use = () =>
      setPackageListed(
        deps,
        { apiKey: key.secret, ip: "192.0.2.1", userAgent: "test" },
        { packageId: `Legacy.${owner}`, version: "1.0.0", listed: false },
      );
    expect(await use()).toMatchObject({
      status: 403,
      message: "This legacy API key was unused for more than 365 days and has expired.",
    });
    expect((await t.db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).expiresAt).not.toBeNull();
    expect(await use()).toMatchObject({ status: 403, message: "This API key has expired." });
    await deps.usage.flush();
    const uses = await t.db.usageEvent.findMany({ where: { keyId: key.id } });
    expect(uses).toHaveLength(2);
    expect(uses.every((u) => u.status === 403 && u.ip === "192.0.2.1" && u.userAgent === "test")).toBe(true);
  });
});
