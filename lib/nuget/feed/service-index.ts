import { FEED_PATHS } from "./urls";

type Resource = { "@id": string; "@type": string; comment: string; clientVersion?: string };

/** The resources of the service index (SPEC 4.1, 7), each under every type name that NuGet clients look for. */
export function serviceIndex(base: string) {
  const resource = (path: string, types: string[], comment: string, extra: Partial<Resource> = {}): Resource[] =>
    types.map((type) => ({ "@id": `${base}${path}`, "@type": type, comment, ...extra }));
  const semVer1 = "Package metadata without SemVer 2.0.0 versions.";
  const semVer2 = "Package metadata including SemVer 2.0.0 versions.";
  const search = "Search packages by id, title, tags, authors and description.";
  const autocomplete = "Package ids that match a text, and the versions of one id.";
  return {
    version: "3.0.0",
    resources: [
      ...resource(FEED_PATHS.packagePublish, ["PackagePublish/2.0.0"], "Push, unlist (delete) and relist packages."),
      ...resource(FEED_PATHS.symbolPackagePublish, ["SymbolPackagePublish/4.9.0"], "Push symbol packages (.snupkg)."),
      ...resource(FEED_PATHS.flatContainer, ["PackageBaseAddress/3.0.0"], "Package versions, files and manifests."),
      ...resource(
        FEED_PATHS.registration,
        [
          "RegistrationsBaseUrl",
          "RegistrationsBaseUrl/3.0.0-beta",
          "RegistrationsBaseUrl/3.0.0-rc",
          "RegistrationsBaseUrl/3.4.0",
        ],
        semVer1,
      ),
      ...resource(FEED_PATHS.registrationSemVer2, ["RegistrationsBaseUrl/3.6.0"], semVer2),
      ...resource(FEED_PATHS.registrationSemVer2, ["RegistrationsBaseUrl/Versioned"], semVer2, {
        clientVersion: "4.3.0-alpha",
      }),
      ...resource(
        FEED_PATHS.search,
        [
          "SearchQueryService",
          "SearchQueryService/3.0.0-beta",
          "SearchQueryService/3.0.0-rc",
          "SearchQueryService/3.4.0",
          "SearchQueryService/3.5.0",
        ],
        search,
      ),
      ...resource(
        FEED_PATHS.autocomplete,
        [
          "SearchAutocompleteService",
          "SearchAutocompleteService/3.0.0-beta",
          "SearchAutocompleteService/3.0.0-rc",
          "SearchAutocompleteService/3.5.0",
        ],
        autocomplete,
      ),
    ],
  };
}
