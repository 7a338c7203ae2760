-- CreateTable
CREATE TABLE "approval_requests" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "requested_by" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "scopes" TEXT[],
    "input" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "rule" JSONB NOT NULL,
    "approvals" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "messages" JSONB NOT NULL DEFAULT '[]',
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "outcome_reason" TEXT,
    "token_id" UUID,
    "display_id" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "escalated_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "approval_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "approval_requests_state_expires_at_idx" ON "approval_requests"("state", "expires_at");

-- CreateIndex
CREATE INDEX "approval_requests_requested_by_created_at_idx" ON "approval_requests"("requested_by", "created_at");

-- CreateIndex
CREATE INDEX "approval_requests_token_id_idx" ON "approval_requests"("token_id");

-- AddForeignKey
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "tokens"("id") ON DELETE SET NULL ON UPDATE CASCADE;

