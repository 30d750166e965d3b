/** The public package pages and the API Keys form prefilled from them, on every database. */
import { beforeAll, describe, expect, it } from "vitest";
import { keyPrefill } from "@/lib/api-keys/prefill";
import { EMPTY_METADATA, storedMetadata, type PackageMetadata } from "@/lib/nuget/metadata";
import { searchGallery } from "@/lib/packages/gallery";
import { loadPackagePage } from "@/lib/packages/page";
import { makeOrganization, makePackage, makeUser } from "@/tests/support/factories";
import { DATABASES, useTestDb } from "@/tests/support/test-db";

describe.each(DATABASES)("package pages on %s", (kind) => {
  const t = useTestDb(kind);
  let owner = "";

  const addVersion = (
    packageId: string,
    version: string,
    meta: Partial<PackageMetadata> = {},
    extra: { listed?: boolean; storagePath?: string; symbolsPath?: string; downloads?: number } = {},
  ) =>
    t.db.packageVersion.create({
      data: {
        packageId,
        version,
        versionKey: version.toLowerCase(),
        ...storedMetadata({ ...EMPTY_METADATA, ...meta }),
        ...extra,
      },
    });

  beforeAll(async () => {
    owner = await makeUser(t.db, "PageOwner");
    const pkg = await makePackage(t.db, owner, "Contoso.Widgets");
    await addVersion(pkg.id, "2.0.0", { description: "Widgets, old." }, { storagePath: "a/b.nupkg", downloads: 3 });
    await addVersion(pkg.id, "10.0.0", { description: "Pulled." }, { listed: false });
    await addVersion(pkg.id, "3.0.0-beta.10", { description: "Beta ten." });
    await addVersion(pkg.id, "3.0.0-beta.2", { description: "Beta two." });
    await addVersion(
      pkg.id,
      "2.1.0",
      {
        description: "Widgets for everyone.",
        authors: "Ann, Bob, Ann",
        tags: ["ui", "widgets", "ui"],
        projectUrl: "https://contoso.test/widgets",
        licenseUrl: "javascript:alert(1)",
        dependencyGroups: [
          { targetFramework: "net8.0", dependencies: [{ id: "Contoso.Core", range: "[1.0.0, )" }] },
          { targetFramework: "netstandard2.0", dependencies: [] },
        ],
      },
      { storagePath: "c/d.nupkg", symbolsPath: "c/d.snupkg", downloads: 5 },
    );
    const hidden = await makePackage(t.db, owner, "Contoso.Hidden");
    await addVersion(hidden.id, "1.0.0", { description: "Widgets nobody sees." }, { listed: false });
    const pre = await makePackage(t.db, owner, "Contoso.Preview");
    await addVersion(pre.id, "0.1.0-alpha", { description: "Widgets to come." });
    await makePackage(t.db, owner, "Contoso.Empty");
    await t.db.package.update({ where: { id: pkg.id }, data: { downloads: 8 } });
  });

  it("opens on the newest listed stable version, with every version in SemVer order", async () => {
    const page = await loadPackagePage(t.db, "contoso.WIDGETS");
    expect(page).not.toBeNull();
    expect(page!.packageId).toBe("Contoso.Widgets");
    expect(page!.named).toBe(false);
    expect(page!.totalDownloads).toBe(8);
    expect(page!.owner).toEqual({ username: "PageOwner", organization: false, deleted: false });
    expect(page!.versions.map((v) => [v.version, v.listed])).toEqual([
      ["10.0.0", false],
      ["3.0.0-beta.10", true],
      ["3.0.0-beta.2", true],
      ["2.1.0", true],
      ["2.0.0", true],
    ]);
    const shown = page!.shown;
    expect(shown.version).toBe("2.1.0");
    expect(shown.description).toBe("Widgets for everyone.");
    expect(shown.authors).toEqual(["Ann", "Bob"]);
    expect(shown.tags).toEqual(["ui", "widgets"]);
    expect(shown.projectUrl).toBe("https://contoso.test/widgets");
    expect(shown.licenseUrl).toBeNull();
    expect(shown.dependencyGroups).toEqual([
      { targetFramework: "net8.0", dependencies: [{ id: "Contoso.Core", range: ">= 1.0.0" }] },
      { targetFramework: "netstandard2.0", dependencies: [] },
    ]);
    expect(shown.downloadUrl).toBe("/v3/flatcontainer/contoso.widgets/2.1.0/contoso.widgets.2.1.0.nupkg");
    expect(shown.symbolsUrl).toBe("/api/v2/symbolpackage/Contoso.Widgets/2.1.0");
  });

  it("reaches an unlisted version by name, and any spelling of a version", async () => {
    const unlisted = await loadPackagePage(t.db, "Contoso.Widgets", "10.0");
    expect(unlisted?.named).toBe(true);
    expect(unlisted?.shown).toMatchObject({ version: "10.0.0", listed: false, downloadUrl: null, symbolsUrl: null });
    const beta = await loadPackagePage(t.db, "contoso.widgets", "3.0.0-BETA.2");
    expect(beta?.shown).toMatchObject({ version: "3.0.0-beta.2", prerelease: true });
  });

  it("answers null for malformed or unknown ids and versions", async () => {
    for (const [id, version] of [
      ["Contoso Widgets", undefined],
      ["../etc", undefined],
      ["", undefined],
      ["x".repeat(101), undefined],
      ["Contoso.Unknown", undefined],
      ["Contoso.Empty", undefined],
      ["Contoso.Widgets", "not-a-version"],
      ["Contoso.Widgets", "1.2.3.4.5"],
      ["Contoso.Widgets", "9.9.9"],
      ["Contoso.Widgets", ""],
    ] as const) {
      expect(await loadPackagePage(t.db, id, version), `${id} ${version}`).toBeNull();
    }
  });

  it("opens on the newest version when every version is unlisted", async () => {
    const page = await loadPackagePage(t.db, "Contoso.Hidden");
    expect(page?.shown).toMatchObject({ version: "1.0.0", listed: false });
  });

  it("lists and searches packages with a listed version only, each at its newest listed version", async () => {
    const all = await searchGallery(t.db, "", 1);
    expect(all.total).toBe(2);
    expect(all.rows.map((r) => [r.packageId, r.version])).toEqual([
      ["Contoso.Widgets", "2.1.0"],
      ["Contoso.Preview", "0.1.0-alpha"],
    ]);
    expect(all.rows[0]).toMatchObject({ owner: "PageOwner", downloads: 8, authors: ["Ann", "Bob"] });
    const found = await searchGallery(t.db, "everyone", 1);
    expect(found.rows.map((r) => r.packageId)).toEqual(["Contoso.Widgets"]);
    expect((await searchGallery(t.db, "nobody", 1)).total).toBe(0);
    expect((await searchGallery(t.db, "preview", 1)).rows.map((r) => r.packageId)).toEqual(["Contoso.Preview"]);
    expect((await searchGallery(t.db, "%\u0000_", 1)).total).toBe(0);
    const past = await searchGallery(t.db, "", 5);
    expect(past.rows).toEqual([]);
  });

  it("prefills the key form for an owner or a member of the owning organization only", async () => {
    const member = await makeUser(t.db);
    const stranger = await makeUser(t.db);
    const org = await makeOrganization(t.db, [[member, "collaborator"]]);
    await makePackage(t.db, org, "Team.Lib");
    expect(await keyPrefill(t.db, owner, { create: "1", package: "contoso.widgets" })).toEqual({
      ownerId: owner,
      packages: ["Contoso.Widgets"],
    });
    expect(await keyPrefill(t.db, member, { create: "1", package: "Team.Lib" })).toEqual({
      ownerId: org,
      packages: ["Team.Lib"],
    });
    expect(await keyPrefill(t.db, stranger, { create: "1", package: "Team.Lib" })).toBeNull();
    expect(await keyPrefill(t.db, owner, { create: "1", package: "Nope.Unknown" })).toBeNull();
    expect(await keyPrefill(t.db, owner, { create: "1", package: "bad id" })).toBeNull();
    expect(await keyPrefill(t.db, owner, { create: ["1", "1"], package: "Contoso.Widgets" })).toBeNull();
    expect(await keyPrefill(t.db, owner, { package: "Contoso.Widgets" })).toBeNull();
  });
});
