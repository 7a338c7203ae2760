-- CreateTable
CREATE TABLE "token_changes" (
    "seq" BIGSERIAL NOT NULL,
    "token_id" UUID NOT NULL,
    "digest" TEXT,
    "xid" BIGINT NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "token_changes_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "token_changes_xid_idx" ON "token_changes"("xid");

-- CreateIndex
CREATE INDEX "token_changes_changed_at_idx" ON "token_changes"("changed_at");


-- Added by hand (the schema language cannot say it): every change that matters to verification
-- is recorded by the changing transaction itself, whatever code path made it. The function body
-- is an escape string with \x3b for each semicolon, because the WebAssembly schema engine's pg
-- adapter splits migration scripts at every semicolon, even inside a function body.
CREATE FUNCTION "record_token_change"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_TABLE_NAME = ''token_secrets'' THEN
    IF TG_OP <> ''INSERT'' THEN
      INSERT INTO "token_changes" ("token_id", "digest", "xid") VALUES (OLD."token_id", OLD."digest", pg_current_xact_id()::text::bigint)\x3b
    END IF\x3b
    IF TG_OP <> ''DELETE'' THEN
      INSERT INTO "token_changes" ("token_id", "digest", "xid") VALUES (NEW."token_id", NEW."digest", pg_current_xact_id()::text::bigint)\x3b
    END IF\x3b
  ELSE
    INSERT INTO "token_changes" ("token_id", "xid") VALUES (OLD."id", pg_current_xact_id()::text::bigint)\x3b
  END IF\x3b
  RETURN NULL\x3b
END';

-- Not last_used_at, reminder or review columns: they do not change a verification answer.
CREATE TRIGGER "tokens_changed" AFTER UPDATE OF "status", "expires_at", "label", "scopes", "api_version", "organization_id", "domain_id" ON "tokens"
  FOR EACH ROW WHEN (
    OLD."status" IS DISTINCT FROM NEW."status" OR OLD."expires_at" IS DISTINCT FROM NEW."expires_at"
    OR OLD."label" IS DISTINCT FROM NEW."label" OR OLD."scopes" IS DISTINCT FROM NEW."scopes"
    OR OLD."api_version" IS DISTINCT FROM NEW."api_version" OR OLD."organization_id" IS DISTINCT FROM NEW."organization_id"
    OR OLD."domain_id" IS DISTINCT FROM NEW."domain_id"
  ) EXECUTE FUNCTION "record_token_change"();
CREATE TRIGGER "tokens_deleted" AFTER DELETE ON "tokens" FOR EACH ROW EXECUTE FUNCTION "record_token_change"();
CREATE TRIGGER "token_secrets_changed" AFTER INSERT OR UPDATE OR DELETE ON "token_secrets" FOR EACH ROW EXECUTE FUNCTION "record_token_change"();
