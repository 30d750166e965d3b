-- CreateTable
CREATE TABLE "JobRun" (
    "job" TEXT NOT NULL PRIMARY KEY,
    "period" DATETIME NOT NULL,
    "finishedAt" DATETIME NOT NULL
);

