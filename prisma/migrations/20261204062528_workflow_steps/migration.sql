-- CreateTable
CREATE TABLE "workflow_steps" (
    "execution_id" TEXT NOT NULL,
    "callback_id" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "wait_kind" TEXT,
    "wait_id" UUID,
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workflow_steps_pkey" PRIMARY KEY ("execution_id")
);

-- CreateIndex
CREATE INDEX "workflow_steps_wait_kind_wait_id_idx" ON "workflow_steps"("wait_kind", "wait_id");

-- CreateIndex
CREATE INDEX "workflow_steps_completed_at_created_at_idx" ON "workflow_steps"("completed_at", "created_at");

