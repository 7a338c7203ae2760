-- AlterTable
ALTER TABLE "token_changes" ADD COLUMN     "display_id" TEXT;

-- Added by hand: the trigger also records the token's display id, the only name subscribers
-- outside tokenops know a token by (GET /v1/tokens/changes). \x3b for semicolons: see the
-- token_change_feed migration.
CREATE OR REPLACE FUNCTION "record_token_change"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_TABLE_NAME = ''token_secrets'' THEN
    IF TG_OP <> ''INSERT'' THEN
      INSERT INTO "token_changes" ("token_id", "display_id", "digest", "xid")
        VALUES (OLD."token_id", (SELECT "display_id" FROM "tokens" WHERE "id" = OLD."token_id"), OLD."digest", pg_current_xact_id()::text::bigint)\x3b
    END IF\x3b
    IF TG_OP <> ''DELETE'' THEN
      INSERT INTO "token_changes" ("token_id", "display_id", "digest", "xid")
        VALUES (NEW."token_id", (SELECT "display_id" FROM "tokens" WHERE "id" = NEW."token_id"), NEW."digest", pg_current_xact_id()::text::bigint)\x3b
    END IF\x3b
  ELSE
    INSERT INTO "token_changes" ("token_id", "display_id", "xid") VALUES (OLD."id", OLD."display_id", pg_current_xact_id()::text::bigint)\x3b
  END IF\x3b
  RETURN NULL\x3b
END';
