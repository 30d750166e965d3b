-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "leakUrl" TEXT,
ADD COLUMN     "policyId" TEXT,
ADD COLUMN     "shortLived" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "TrustedPublishingPolicy" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "repositoryOwner" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "workflowFile" TEXT NOT NULL,
    "environment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "repositoryId" TEXT,
    "repositoryOwnerId" TEXT,
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "TrustedPublishingPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsedOidcToken" (
    "jti" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UsedOidcToken_pkey" PRIMARY KEY ("jti")
);

-- CreateIndex
CREATE INDEX "TrustedPublishingPolicy_creatorId_idx" ON "TrustedPublishingPolicy"("creatorId");

-- CreateIndex
CREATE INDEX "TrustedPublishingPolicy_ownerId_idx" ON "TrustedPublishingPolicy"("ownerId");

-- CreateIndex
CREATE INDEX "UsedOidcToken_expiresAt_idx" ON "UsedOidcToken"("expiresAt");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "TrustedPublishingPolicy"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrustedPublishingPolicy" ADD CONSTRAINT "TrustedPublishingPolicy_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrustedPublishingPolicy" ADD CONSTRAINT "TrustedPublishingPolicy_creatorId_fkey" FOREIGN KEY ("creatorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

