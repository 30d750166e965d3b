import type { Db } from "./client";

export function findPackageByIdKey(db: Db, idKey: string) {
  return db.package.findUnique({ where: { idKey }, select: { id: true, packageId: true, ownerId: true } });
}

export function findVersion(db: Db, packageDbId: string, versionKey: string) {
  return db.packageVersion.findUnique({
    where: { packageId_versionKey: { packageId: packageDbId, versionKey } },
    select: { id: true, version: true, listed: true },
  });
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

/** Adds a version, creating the package for the owner when the id is new; false when it already exists. */
export async function addPackageVersion(
  db: Db,
  input: { packageId: string; version: string; ownerId: string; size: number; storagePath: string },
): Promise<"created" | "duplicate" | "owner-changed"> {
  // A unique violation on the first try may be another push creating the same new id; the retry sees it.
  for (let attempt = 1; ; attempt++) {
    try {
      return await insertVersion(db, input);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (attempt === 2) return "duplicate";
    }
  }
}

function insertVersion(
  db: Db,
  input: { packageId: string; version: string; ownerId: string; size: number; storagePath: string },
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
      },
    });
    return "created" as const;
  });
}

export async function setListed(db: Db, versionId: string, listed: boolean): Promise<void> {
  await db.packageVersion.update({ where: { id: versionId }, data: { listed } });
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
