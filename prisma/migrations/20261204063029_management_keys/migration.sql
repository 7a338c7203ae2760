-- CreateTable
CREATE TABLE "management_keys" (
    "id" UUID NOT NULL,
    "display_id" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "scope_type" TEXT NOT NULL,
    "organization_id" UUID,
    "domain_id" UUID,
    "digest" TEXT NOT NULL,
    "delivered" BOOLEAN NOT NULL DEFAULT false,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "next_reminder_at" TIMESTAMPTZ(3),

    CONSTRAINT "management_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "management_keys_display_id_key" ON "management_keys"("display_id");

-- CreateIndex
CREATE UNIQUE INDEX "management_keys_digest_key" ON "management_keys"("digest");

-- CreateIndex
CREATE INDEX "management_keys_next_reminder_at_idx" ON "management_keys"("next_reminder_at");

-- CreateIndex
CREATE INDEX "audit_events_created_at_id_idx" ON "audit_events"("created_at", "id");

