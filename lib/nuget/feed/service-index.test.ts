import { describe, expect, it } from "vitest";
import { GET } from "@/app/v3/index.json/route";
import { serviceIndex } from "./service-index";

describe("service index", () => {
  it("lists every resource under the type names NuGet clients look for", () => {
    const index = serviceIndex("https://nuget.example.com");
    const byType = Object.fromEntries(index.resources.map((r) => [r["@type"], r["@id"]]));
    const base = "https://nuget.example.com";
    expect(index.version).toBe("3.0.0");
    expect(byType).toMatchObject({
      "PackagePublish/2.0.0": `${base}/api/v2/package`,
      "SymbolPackagePublish/4.9.0": `${base}/api/v2/symbolpackage`,
      "PackageBaseAddress/3.0.0": `${base}/v3/flatcontainer/`,
      RegistrationsBaseUrl: `${base}/v3/registration/`,
      "RegistrationsBaseUrl/3.0.0-beta": `${base}/v3/registration/`,
      "RegistrationsBaseUrl/3.0.0-rc": `${base}/v3/registration/`,
      "RegistrationsBaseUrl/3.4.0": `${base}/v3/registration/`,
      "RegistrationsBaseUrl/3.6.0": `${base}/v3/registration-semver2/`,
      "RegistrationsBaseUrl/Versioned": `${base}/v3/registration-semver2/`,
      SearchQueryService: `${base}/v3/search`,
      "SearchQueryService/3.0.0-beta": `${base}/v3/search`,
      "SearchQueryService/3.0.0-rc": `${base}/v3/search`,
      "SearchQueryService/3.4.0": `${base}/v3/search`,
      "SearchQueryService/3.5.0": `${base}/v3/search`,
      SearchAutocompleteService: `${base}/v3/autocomplete`,
      "SearchAutocompleteService/3.0.0-beta": `${base}/v3/autocomplete`,
      "SearchAutocompleteService/3.5.0": `${base}/v3/autocomplete`,
    });
    expect(index.resources.find((r) => r["@type"] === "RegistrationsBaseUrl/Versioned")?.clientVersion).toBe(
      "4.3.0-alpha",
    );
    expect(new Set(index.resources.map((r) => r["@type"])).size).toBe(index.resources.length);
  });

  it("builds every URL from the origin the client came in at, never localhost", async () => {
    const response = GET(
      new Request("http://localhost:3000/v3/index.json", { headers: { host: "gallery.example.com:8080" } }),
    );
    expect(response.headers.get("etag")).toBeTruthy();
    const body = (await response.json()) as ReturnType<typeof serviceIndex>;
    for (const resource of body.resources) expect(resource["@id"]).toMatch(/^http:\/\/gallery\.example\.com:8080\//);
  });
});
