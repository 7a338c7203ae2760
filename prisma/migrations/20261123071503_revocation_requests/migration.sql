-- CreateEnum
CREATE TYPE "RevocationState" AS ENUM ('pending', 'approved', 'rejected', 'expired', 'closed');

-- CreateTable
CREATE TABLE "revocation_requests" (
    "id" UUID NOT NULL,
    "token_id" UUID,
    "display_id" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "state" "RevocationState" NOT NULL DEFAULT 'pending',
    "channel_id" TEXT,
    "message_ts" TEXT,
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "outcome_reason" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "revocation_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "revocation_requests_state_expires_at_idx" ON "revocation_requests"("state", "expires_at");

-- CreateIndex
CREATE INDEX "revocation_requests_token_id_idx" ON "revocation_requests"("token_id");

-- AddForeignKey
ALTER TABLE "revocation_requests" ADD CONSTRAINT "revocation_requests_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "tokens"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Added by hand: at most one pending revocation request per token.
CREATE UNIQUE INDEX "revocation_requests_one_pending_key" ON "revocation_requests" ("token_id") WHERE "state" = 'pending';
