import { Prisma } from "@gallery/prisma-sqlite";
import type { Db } from "./client";

/** Which versions a read of the feed may show: SemVer 2 and prerelease versions only when asked for. */
export type VersionFilter = { prerelease: boolean; semVer2: boolean; packageType?: string | null };

/** What search matches: every term in the id or the version's text, or an exact id; all lower-case. */
export type SearchCriteria = VersionFilter & {
  text: string;
  terms: string[];
  idTerms: string[];
  exactId: string | null;
  skip: number;
  take: number;
};

export type FeedVersion = Prisma.PackageVersionGetPayload<{ select: typeof VERSION_FIELDS }>;

const VERSION_FIELDS = {
  id: true,
  version: true,
  listed: true,
  createdAt: true,
  description: true,
  title: true,
  summary: true,
  authors: true,
  tags: true,
  projectUrl: true,
  iconUrl: true,
  licenseUrl: true,
  licenseExpression: true,
  requireLicenseAcceptance: true,
  dependencies: true,
  packageTypes: true,
  semVer2: true,
  downloads: true,
} satisfies Prisma.PackageVersionSelect;

/** Every version of a package, listed or not, for the flat container; null when the id is unknown. */
export async function listVersionKeys(db: Db, idKey: string): Promise<string[] | null> {
  const pkg = await db.package.findUnique({
    where: { idKey },
    select: { versions: { select: { versionKey: true } } },
  });
  return pkg ? pkg.versions.map((v) => v.versionKey) : null;
}

/** The stored file of one version, or null when the id or version is unknown. */
export function findVersionFile(db: Db, idKey: string, versionKey: string) {
  return db.packageVersion.findFirst({
    where: { versionKey, package: { idKey } },
    select: { id: true, packageId: true, storagePath: true, size: true },
  });
}

/** A package and its versions with their metadata, without SemVer 2 versions unless asked; null when unknown. */
export async function findRegistration(db: Db, idKey: string, semVer2: boolean) {
  return db.package.findUnique({
    where: { idKey },
    select: {
      packageId: true,
      versions: { where: semVer2 ? {} : { semVer2: false }, select: VERSION_FIELDS },
    },
  });
}

const ESCAPE = "!";

/** A LIKE pattern that finds the text anywhere, its wildcards taken literally. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (ch) => `${ESCAPE}${ch}`);
}

/** The conditions on a version `v` that this filter lets through. */
function eligibleVersion(filter: VersionFilter): Prisma.Sql {
  const parts = [Prisma.sql`v."listed" = TRUE`];
  // A normalized version has a dash only before its prerelease label.
  if (!filter.prerelease) parts.push(Prisma.sql`v."version" NOT LIKE '%-%'`);
  if (!filter.semVer2) parts.push(Prisma.sql`v."semVer2" = FALSE`);
  if (filter.packageType) {
    const type = filter.packageType.toLowerCase();
    const declared = Prisma.sql`(',' || lower(v."packageTypes") || ',') LIKE ${`%,${escapeLike(type)},%`} ESCAPE '!'`;
    // A package that declares no type is a Dependency.
    parts.push(type === "dependency" ? Prisma.sql`(v."packageTypes" = '' OR ${declared})` : declared);
  }
  return Prisma.join(parts, " AND ");
}

/**
 * Packages with a version the filter lets through, whose id or such a version's text holds every term. The text
 * is matched once over all versions (an uncorrelated IN), not once per package.
 */
function searchWhere(criteria: SearchCriteria): Prisma.Sql {
  const eligible = eligibleVersion(criteria);
  const parts = [Prisma.sql`EXISTS (SELECT 1 FROM "PackageVersion" v WHERE v."packageId" = p."id" AND ${eligible})`];
  if (criteria.exactId !== null) parts.push(Prisma.sql`p."idKey" = ${criteria.exactId}`);
  for (const term of criteria.idTerms) parts.push(Prisma.sql`p."idKey" LIKE ${containsPattern(term)} ESCAPE '!'`);
  for (const term of criteria.terms) {
    const pattern = containsPattern(term);
    parts.push(
      Prisma.sql`(p."idKey" LIKE ${pattern} ESCAPE '!' OR p."id" IN (SELECT v."packageId" FROM "PackageVersion" v WHERE ${eligible} AND v."searchText" LIKE ${pattern} ESCAPE '!'))`,
    );
  }
  return Prisma.join(parts, " AND ");
}

/** The exact id first, then ids that start with the text, then ids that hold every term, then the rest. */
function rank(criteria: SearchCriteria): Prisma.Sql {
  const allTerms = [...criteria.terms, ...criteria.idTerms];
  const idHoldsAll =
    allTerms.length === 0
      ? Prisma.sql`FALSE`
      : Prisma.join(
          allTerms.map((term) => Prisma.sql`p."idKey" LIKE ${containsPattern(term)} ESCAPE '!'`),
          " AND ",
        );
  return Prisma.sql`CASE WHEN p."idKey" = ${criteria.text} THEN 0
    WHEN p."idKey" LIKE ${`${escapeLike(criteria.text)}%`} ESCAPE '!' THEN 1
    WHEN ${idHoldsAll} THEN 2 ELSE 3 END`;
}

export type SearchHit = { id: string; packageId: string; downloads: number; owner: string };

/**
 * One page of the packages that match, best first, and how many match in all. A text search counts in the same
 * query, as it reads every package anyway; browsing without text counts apart, so the page can stop early.
 */
export async function searchPackages(
  db: Db,
  criteria: SearchCriteria,
): Promise<{ totalHits: number; hits: SearchHit[] }> {
  const where = searchWhere(criteria);
  const count = async () => {
    const rows = await db.$queryRaw<{ total: number | bigint }[]>(
      Prisma.sql`SELECT CAST(COUNT(*) AS INTEGER) AS "total" FROM "Package" p WHERE ${where}`,
    );
    return Number(rows[0]?.total ?? 0);
  };
  if (criteria.take === 0) return { totalHits: await count(), hits: [] };
  const text = criteria.terms.length > 0 || criteria.idTerms.length > 0 || criteria.exactId !== null;
  const order = criteria.text === "" ? Prisma.empty : Prisma.sql`${rank(criteria)}, `;
  const page = db.$queryRaw<
    { id: string; packageId: string; downloads: number | bigint; owner: string; total?: number | bigint }[]
  >(
    Prisma.sql`SELECT p."id", p."packageId", p."downloads", a."username" AS "owner"
        ${text ? Prisma.sql`, CAST(COUNT(*) OVER () AS INTEGER) AS "total"` : Prisma.empty}
      FROM "Package" p JOIN "Account" a ON a."id" = p."ownerId"
      WHERE ${where}
      ORDER BY ${order}p."downloads" DESC, p."idKey"
      LIMIT ${criteria.take} OFFSET ${criteria.skip}`,
  );
  const [rows, counted] = await Promise.all([page, text ? null : count()]);
  // Past the last match no row carries the count.
  const totalHits =
    counted ?? (rows[0]?.total !== undefined ? Number(rows[0].total) : criteria.skip > 0 ? await count() : 0);
  return {
    totalHits,
    hits: rows.map((h) => ({ id: h.id, packageId: h.packageId, downloads: Number(h.downloads), owner: h.owner })),
  };
}

/** The versions of these packages that a search with this filter shows, with their metadata. */
export function listEligibleVersions(db: Db, packageDbIds: string[], filter: VersionFilter) {
  return db.packageVersion.findMany({
    where: {
      packageId: { in: packageDbIds },
      listed: true,
      ...(filter.prerelease ? {} : { NOT: { version: { contains: "-" } } }),
      ...(filter.semVer2 ? {} : { semVer2: false }),
    },
    select: { ...VERSION_FIELDS, packageId: true },
  });
}

/** The listed versions of one package that autocomplete shows; null when the id is unknown. */
export async function listAutocompleteVersions(db: Db, idKey: string, filter: VersionFilter) {
  const pkg = await db.package.findUnique({
    where: { idKey },
    select: {
      versions: {
        where: {
          listed: true,
          ...(filter.prerelease ? {} : { NOT: { version: { contains: "-" } } }),
          ...(filter.semVer2 ? {} : { semVer2: false }),
        },
        select: { version: true },
      },
    },
  });
  return pkg ? pkg.versions.map((v) => v.version) : null;
}

/** Adds batched download counts to their versions and packages in one transaction. */
export async function addDownloads(
  db: Db,
  counts: { versionId: string; packageDbId: string; count: number }[],
): Promise<void> {
  const perPackage = new Map<string, number>();
  for (const c of counts) perPackage.set(c.packageDbId, (perPackage.get(c.packageDbId) ?? 0) + c.count);
  await db.$transaction([
    ...counts.map((c) =>
      db.packageVersion.updateMany({ where: { id: c.versionId }, data: { downloads: { increment: c.count } } }),
    ),
    ...[...perPackage].map(([id, count]) =>
      db.package.updateMany({ where: { id }, data: { downloads: { increment: count } } }),
    ),
  ]);
}
