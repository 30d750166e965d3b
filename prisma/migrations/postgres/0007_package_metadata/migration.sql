-- AlterTable
ALTER TABLE "Package" ADD COLUMN     "downloads" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "PackageVersion" ADD COLUMN     "authors" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "dependencies" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "description" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "downloads" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "iconUrl" TEXT,
ADD COLUMN     "licenseExpression" TEXT,
ADD COLUMN     "licenseUrl" TEXT,
ADD COLUMN     "packageTypes" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "projectUrl" TEXT,
ADD COLUMN     "requireLicenseAcceptance" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "semVer2" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "summary" TEXT,
ADD COLUMN     "tags" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "title" TEXT;

-- CreateIndex
CREATE INDEX "Package_downloads_idx" ON "Package"("downloads");

-- CreateIndex
CREATE INDEX "PackageVersion_packageId_listed_semVer2_version_idx" ON "PackageVersion"("packageId", "listed", "semVer2", "version");


-- Versions stored before this migration: a prerelease label with a dot needs SemVer 2 clients.
UPDATE "PackageVersion" SET "semVer2" = true WHERE "version" LIKE '%-%.%';
