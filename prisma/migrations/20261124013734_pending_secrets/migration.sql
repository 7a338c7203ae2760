-- AlterTable
ALTER TABLE "token_secrets" ADD COLUMN     "pending_since" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "token_secrets_pending_since_idx" ON "token_secrets"("pending_since");

