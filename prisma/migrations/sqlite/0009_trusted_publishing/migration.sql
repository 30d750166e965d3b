-- CreateTable
CREATE TABLE "TrustedPublishingPolicy" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "repositoryOwner" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "workflowFile" TEXT NOT NULL,
    "environment" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "repositoryId" TEXT,
    "repositoryOwnerId" TEXT,
    "lastUsedAt" DATETIME,
    CONSTRAINT "TrustedPublishingPolicy_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TrustedPublishingPolicy_creatorId_fkey" FOREIGN KEY ("creatorId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UsedOidcToken" (
    "jti" TEXT NOT NULL PRIMARY KEY,
    "expiresAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "glob" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME,
    "durationDays" INTEGER,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    "revokedReason" TEXT,
    "revokedById" TEXT,
    "legacy" BOOLEAN NOT NULL DEFAULT false,
    "twoFactor" BOOLEAN NOT NULL DEFAULT false,
    "shortLived" BOOLEAN NOT NULL DEFAULT false,
    "policyId" TEXT,
    "leakUrl" TEXT,
    CONSTRAINT "ApiKey_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiKey_creatorId_fkey" FOREIGN KEY ("creatorId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiKey_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "TrustedPublishingPolicy" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ApiKey" ("createdAt", "creatorId", "durationDays", "expiresAt", "glob", "hash", "hint", "id", "lastUsedAt", "legacy", "name", "ownerId", "revokedAt", "revokedById", "revokedReason", "twoFactor") SELECT "createdAt", "creatorId", "durationDays", "expiresAt", "glob", "hash", "hint", "id", "lastUsedAt", "legacy", "name", "ownerId", "revokedAt", "revokedById", "revokedReason", "twoFactor" FROM "ApiKey";
DROP TABLE "ApiKey";
ALTER TABLE "new_ApiKey" RENAME TO "ApiKey";
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");
CREATE INDEX "ApiKey_creatorId_createdAt_idx" ON "ApiKey"("creatorId", "createdAt");
CREATE INDEX "ApiKey_ownerId_idx" ON "ApiKey"("ownerId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "TrustedPublishingPolicy_creatorId_idx" ON "TrustedPublishingPolicy"("creatorId");

-- CreateIndex
CREATE INDEX "TrustedPublishingPolicy_ownerId_idx" ON "TrustedPublishingPolicy"("ownerId");

-- CreateIndex
CREATE INDEX "UsedOidcToken_expiresAt_idx" ON "UsedOidcToken"("expiresAt");

