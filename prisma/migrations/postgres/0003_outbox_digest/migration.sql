-- AlterTable
ALTER TABLE "OutboxEmail" ADD COLUMN     "digestId" TEXT;

-- CreateIndex
CREATE INDEX "OutboxEmail_to_sentAt_idx" ON "OutboxEmail"("to", "sentAt");

