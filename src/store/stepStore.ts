// StepLedger over PostgreSQL (workflow_steps): the execution id is the key, so a retried
// function_executed finds its first delivery's row.
import type { StepLedger, StepRecord, StepWait } from '../domain/steps.js';
import type { Db } from './prisma.js';

type Row = {
  executionId: string;
  callbackId: string;
  actor: string;
  waitKind: string | null;
  waitId: string | null;
  completedAt: Date | null;
  createdAt: Date;
};

const fromRow = (row: Row): StepRecord => ({
  executionId: row.executionId,
  callbackId: row.callbackId,
  actor: row.actor,
  waitingOn: row.waitKind && row.waitId ? { kind: row.waitKind as StepWait['kind'], id: row.waitId } : null,
  completedAt: row.completedAt,
  createdAt: row.createdAt,
});

export function createStepStore(db: Db): StepLedger {
  return {
    async begin(step) {
      const created = await db.workflowStep.createMany({ data: [step], skipDuplicates: true });
      return created.count === 1;
    },
    async wait(executionId, on) {
      await db.workflowStep.update({ where: { executionId }, data: { waitKind: on.kind, waitId: on.id } });
    },
    async completed(executionId) {
      await db.workflowStep.updateMany({
        where: { executionId, completedAt: null },
        data: { completedAt: new Date() },
      });
    },
    async waitingOn(on) {
      return (await db.workflowStep.findMany({ where: { waitKind: on.kind, waitId: on.id, completedAt: null } })).map(
        fromRow,
      );
    },
    async waiting(limit) {
      return (
        await db.workflowStep.findMany({
          where: { completedAt: null, waitId: { not: null } },
          orderBy: { createdAt: 'asc' },
          take: limit,
        })
      ).map(fromRow);
    },
  };
}
