import type { SearchCriteria } from "@/lib/db/feed";
import { compareVersions, normalizeVersion } from "../version";

export const DEFAULT_TAKE = 20;
/** nuget.org's cap: a larger `take` is clamped to it. */
export const MAX_TAKE = 1000;
export const MAX_SKIP = 3000;
export const MAX_QUERY_LENGTH = 256;
const MAX_TERMS = 16;

// Controls (NUL included) and unpaired surrogates: PostgreSQL refuses some, and none belongs in a search.
const UNSEARCHABLE =
  /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const PACKAGE_TYPE_RE = /^[A-Za-z0-9._-]{1,100}$/;
/** No package type has a comma, so this one matches nothing. */
const NO_TYPE = ",";

/** The search text as both databases can match it: controls become spaces, at most 256 characters, lower-case. */
export function cleanQuery(q: string | null): string {
  return [...(q ?? "").replace(UNSEARCHABLE, " ").trim()].slice(0, MAX_QUERY_LENGTH).join("").trim().toLowerCase();
}

/** A whole number parameter within bounds; missing or unreadable means the default. */
export function boundedInt(text: string | null, fallback: number, max: number): number {
  if (text === null || !/^\s*[+-]?\d+\s*$/.test(text)) return fallback;
  const value = Number(text);
  return Math.min(Math.max(value, 0), max);
}

/** `semVerLevel=2.0.0` (or higher) lets SemVer 2 versions in; anything else keeps them out. */
export function wantsSemVer2(text: string | null): boolean {
  const version = normalizeVersion(text?.trim() ?? "");
  return version.ok && compareVersions(version.version, "2.0.0") >= 0;
}

/**
 * SearchQueryService parameters: `q` (terms that must all match; `packageid:X` for one exact id, `id:X` for an
 * id that contains X), `skip`, `take` (clamped), `prerelease`, `semVerLevel` and `packageType`.
 */
export function parseSearchParams(params: URLSearchParams): SearchCriteria {
  const text = cleanQuery(params.get("q"));
  const terms: string[] = [];
  const idTerms: string[] = [];
  let exactId: string | null = null;
  for (const word of new Set(text.split(/\s+/).filter(Boolean))) {
    const field = /^(packageid|id):(.*)$/.exec(word);
    if (field?.[1] === "packageid" && field[2]) exactId = field[2];
    else if (field?.[1] === "id" && field[2]) idTerms.push(field[2]);
    else if (!field) terms.push(word);
  }
  const packageType = params.get("packageType")?.trim() ?? "";
  return {
    text: field(text) ? "" : text,
    terms: terms.slice(0, MAX_TERMS),
    idTerms: idTerms.slice(0, MAX_TERMS),
    exactId,
    skip: boundedInt(params.get("skip"), 0, MAX_SKIP),
    take: boundedInt(params.get("take"), DEFAULT_TAKE, MAX_TAKE),
    prerelease: params.get("prerelease")?.trim().toLowerCase() === "true",
    semVer2: wantsSemVer2(params.get("semVerLevel")),
    // A type name no package can declare matches nothing rather than everything.
    packageType: packageType === "" ? null : PACKAGE_TYPE_RE.test(packageType) ? packageType : NO_TYPE,
  };
}

/** Field syntax is a filter, not text to rank ids by. */
function field(text: string): boolean {
  return /(^|\s)(packageid|id):/.test(text);
}
