-- AlterTable
ALTER TABLE "leaks" ADD COLUMN     "notices_queued_at" TIMESTAMPTZ(3);


-- Added by hand: leaks applied before this release had their notices queued before they were
-- marked applied, so none of them is waiting for the sweep.
UPDATE "leaks" SET "notices_queued_at" = "applied_at" WHERE "applied_at" IS NOT NULL;
