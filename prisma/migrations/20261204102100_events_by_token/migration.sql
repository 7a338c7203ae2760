-- CreateIndex
CREATE INDEX "events_token_id_created_at_idx" ON "events"("token_id", "created_at");

