-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "revokedById" TEXT;

