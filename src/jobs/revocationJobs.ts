// Worker jobs of the approval flow: expiring a request on time, announcing outcomes that
// happened elsewhere, and a periodic sweep that settles requests whose expiry job was lost
// (a worker down at the time, or a Redis that lost its data).
import type { RevocationRequest } from '../domain/ports.js';
import type { RevocationScheduler, RevocationService } from '../domain/revocations.js';
import type { ApprovalNotices } from '../notify/approvals.js';
import { enqueue, schedulePeriodic, type JobHandlers, type TokenopsQueue } from './jobTypes.js';

const SWEEP_EVERY_MS = 60_000;

export function scheduleRevocationSweep(queue: TokenopsQueue) {
  return schedulePeriodic(queue, 'revocation-sweep', SWEEP_EVERY_MS);
}

/** Job ids may not contain ':' (BullMQ); one job per request and purpose. */
export function revocationScheduler(
  queue: TokenopsQueue,
): RevocationScheduler & { announce(request: RevocationRequest): Promise<unknown> } {
  return {
    expireLater: (request) =>
      enqueue(
        queue,
        'revocation-expire',
        { requestId: request.id },
        {
          jobId: `revocation-expire-${request.id}`,
          delay: Math.max(0, request.expiresAt.getTime() - Date.now()),
          attempts: 5,
          backoff: { type: 'exponential', delay: 5_000 },
        },
      ),
    announce: (request) =>
      enqueue(
        queue,
        'revocation-announce',
        { requestId: request.id },
        {
          jobId: `revocation-announce-${request.id}-${request.state}`,
          attempts: 5,
          backoff: { type: 'exponential', delay: 2_000 },
        },
      ),
  };
}

export function revocationJobs(
  revocations: Pick<RevocationService, 'expire' | 'expireDue'>,
  notices: ApprovalNotices,
): JobHandlers {
  return {
    'revocation-expire': async (job) => {
      const settled = await revocations.expire(job.data.requestId);
      if (settled) await notices.revocationSettled(settled.request.id);
    },
    'revocation-announce': (job) => notices.revocationSettled(job.data.requestId),
    'revocation-sweep': async () => {
      for (const settled of await revocations.expireDue()) await notices.revocationSettled(settled.request.id);
    },
  };
}
