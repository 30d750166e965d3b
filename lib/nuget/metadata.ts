import { PACKAGE_ID_MAX } from "@/lib/keys/glob";
import { PACKAGE_ID_RE } from "@/lib/keys/schemas";
import { ANY_RANGE, normalizeRange } from "./version-range";
import { isSemVer2 } from "./version";

export type Dependency = { id: string; range: string };
export type DependencyGroup = { targetFramework?: string; dependencies: Dependency[] };

/** What the feed serves about a version, read from its nuspec. */
export type PackageMetadata = {
  description: string;
  title: string | null;
  summary: string | null;
  authors: string;
  tags: string[];
  projectUrl: string | null;
  iconUrl: string | null;
  licenseUrl: string | null;
  licenseExpression: string | null;
  requireLicenseAcceptance: boolean;
  dependencyGroups: DependencyGroup[];
  packageTypes: string[];
  /** The version or one of its dependency ranges needs a SemVer 2 client. */
  semVer2: boolean;
};

/** The columns of a PackageVersion row that hold its metadata. */
export type StoredMetadata = Omit<PackageMetadata, "tags" | "dependencyGroups" | "packageTypes"> & {
  tags: string;
  dependencies: string;
  packageTypes: string;
  searchText: string;
};

export const EMPTY_METADATA: PackageMetadata = {
  description: "",
  title: null,
  summary: null,
  authors: "",
  tags: [],
  projectUrl: null,
  iconUrl: null,
  licenseUrl: null,
  licenseExpression: null,
  requireLicenseAcceptance: false,
  dependencyGroups: [],
  packageTypes: [],
  semVer2: false,
};

const MAX_TAGS = 100;
const MAX_DEPENDENCIES = 1000;
const PACKAGE_TYPE_RE = /^[A-Za-z0-9._-]{1,100}$/;
const ENTITY_RE = /&(#x[0-9a-fA-F]{1,8}|#[0-9]{1,10}|lt|gt|amp|quot|apos);/g;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const UNSTORABLE_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const LONE_SURROGATE_RE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Reads the feed's metadata from a nuspec's parsed <metadata>; the id and version are checked elsewhere. */
export function readMetadata(metadata: Record<string, unknown>, originalVersion: string): PackageMetadata {
  const dependencyGroups = readDependencyGroups(metadata.dependencies);
  const license = first(metadata.license);
  const licenseType = isRecord(license) ? attribute(license, "type") : null;
  return {
    description: text(metadata.description),
    title: optional(text(metadata.title)),
    summary: optional(text(metadata.summary)),
    authors: text(metadata.authors),
    tags: splitTags(text(metadata.tags)),
    projectUrl: webUrl(text(metadata.projectUrl)),
    iconUrl: webUrl(text(metadata.iconUrl)),
    licenseUrl: webUrl(text(metadata.licenseUrl)),
    licenseExpression: licenseType?.toLowerCase() === "expression" ? optional(text(license)) : null,
    requireLicenseAcceptance: text(metadata.requireLicenseAcceptance).toLowerCase() === "true",
    dependencyGroups: dependencyGroups.groups,
    packageTypes: readPackageTypes(metadata.packageTypes),
    semVer2: isSemVer2(originalVersion) || dependencyGroups.semVer2,
  };
}

/** The row columns for this metadata; `searchText` is lower-cased here so both databases match alike. */
export function storedMetadata(meta: PackageMetadata): StoredMetadata {
  const { tags, dependencyGroups, packageTypes, ...rest } = meta;
  return {
    ...rest,
    tags: tags.join(" "),
    dependencies: JSON.stringify(dependencyGroups),
    packageTypes: packageTypes.join(","),
    searchText: [meta.title ?? "", tags.join(" "), meta.authors, meta.summary ?? "", meta.description]
      .join("\n")
      .toLowerCase(),
  };
}

/** The dependency groups kept in a row; anything unreadable counts as none. */
export function parseDependencyGroups(json: string): DependencyGroup[] {
  try {
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value)) return [];
    return value.flatMap((group: unknown) => {
      if (!isRecord(group) || !Array.isArray(group.dependencies)) return [];
      const dependencies = group.dependencies.flatMap((d: unknown) =>
        isRecord(d) && typeof d.id === "string" && typeof d.range === "string" ? [{ id: d.id, range: d.range }] : [],
      );
      const framework = typeof group.targetFramework === "string" ? group.targetFramework : undefined;
      return [framework ? { targetFramework: framework, dependencies } : { dependencies }];
    });
  } catch {
    return [];
  }
}

function readDependencyGroups(node: unknown): { groups: DependencyGroup[]; semVer2: boolean } {
  const dependencies = first(node);
  if (!isRecord(dependencies)) return { groups: [], semVer2: false };
  let semVer2 = false;
  let count = 0;
  const readList = (parent: Record<string, unknown>): Dependency[] =>
    all(parent.dependency).flatMap((entry) => {
      if (!isRecord(entry) || count >= MAX_DEPENDENCIES) return [];
      const id = attribute(entry, "id") ?? "";
      if (id.length > PACKAGE_ID_MAX || !PACKAGE_ID_RE.test(id)) return [];
      const range = normalizeRange(attribute(entry, "version") ?? "");
      if (range.ok && range.semVer2) semVer2 = true;
      count++;
      return [{ id, range: range.ok ? range.range : ANY_RANGE }];
    });
  // Dependencies outside any <group> are the legacy form: one group for every framework.
  const legacy = readList(dependencies);
  const groups: DependencyGroup[] = legacy.length > 0 ? [{ dependencies: legacy }] : [];
  for (const group of all(dependencies.group)) {
    const framework = isRecord(group) ? attribute(group, "targetFramework") : null;
    const list = isRecord(group) ? readList(group) : [];
    groups.push(framework ? { targetFramework: framework, dependencies: list } : { dependencies: list });
  }
  return { groups, semVer2 };
}

function readPackageTypes(node: unknown): string[] {
  const types = first(node);
  if (!isRecord(types)) return [];
  return all(types.packageType).flatMap((entry) => {
    const name = isRecord(entry) ? attribute(entry, "name") : null;
    return name && PACKAGE_TYPE_RE.test(name) ? [name] : [];
  });
}

function splitTags(tags: string): string[] {
  return [...new Set(tags.split(/[\s,;]+/).filter(Boolean))].slice(0, MAX_TAGS);
}

function webUrl(value: string): string | null {
  if (value === "") return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : null;
  } catch {
    return null;
  }
}

/** An element's text, entities decoded, with what no database stores taken out. */
function text(node: unknown): string {
  const value = first(node);
  const raw =
    typeof value === "string" ? value : isRecord(value) && typeof value["#text"] === "string" ? value["#text"] : "";
  return storable(decodeEntities(raw)).trim();
}

function attribute(node: Record<string, unknown>, name: string): string | null {
  const value = node[`@_${name}`];
  return typeof value === "string" ? storable(decodeEntities(value)).trim() : null;
}

/** The parser keeps entities as written (no DTD is ever expanded), so the predefined ones are decoded here. */
function decodeEntities(value: string): string {
  return value.replace(ENTITY_RE, (_, entity: string) => {
    if (!entity.startsWith("#")) return NAMED[entity] ?? "";
    const code = entity[1] === "x" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    const allowed =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    return allowed ? String.fromCodePoint(code) : "\ufffd";
  });
}

function storable(value: string): string {
  return value.replace(UNSTORABLE_RE, "").replace(LONE_SURROGATE_RE, "\ufffd");
}

function optional(value: string): string | null {
  return value === "" ? null : value;
}

function first(node: unknown): unknown {
  return Array.isArray(node) ? node[0] : node;
}

function all(node: unknown): unknown[] {
  if (node === undefined || node === null) return [];
  return Array.isArray(node) ? node : [node];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
