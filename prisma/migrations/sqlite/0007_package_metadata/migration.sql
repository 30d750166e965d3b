-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Package" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "packageId" TEXT NOT NULL,
    "idKey" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "downloads" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Package_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Package" ("createdAt", "id", "idKey", "ownerId", "packageId") SELECT "createdAt", "id", "idKey", "ownerId", "packageId" FROM "Package";
DROP TABLE "Package";
ALTER TABLE "new_Package" RENAME TO "Package";
CREATE UNIQUE INDEX "Package_idKey_key" ON "Package"("idKey");
CREATE INDEX "Package_ownerId_idx" ON "Package"("ownerId");
CREATE INDEX "Package_downloads_idx" ON "Package"("downloads");
CREATE TABLE "new_PackageVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "packageId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "versionKey" TEXT NOT NULL,
    "listed" BOOLEAN NOT NULL DEFAULT true,
    "size" INTEGER NOT NULL DEFAULT 0,
    "storagePath" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "description" TEXT NOT NULL DEFAULT '',
    "title" TEXT,
    "summary" TEXT,
    "authors" TEXT NOT NULL DEFAULT '',
    "tags" TEXT NOT NULL DEFAULT '',
    "projectUrl" TEXT,
    "iconUrl" TEXT,
    "licenseUrl" TEXT,
    "licenseExpression" TEXT,
    "requireLicenseAcceptance" BOOLEAN NOT NULL DEFAULT false,
    "dependencies" TEXT NOT NULL DEFAULT '[]',
    "packageTypes" TEXT NOT NULL DEFAULT '',
    "semVer2" BOOLEAN NOT NULL DEFAULT false,
    "searchText" TEXT NOT NULL DEFAULT '',
    "downloads" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "PackageVersion_packageId_fkey" FOREIGN KEY ("packageId") REFERENCES "Package" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_PackageVersion" ("createdAt", "id", "listed", "packageId", "size", "storagePath", "version", "versionKey") SELECT "createdAt", "id", "listed", "packageId", "size", "storagePath", "version", "versionKey" FROM "PackageVersion";
DROP TABLE "PackageVersion";
ALTER TABLE "new_PackageVersion" RENAME TO "PackageVersion";
CREATE INDEX "PackageVersion_packageId_listed_semVer2_version_idx" ON "PackageVersion"("packageId", "listed", "semVer2", "version");
CREATE UNIQUE INDEX "PackageVersion_packageId_versionKey_key" ON "PackageVersion"("packageId", "versionKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Versions stored before this migration: a prerelease label with a dot needs SemVer 2 clients.
UPDATE "PackageVersion" SET "semVer2" = true WHERE "version" LIKE '%-%.%';
