import { findRegistration, type FeedVersion } from "@/lib/db/feed";
import { parseDependencyGroups } from "../metadata";
import { compareVersions } from "../version";
import type { FeedDeps } from "./deps";
import { idKeyOf, versionKeyOf } from "./params";
import { jsonResponse, notFound } from "./responses";
import { feedUrls, type FeedUrls } from "./urls";

/** Versions per registration page, as on nuget.org. */
export const REGISTRATION_PAGE_SIZE = 64;
/** A package with fewer versions than this has its pages inlined in the index; larger ones link them. */
export const INLINE_VERSIONS_LIMIT = 128;
/** What nuget.org gives an unlisted version as its publication date; older clients read it as "unlisted". */
const UNLISTED_PUBLISHED = "1900-01-01T00:00:00+00:00";

/**
 * RegistrationsBaseUrl: `{id}/index.json`, `{id}/page/{lower}/{upper}.json` and `{id}/{version}.json`, in the
 * SemVer 1 hive (no SemVer 2 versions) or the SemVer 2 hive (every version). Unlisted versions are present with
 * `listed: false`, so restoring an exact version still works.
 */
export async function serveRegistration(
  deps: FeedDeps,
  request: Request,
  path: string[],
  semVer2: boolean,
): Promise<Response> {
  const [idText = "", ...rest] = path;
  const idKey = idKeyOf(idText);
  if (!idKey) return notFound("Not found.");
  const [second, third, fourth, ...extra] = rest;
  let target: { kind: "index" } | { kind: "page"; lower: string; upper: string } | { kind: "leaf"; version: string };
  if (second === "index.json" && third === undefined) target = { kind: "index" };
  else if (second === "page" && third !== undefined && fourth?.endsWith(".json") && extra.length === 0) {
    const lower = versionKeyOf(third);
    const upper = versionKeyOf(fourth.slice(0, -".json".length));
    if (!lower || !upper) return notFound("Not found.");
    target = { kind: "page", lower, upper };
  } else if (second?.endsWith(".json") && third === undefined) {
    const version = versionKeyOf(second.slice(0, -".json".length));
    if (!version) return notFound("Not found.");
    target = { kind: "leaf", version };
  } else return notFound("Not found.");

  const registration = await findRegistration(deps.db, idKey, semVer2);
  if (!registration || registration.versions.length === 0) return notFound(`The package '${idKey}' does not exist.`);
  const { packageId } = registration;
  const versions = registration.versions.sort((a, b) => compareVersions(a.version, b.version));
  const urls = feedUrls(deps.base, semVer2);

  if (target.kind === "index") return jsonResponse(request, registrationIndex(urls, packageId, versions));
  if (target.kind === "page") {
    const { lower, upper } = target;
    const items = versions.filter(
      (v) => compareVersions(lower, v.version) <= 0 && compareVersions(v.version, upper) <= 0,
    );
    if (items.length === 0) return notFound("Not found.");
    return jsonResponse(request, {
      ...page(urls, packageId, items, "document"),
      "@id": urls.registrationPage(packageId, lower, upper),
    });
  }
  const leaf = versions.find((v) => v.version.toLowerCase() === target.version);
  if (!leaf) return notFound(`The package ${idKey} ${target.version} does not exist.`);
  return jsonResponse(request, {
    "@id": urls.registrationLeaf(packageId, leaf.version),
    "@type": ["Package", "http://schema.nuget.org/catalog#Permalink"],
    listed: leaf.listed,
    packageContent: urls.packageContent(packageId, leaf.version),
    published: published(leaf),
    registration: urls.registrationIndex(packageId),
  });
}

/** The registration index: pages of up to 64 versions, inlined unless the package has 128 or more. */
export function registrationIndex(urls: FeedUrls, packageId: string, versions: FeedVersion[]) {
  const inline = versions.length < INLINE_VERSIONS_LIMIT;
  const pages = [];
  for (let i = 0; i < versions.length; i += REGISTRATION_PAGE_SIZE) {
    pages.push(page(urls, packageId, versions.slice(i, i + REGISTRATION_PAGE_SIZE), inline ? "inline" : "link"));
  }
  return {
    "@id": urls.registrationIndex(packageId),
    "@type": ["catalog:CatalogRoot", "PackageRegistration", "catalog:Permalink"],
    count: pages.length,
    items: pages,
  };
}

/** A page of versions in SemVer order: inlined in the index, linked from it, or served on its own. */
function page(urls: FeedUrls, packageId: string, versions: FeedVersion[], form: "inline" | "link" | "document") {
  const lower = versions[0]!.version;
  const upper = versions[versions.length - 1]!.version;
  const index = urls.registrationIndex(packageId);
  const head = {
    "@id":
      form === "inline"
        ? `${index}#page/${lower.toLowerCase()}/${upper.toLowerCase()}`
        : urls.registrationPage(packageId, lower, upper),
    "@type": "catalog:CatalogPage",
    count: versions.length,
  };
  if (form === "link") return { ...head, lower, upper };
  return { ...head, items: versions.map((v) => leafInPage(urls, packageId, v)), lower, parent: index, upper };
}

function leafInPage(urls: FeedUrls, packageId: string, v: FeedVersion) {
  const leafUrl = urls.registrationLeaf(packageId, v.version);
  const packageContent = urls.packageContent(packageId, v.version);
  return {
    "@id": leafUrl,
    "@type": "Package",
    catalogEntry: catalogEntry(urls, packageId, v, leafUrl, packageContent),
    packageContent,
    registration: urls.registrationIndex(packageId),
  };
}

function catalogEntry(urls: FeedUrls, packageId: string, v: FeedVersion, leafUrl: string, packageContent: string) {
  return {
    // The gallery keeps no catalog: the entry is named by its registration leaf.
    "@id": leafUrl,
    "@type": "PackageDetails",
    authors: v.authors,
    dependencyGroups: parseDependencyGroups(v.dependencies).map((group) => ({
      "@type": "PackageDependencyGroup",
      ...(group.targetFramework ? { targetFramework: group.targetFramework } : {}),
      ...(group.dependencies.length > 0
        ? {
            dependencies: group.dependencies.map((d) => ({
              "@type": "PackageDependency",
              id: d.id,
              range: d.range,
              registration: urls.registrationIndex(d.id),
            })),
          }
        : {}),
    })),
    description: v.description,
    ...(v.iconUrl ? { iconUrl: v.iconUrl } : {}),
    id: packageId,
    ...(v.licenseExpression ? { licenseExpression: v.licenseExpression } : {}),
    ...(v.licenseUrl ? { licenseUrl: v.licenseUrl } : {}),
    listed: v.listed,
    packageContent,
    ...(v.projectUrl ? { projectUrl: v.projectUrl } : {}),
    published: published(v),
    requireLicenseAcceptance: v.requireLicenseAcceptance,
    summary: v.summary ?? "",
    tags: v.tags === "" ? [] : v.tags.split(" "),
    title: v.title ?? "",
    version: v.version,
  };
}

function published(v: Pick<FeedVersion, "listed" | "createdAt">): string {
  return v.listed ? v.createdAt.toISOString() : UNLISTED_PUBLISHED;
}
