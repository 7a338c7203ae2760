-- AlterTable
ALTER TABLE "approval_requests" ADD COLUMN     "secret_digest" TEXT;

-- CreateIndex
CREATE INDEX "approval_requests_secret_digest_idx" ON "approval_requests"("secret_digest");

