-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('workspace_admin', 'org_admin', 'domain_admin');

-- CreateEnum
CREATE TYPE "TokenStatus" AS ENUM ('enabled', 'disabled', 'revoked');

-- CreateTable
CREATE TABLE "organizations" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "domains" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "organization_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "domains_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "role_grants" (
    "id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "organization_id" UUID,
    "domain_id" UUID,
    "granted_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "role_grants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tokens" (
    "id" UUID NOT NULL,
    "display_id" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "organization_id" UUID NOT NULL,
    "domain_id" UUID,
    "api_version" TEXT NOT NULL,
    "scopes" TEXT[],
    "primary_contact" TEXT NOT NULL,
    "developer_emails" TEXT[],
    "expires_at" TIMESTAMPTZ(3),
    "status" "TokenStatus" NOT NULL DEFAULT 'enabled',
    "status_reason" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "last_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "token_secrets" (
    "id" UUID NOT NULL,
    "token_id" UUID NOT NULL,
    "digest" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "token_secrets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" UUID NOT NULL,
    "token_id" UUID,
    "display_id" TEXT,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "changes" JSONB,
    "snapshot" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "organizations_slug_key" ON "organizations"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "domains_name_key" ON "domains"("name");

-- CreateIndex
CREATE INDEX "domains_organization_id_idx" ON "domains"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "role_grants_user_id_role_organization_id_domain_id_key" ON "role_grants"("user_id", "role", "organization_id", "domain_id") NULLS NOT DISTINCT;

-- CreateIndex
CREATE UNIQUE INDEX "tokens_display_id_key" ON "tokens"("display_id");

-- CreateIndex
CREATE INDEX "tokens_organization_id_created_at_idx" ON "tokens"("organization_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "tokens_domain_id_created_at_idx" ON "tokens"("domain_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "tokens_created_at_idx" ON "tokens"("created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "token_secrets_digest_key" ON "token_secrets"("digest");

-- CreateIndex
CREATE INDEX "token_secrets_token_id_idx" ON "token_secrets"("token_id");

-- CreateIndex
CREATE INDEX "audit_events_display_id_created_at_idx" ON "audit_events"("display_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_token_id_created_at_idx" ON "audit_events"("token_id", "created_at");

-- AddForeignKey
ALTER TABLE "domains" ADD CONSTRAINT "domains_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domains"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domains"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "token_secrets" ADD CONSTRAINT "token_secrets_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- Added by hand (the schema language cannot say these):
-- partial, case-insensitive label search stays fast on 100k+ tokens;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "tokens_label_trgm_idx" ON "tokens" USING gin ("label" gin_trgm_ops);
-- a label is unique per owner among live (not revoked) tokens, whatever its case.
CREATE UNIQUE INDEX "tokens_live_label_key" ON "tokens" ("organization_id", COALESCE("domain_id", '00000000-0000-0000-0000-000000000000'::uuid), lower("label")) WHERE "status" <> 'revoked';
