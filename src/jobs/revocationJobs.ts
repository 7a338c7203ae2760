// Worker jobs of the approval flow: expiring a request on time, announcing outcomes that
// happened elsewhere, and a periodic sweep that settles requests whose expiry job was lost
// (a worker down at the time, or a Redis that lost its data).
import type { Queue } from 'bullmq';
import { ANNOUNCE_JOB, EXPIRE_JOB, announceOutcome, type ApprovalContext } from '../slack/revocationFlow.js';
import type { JobHandlers } from './queue.js';

export const SWEEP_JOB = 'revocation-sweep';
const SWEEP_EVERY_MS = 60_000;

export function scheduleRevocationSweep(queue: Queue) {
  return queue.upsertJobScheduler(SWEEP_JOB, { every: SWEEP_EVERY_MS }, { name: SWEEP_JOB });
}

export function revocationJobs(ctx: ApprovalContext): JobHandlers {
  return {
    [EXPIRE_JOB]: async (job) => {
      const settled = await ctx.revocations.expire(String(job.data.requestId));
      if (settled) await announceOutcome(ctx, settled.request.id);
    },
    [ANNOUNCE_JOB]: (job) => announceOutcome(ctx, String(job.data.requestId)),
    [SWEEP_JOB]: async () => {
      for (const settled of await ctx.revocations.expireDue()) await announceOutcome(ctx, settled.request.id);
    },
  };
}
