-- AlterTable
ALTER TABLE "tokens" ADD COLUMN     "allowed_ips" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "rate_limit" TEXT,
ADD COLUMN     "stale_kept_until" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "token_usage" (
    "token_id" UUID NOT NULL,
    "period_start" TIMESTAMPTZ(0) NOT NULL,
    "hours" SMALLINT NOT NULL,
    "code" TEXT NOT NULL,
    "count" BIGINT NOT NULL,

    CONSTRAINT "token_usage_pkey" PRIMARY KEY ("token_id","period_start","hours","code")
);

-- CreateTable
CREATE TABLE "token_client_ips" (
    "token_id" UUID NOT NULL,
    "ip" TEXT NOT NULL,
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "token_client_ips_pkey" PRIMARY KEY ("token_id","ip")
);

-- CreateIndex
CREATE INDEX "token_usage_period_start_hours_idx" ON "token_usage"("period_start", "hours");

-- AddForeignKey
ALTER TABLE "token_usage" ADD CONSTRAINT "token_usage_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "token_client_ips" ADD CONSTRAINT "token_client_ips_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Added by hand: a policy change is a change to verification answers, honoured like a disable
-- (the change feed and its trigger, see 20261123224210_token_change_feed).
DROP TRIGGER "tokens_changed" ON "tokens";
CREATE TRIGGER "tokens_changed" AFTER UPDATE OF "status", "expires_at", "label", "scopes", "api_version", "organization_id", "domain_id", "allowed_ips", "rate_limit" ON "tokens"
  FOR EACH ROW WHEN (
    OLD."status" IS DISTINCT FROM NEW."status" OR OLD."expires_at" IS DISTINCT FROM NEW."expires_at"
    OR OLD."label" IS DISTINCT FROM NEW."label" OR OLD."scopes" IS DISTINCT FROM NEW."scopes"
    OR OLD."api_version" IS DISTINCT FROM NEW."api_version" OR OLD."organization_id" IS DISTINCT FROM NEW."organization_id"
    OR OLD."domain_id" IS DISTINCT FROM NEW."domain_id"
    OR OLD."allowed_ips" IS DISTINCT FROM NEW."allowed_ips" OR OLD."rate_limit" IS DISTINCT FROM NEW."rate_limit"
  ) EXECUTE FUNCTION "record_token_change"();
