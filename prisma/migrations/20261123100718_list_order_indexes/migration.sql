-- DropIndex
DROP INDEX "tokens_organization_id_created_at_idx";

-- DropIndex
DROP INDEX "tokens_domain_id_created_at_idx";

-- DropIndex
DROP INDEX "tokens_created_at_idx";

-- CreateIndex
CREATE INDEX "tokens_organization_id_created_at_id_idx" ON "tokens"("organization_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "tokens_domain_id_created_at_id_idx" ON "tokens"("domain_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "tokens_created_at_id_idx" ON "tokens"("created_at" DESC, "id" DESC);

