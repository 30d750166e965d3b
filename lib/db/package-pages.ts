import type { Prisma } from "@gallery/prisma-sqlite";
import type { Db } from "./client";

const PAGE_VERSION_FIELDS = {
  version: true,
  listed: true,
  createdAt: true,
  description: true,
  title: true,
  summary: true,
  authors: true,
  tags: true,
  projectUrl: true,
  licenseUrl: true,
  licenseExpression: true,
  requireLicenseAcceptance: true,
  dependencies: true,
  downloads: true,
  size: true,
  storagePath: true,
  symbolsPath: true,
} satisfies Prisma.PackageVersionSelect;

export type PageVersionRow = Prisma.PackageVersionGetPayload<{ select: typeof PAGE_VERSION_FIELDS }>;

/** A package with every version (listed or not) and its owner, for its public page; null when the id is unknown. */
export function findPackagePage(db: Db, idKey: string) {
  return db.package.findUnique({
    where: { idKey },
    select: {
      packageId: true,
      ownerId: true,
      downloads: true,
      owner: { select: { username: true, kind: true, deletedAt: true } },
      versions: { select: PAGE_VERSION_FIELDS },
    },
  });
}

export type PackagePageRow = NonNullable<Awaited<ReturnType<typeof findPackagePage>>>;
