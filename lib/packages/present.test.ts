import { describe, expect, it } from "vitest";
import { defaultVersion, describeRange, installCommands, newestFirst, safeWebUrl } from "./present";

describe("package page presentation", () => {
  it("links only to http and https addresses", () => {
    expect(safeWebUrl("https://example.com/a?b")).toBe("https://example.com/a?b");
    expect(safeWebUrl("http://example.com")).toBe("http://example.com/");
    for (const bad of ["javascript:alert(1)", "data:text/html,x", "ftp://x.y", "not a url", "", null, undefined]) {
      expect(safeWebUrl(bad)).toBeNull();
    }
  });

  it("words ranges as nuget.org does", () => {
    expect(describeRange("(, )")).toBe("");
    expect(describeRange("[1.0.0, )")).toBe(">= 1.0.0");
    expect(describeRange("(1.0.0, )")).toBe("> 1.0.0");
    expect(describeRange("[1.0.0]")).toBe("= 1.0.0");
    expect(describeRange("(, 2.0.0)")).toBe("< 2.0.0");
    expect(describeRange("[1.0.0, 2.0.0]")).toBe(">= 1.0.0 && <= 2.0.0");
  });

  it("orders by SemVer and opens on the newest listed stable version", () => {
    const v = (version: string, listed = true) => ({ version, listed });
    const versions = [v("2.0.0"), v("10.0.0", false), v("3.0.0-beta.10"), v("3.0.0-beta.2"), v("1.0.0")];
    expect(newestFirst(versions).map((x) => x.version)).toEqual([
      "10.0.0",
      "3.0.0-beta.10",
      "3.0.0-beta.2",
      "2.0.0",
      "1.0.0",
    ]);
    expect(defaultVersion(versions)?.version).toBe("2.0.0");
    expect(defaultVersion([v("1.0.0-a"), v("1.0.0-b")])?.version).toBe("1.0.0-b");
    expect(defaultVersion([v("1.0.0", false), v("2.0.0", false)])?.version).toBe("2.0.0");
    expect(defaultVersion([])).toBeUndefined();
  });

  it("installs from the gallery's own source", () => {
    const commands = installCommands("Contoso.Lib", "1.2.0", "https://gallery.test");
    expect(commands.map((c) => c.command)).toEqual([
      "dotnet add package Contoso.Lib --version 1.2.0 --source https://gallery.test/v3/index.json",
      "nuget install Contoso.Lib -Version 1.2.0 -Source https://gallery.test/v3/index.json",
      '<PackageReference Include="Contoso.Lib" Version="1.2.0" />',
    ]);
  });
});
