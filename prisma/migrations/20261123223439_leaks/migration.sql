-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'leak';

-- CreateTable
CREATE TABLE "leaks" (
    "id" SERIAL NOT NULL,
    "digest" TEXT NOT NULL,
    "token_id" UUID NOT NULL,
    "display_id" TEXT NOT NULL,
    "reporter" TEXT NOT NULL,
    "location" TEXT,
    "origin" TEXT,
    "action" TEXT NOT NULL,
    "claimed_at" TIMESTAMPTZ(3) NOT NULL,
    "applied_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "leaks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "leaks_digest_key" ON "leaks"("digest");

-- CreateIndex
CREATE INDEX "leaks_token_id_idx" ON "leaks"("token_id");

