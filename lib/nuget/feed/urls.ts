/** Where the feed's resources live under the gallery's origin; every path ends in "/" where clients append. */
export const FEED_PATHS = {
  packagePublish: "/api/v2/package",
  symbolPackagePublish: "/api/v2/symbolpackage",
  flatContainer: "/v3/flatcontainer/",
  registration: "/v3/registration/",
  registrationSemVer2: "/v3/registration-semver2/",
  search: "/v3/search",
  autocomplete: "/v3/autocomplete",
} as const;

export type FeedUrls = ReturnType<typeof feedUrls>;

/** Absolute URLs of the feed for one origin; the registration URLs are those of the SemVer 1 or 2 hive. */
export function feedUrls(base: string, semVer2: boolean) {
  const registrationBase = `${base}${semVer2 ? FEED_PATHS.registrationSemVer2 : FEED_PATHS.registration}`;
  const flat = `${base}${FEED_PATHS.flatContainer}`;
  const key = (text: string) => text.toLowerCase();
  return {
    registrationBase,
    registrationIndex: (id: string) => `${registrationBase}${key(id)}/index.json`,
    registrationPage: (id: string, lower: string, upper: string) =>
      `${registrationBase}${key(id)}/page/${key(lower)}/${key(upper)}.json`,
    registrationLeaf: (id: string, version: string) => `${registrationBase}${key(id)}/${key(version)}.json`,
    packageContent: (id: string, version: string) =>
      `${flat}${key(id)}/${key(version)}/${key(id)}.${key(version)}.nupkg`,
  };
}
