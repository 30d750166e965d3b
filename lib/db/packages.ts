import type { StoredMetadata } from "@/lib/nuget/metadata";
import { recordAudit, type AuditInput } from "./audit";
import type { Db } from "./client";

export function findPackageByIdKey(db: Db, idKey: string) {
  return db.package.findUnique({ where: { idKey }, select: { id: true, packageId: true, ownerId: true } });
}

export type PackageVersionMatch = {
  package: { id: string; packageId: string; ownerId: string };
  version: { id: string; version: string; listed: boolean } | null;
};

type PackageVersionRow = {
  id: string;
  packageId: string;
  ownerId: string;
  versionId: string | null;
  version: string | null;
  listed: boolean | number | bigint | null;
};

/**
 * The package with this id and its version with this key, in one statement: the push API's hot path.
 * Raw SQL skips Prisma's query compiler, which cost more than the two lookups it replaces (docs/performance.md).
 */
export async function findPackageVersion(
  db: Db,
  idKey: string,
  versionKey: string,
): Promise<PackageVersionMatch | null> {
  const [row] = await db.$queryRaw<PackageVersionRow[]>`
    SELECT p."id", p."packageId", p."ownerId", v."id" AS "versionId", v."version", v."listed"
    FROM "Package" p
    LEFT JOIN "PackageVersion" v ON v."packageId" = p."id" AND v."versionKey" = ${versionKey}
    WHERE p."idKey" = ${idKey}`;
  if (!row) return null;
  return {
    package: { id: row.id, packageId: row.packageId, ownerId: row.ownerId },
    // SQLite answers booleans as 0 or 1.
    version: row.versionId ? { id: row.versionId, version: row.version!, listed: Boolean(Number(row.listed)) } : null,
  };
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

type NewVersion = { packageId: string; version: string; ownerId: string; size: number; metadata: StoredMetadata };

/**
 * Adds a version, creating the package for the owner when the id is new, with its audit event in the same
 * transaction; "duplicate" when the version already exists.
 */
export async function addPackageVersion(
  db: Db,
  input: NewVersion,
  storagePath: string,
  audit: AuditInput,
): Promise<"created" | "duplicate" | "owner-changed"> {
  // A unique violation on the first try may be another push creating the same new id; the retry sees it.
  for (let attempt = 1; ; attempt++) {
    try {
      return await insertVersion(db, { ...input, storagePath }, audit);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (attempt === 2) return "duplicate";
    }
  }
}

function insertVersion(
  db: Db,
  input: NewVersion & { storagePath: string },
  audit: AuditInput,
): Promise<"created" | "owner-changed"> {
  return db.$transaction(async (tx) => {
    const idKey = input.packageId.toLowerCase();
    const existing = await tx.package.findUnique({ where: { idKey }, select: { id: true, ownerId: true } });
    // Another owner may have created the id between the authorization and this write.
    if (existing && existing.ownerId !== input.ownerId) return "owner-changed" as const;
    const pkg =
      existing ??
      (await tx.package.create({
        data: { packageId: input.packageId, idKey, ownerId: input.ownerId },
        select: { id: true },
      }));
    await tx.packageVersion.create({
      data: {
        packageId: pkg.id,
        version: input.version,
        versionKey: input.version.toLowerCase(),
        size: input.size,
        storagePath: input.storagePath,
        ...input.metadata,
      },
    });
    await recordAudit(tx, audit);
    return "created" as const;
  });
}

/** Lists or unlists a version, with its audit event in the same transaction. */
export async function setListed(db: Db, versionId: string, listed: boolean, audit: AuditInput): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.packageVersion.update({ where: { id: versionId }, data: { listed } });
    await recordAudit(tx, audit);
  });
}

/** Points a version at its new symbols package, with the audit event; the path it replaced, if any. */
export async function setVersionSymbols(
  db: Db,
  versionId: string,
  symbols: { path: string; size: number },
  audit: AuditInput,
): Promise<string | null> {
  return db.$transaction(async (tx) => {
    const before = await tx.packageVersion.findUniqueOrThrow({
      where: { id: versionId },
      select: { symbolsPath: true },
    });
    await tx.packageVersion.update({
      where: { id: versionId },
      data: { symbolsPath: symbols.path, symbolsSize: symbols.size },
    });
    await recordAudit(tx, audit);
    return before.symbolsPath;
  });
}

/** A version's symbols package file, for download. */
export async function findVersionSymbols(db: Db, idKey: string, versionKey: string) {
  return db.packageVersion.findFirst({
    where: { versionKey, package: { idKey }, symbolsPath: { not: null } },
    select: { symbolsPath: true, symbolsSize: true, version: true, package: { select: { packageId: true } } },
  });
}

/** Which of these stored file paths belong to a version; the rest are orphans. */
export async function findStoredPaths(db: Db, paths: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < paths.length; i += 500) {
    const chunk = paths.slice(i, i + 500);
    const rows = await db.packageVersion.findMany({
      where: { OR: [{ storagePath: { in: chunk } }, { symbolsPath: { in: chunk } }] },
      select: { storagePath: true, symbolsPath: true },
    });
    for (const row of rows) {
      if (row.storagePath) found.add(row.storagePath);
      if (row.symbolsPath) found.add(row.symbolsPath);
    }
  }
  return found;
}

export type PackageListing = {
  id: string;
  packageId: string;
  owner: string;
  versions: { version: string; listed: boolean; createdAt: Date }[];
};

/** Packages owned by the user or by organizations they belong to. */
export async function listPackagesForUser(db: Db, userId: string): Promise<PackageListing[]> {
  const rows = await db.package.findMany({
    where: { OR: [{ ownerId: userId }, { owner: { organization: { memberships: { some: { userId } } } } }] },
    select: {
      id: true,
      packageId: true,
      owner: { select: { username: true } },
      versions: { select: { version: true, listed: true, createdAt: true }, orderBy: { createdAt: "desc" } },
    },
    orderBy: { idKey: "asc" },
  });
  return rows.map((r) => ({ id: r.id, packageId: r.packageId, owner: r.owner.username, versions: r.versions }));
}
