-- AlterTable
ALTER TABLE "PackageVersion" ADD COLUMN "symbolsPath" TEXT;
ALTER TABLE "PackageVersion" ADD COLUMN "symbolsSize" INTEGER;

