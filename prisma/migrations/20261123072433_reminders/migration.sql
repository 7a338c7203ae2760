-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('expiry', 'review', 'orphaned_contact');

-- AlterTable
ALTER TABLE "tokens" ADD COLUMN     "next_reminder_at" TIMESTAMPTZ(3),
ADD COLUMN     "next_review_at" TIMESTAMPTZ(3),
ADD COLUMN     "reminder_epoch" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "notifications" (
    "id" UUID NOT NULL,
    "token_id" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "epoch" INTEGER NOT NULL,
    "threshold" INTEGER NOT NULL,
    "recipient" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "notifications_token_id_kind_epoch_threshold_recipient_key" ON "notifications"("token_id", "kind", "epoch", "threshold", "recipient");

-- CreateIndex
CREATE INDEX "tokens_next_reminder_at_idx" ON "tokens"("next_reminder_at");

-- CreateIndex
CREATE INDEX "tokens_next_review_at_idx" ON "tokens"("next_review_at");

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;

