-- App Home lists the tokens a person is the primary contact of, each time it is opened: an index
-- scan, not a scan of every token. (No semicolon in these comments: the schema engine splits
-- scripts at every one.)
-- CreateIndex
CREATE INDEX "tokens_primary_contact_idx" ON "tokens"("primary_contact");
