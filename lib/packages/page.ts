import type { Db } from "@/lib/db/client";
import { findPackagePage, type PageVersionRow } from "@/lib/db/package-pages";
import { parseDependencyGroups } from "@/lib/nuget/metadata";
import { idKeyOf, versionKeyOf } from "@/lib/nuget/feed/params";
import { FEED_PATHS, feedUrls } from "@/lib/nuget/feed/urls";
import { isPrerelease } from "@/lib/nuget/version";
import { defaultVersion, describeRange, newestFirst, safeWebUrl, splitList } from "./present";

export type DependencyGroupView = { targetFramework: string | null; dependencies: { id: string; range: string }[] };

export type VersionDetails = {
  version: string;
  listed: boolean;
  prerelease: boolean;
  createdAt: Date;
  title: string;
  description: string;
  summary: string | null;
  authors: string[];
  tags: string[];
  projectUrl: string | null;
  licenseUrl: string | null;
  licenseExpression: string | null;
  requireLicenseAcceptance: boolean;
  dependencyGroups: DependencyGroupView[];
  downloads: number;
  size: number;
  /** Site-relative links; null when no file is stored. */
  downloadUrl: string | null;
  symbolsUrl: string | null;
};

export type VersionRow = { version: string; listed: boolean; downloads: number; createdAt: Date };

export type PackagePageView = {
  packageId: string;
  ownerId: string;
  owner: { username: string; organization: boolean; deleted: boolean };
  totalDownloads: number;
  /** The version shown, and whether the address named it (rather than the package alone). */
  shown: VersionDetails;
  named: boolean;
  versions: VersionRow[];
};

const segment = encodeURIComponent;

/**
 * A package's public page from the raw id and version of its address (case-insensitive, any version form); null
 * when either is malformed or unknown. Unlisted versions are reachable by name.
 */
export async function loadPackagePage(db: Db, rawId: string, rawVersion?: string): Promise<PackagePageView | null> {
  const idKey = idKeyOf(rawId);
  const versionKey = rawVersion === undefined ? null : versionKeyOf(rawVersion);
  if (idKey === null || (rawVersion !== undefined && versionKey === null)) return null;
  const pkg = await findPackagePage(db, idKey);
  if (!pkg) return null;
  const row =
    versionKey === null
      ? defaultVersion(pkg.versions)
      : pkg.versions.find((v) => v.version.toLowerCase() === versionKey);
  if (!row) return null;
  return {
    packageId: pkg.packageId,
    ownerId: pkg.ownerId,
    owner: {
      username: pkg.owner.username,
      organization: pkg.owner.kind === "organization",
      deleted: pkg.owner.deletedAt !== null,
    },
    totalDownloads: pkg.downloads,
    shown: details(pkg.packageId, row),
    named: versionKey !== null,
    versions: newestFirst(pkg.versions).map((v) => ({
      version: v.version,
      listed: v.listed,
      downloads: v.downloads,
      createdAt: v.createdAt,
    })),
  };
}

function details(packageId: string, v: PageVersionRow): VersionDetails {
  return {
    version: v.version,
    listed: v.listed,
    prerelease: isPrerelease(v.version),
    createdAt: v.createdAt,
    title: v.title || packageId,
    description: v.description,
    summary: v.summary,
    authors: [...new Set(splitList(v.authors, /,/))],
    tags: [...new Set(splitList(v.tags, /\s+/))],
    projectUrl: safeWebUrl(v.projectUrl),
    licenseUrl: safeWebUrl(v.licenseUrl),
    licenseExpression: v.licenseExpression,
    requireLicenseAcceptance: v.requireLicenseAcceptance,
    dependencyGroups: parseDependencyGroups(v.dependencies).map((group) => ({
      targetFramework: group.targetFramework ?? null,
      dependencies: group.dependencies.map((d) => ({ id: d.id, range: describeRange(d.range) })),
    })),
    downloads: v.downloads,
    size: v.size,
    downloadUrl: v.storagePath ? feedUrls("", false).packageContent(packageId, v.version) : null,
    symbolsUrl: v.symbolsPath ? `${FEED_PATHS.symbolPackagePublish}/${segment(packageId)}/${segment(v.version)}` : null,
  };
}
