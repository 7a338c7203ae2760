-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "digest" TEXT;

-- CreateIndex
CREATE INDEX "notifications_state_recipient_idx" ON "notifications"("state", "recipient");

