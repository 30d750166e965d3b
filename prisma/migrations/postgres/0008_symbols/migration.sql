-- AlterTable
ALTER TABLE "PackageVersion" ADD COLUMN     "symbolsPath" TEXT,
ADD COLUMN     "symbolsSize" INTEGER;

