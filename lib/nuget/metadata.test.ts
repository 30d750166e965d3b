import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EMPTY_METADATA, parseDependencyGroups, storedMetadata } from "./metadata";
import { parseNuspec } from "./nupkg";

const nuspec = (metadata: string, version = "1.0.0") =>
  `<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata minClientVersion="4.0">
    <id>Contoso.Widgets</id>
    <version>${version}</version>
    ${metadata}
  </metadata>
</package>`;

const metadataOf = (metadata: string, version?: string) => parseNuspec(nuspec(metadata, version)).metadata;

describe("nuspec metadata", () => {
  it("reads the fields the feed serves", () => {
    const meta = metadataOf(`
      <title>Contoso Widgets</title>
      <authors>Alice, Bob</authors>
      <description>Widgets &amp; gadgets &lt;3 &#x2603; &#169;</description>
      <summary>Widgets.</summary>
      <tags>widgets ui,controls  widgets</tags>
      <projectUrl>https://example.com/widgets</projectUrl>
      <iconUrl>javascript:alert(1)</iconUrl>
      <license type="expression">MIT OR Apache-2.0</license>
      <requireLicenseAcceptance>True</requireLicenseAcceptance>
      <packageTypes><packageType name="DotnetTool" /><packageType name="bad type" /></packageTypes>`);
    expect(meta).toEqual({
      ...EMPTY_METADATA,
      title: "Contoso Widgets",
      authors: "Alice, Bob",
      description: "Widgets & gadgets <3 \u2603 \u00a9",
      summary: "Widgets.",
      tags: ["widgets", "ui", "controls"],
      projectUrl: "https://example.com/widgets",
      licenseExpression: "MIT OR Apache-2.0",
      requireLicenseAcceptance: true,
      packageTypes: ["DotnetTool"],
    });
  });

  it("leaves missing fields empty", () => {
    expect(metadataOf("")).toEqual(EMPTY_METADATA);
    expect(metadataOf("<dependencies /><tags /><license type='file'>LICENSE.txt</license>")).toEqual(EMPTY_METADATA);
  });

  it("reads dependency groups by target framework, normalizing ranges", () => {
    const meta = metadataOf(`
      <dependencies>
        <group targetFramework="net8.0">
          <dependency id="Contoso.Core" version="1.0" exclude="Build,Analyzers" />
          <dependency id="Contoso.Json" version="[2.0,3.0)" />
        </group>
        <group targetFramework=".NETStandard2.0">
          <dependency id="Contoso.Core" />
        </group>
        <group targetFramework="net472" />
        <group />
      </dependencies>`);
    expect(meta.dependencyGroups).toEqual([
      {
        targetFramework: "net8.0",
        dependencies: [
          { id: "Contoso.Core", range: "[1.0.0, )" },
          { id: "Contoso.Json", range: "[2.0.0, 3.0.0)" },
        ],
      },
      { targetFramework: ".NETStandard2.0", dependencies: [{ id: "Contoso.Core", range: "(, )" }] },
      { targetFramework: "net472", dependencies: [] },
      { dependencies: [] },
    ]);
    expect(meta.semVer2).toBe(false);
  });

  it("reads the legacy form without groups as one group for every framework, skipping ids that cannot be", () => {
    const meta = metadataOf(`
      <dependencies>
        <dependency id="Old.Style" version="1.2" />
        <dependency id="not an id" version="1.0" />
        <dependency id="Unparsed.Range" version="1.*" />
      </dependencies>`);
    expect(meta.dependencyGroups).toEqual([
      {
        dependencies: [
          { id: "Old.Style", range: "[1.2.0, )" },
          { id: "Unparsed.Range", range: "(, )" },
        ],
      },
    ]);
  });

  it.each([
    ["1.0.0", "", false],
    ["1.0.0-beta", "", false],
    ["1.0.0-beta.2", "", true],
    ["1.0.0+git.abc", "", true],
    ["1.0.0", '<dependency id="A" version="1.0.0-rc.1" />', true],
    ["1.0.0", '<dependency id="A" version="[1.0, 2.0.0+meta)" />', true],
    ["1.0.0", '<dependency id="A" version="[1.0.0-rc-1, )" />', false],
  ])("%s with %j needs SemVer 2: %s", (version, dependency, semVer2) => {
    expect(metadataOf(`<dependencies>${dependency}</dependencies>`, version).semVer2).toBe(semVer2);
  });

  it("keeps no character that a database cannot store", () => {
    const meta = metadataOf("<description>a&#0;b&#xD800;c&#1;d&#x10FFFF;</description><title>&#xFFFE;</title>");
    expect(meta.description).toBe("a\ufffdb\ufffdc\ufffdd\u{10ffff}");
    expect(meta.title).toBe("\ufffd");
  });

  it("stores lower-case search text and dependency JSON that reads back", () => {
    const meta = metadataOf(
      `<title>Wïdgets</title><tags>UI</tags><authors>ALICE</authors><description>Fast</description>
       <dependencies><group targetFramework="net8.0"><dependency id="A" version="1.0" /></group></dependencies>`,
    );
    const stored = storedMetadata(meta);
    expect(stored.searchText).toBe("wïdgets\nui\nalice\n\nfast");
    expect(stored.tags).toBe("UI");
    expect(parseDependencyGroups(stored.dependencies)).toEqual(meta.dependencyGroups);
  });

  it("reads back any stored dependency text without throwing", () => {
    expect(parseDependencyGroups("not json")).toEqual([]);
    expect(parseDependencyGroups('{"a":1}')).toEqual([]);
    fc.assert(
      fc.property(fc.json(), (json) => {
        expect(Array.isArray(parseDependencyGroups(json))).toBe(true);
      }),
    );
  });
});
