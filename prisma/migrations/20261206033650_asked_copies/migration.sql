-- Where each copy of a question asked by DM outside the reminder digests is (a pasted secret's
-- "disable it?", a requester's Withdraw), so that every copy is rewritten once it is answered.
-- No foreign key to tokens: a deleted token's copies are rewritten too. (No semicolon in these
-- comments: the schema engine splits scripts at every one.)
-- CreateTable
CREATE TABLE "asked_copies" (
    "id" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "asked_copies_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "asked_copies_subject_idx" ON "asked_copies"("subject");

-- CreateIndex
CREATE INDEX "asked_copies_created_at_idx" ON "asked_copies"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "asked_copies_channel_ts_key" ON "asked_copies"("channel", "ts");

