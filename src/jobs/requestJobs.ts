// Worker jobs of token requests: expiring and escalating each request on time, rewriting its
// requester's confirmations once it ended (their Withdraw gone), and a periodic sweep that does
// what a lost job or a killed process left undone (expiries, escalations, and approved requests
// whose token was never made or whose secret never arrived, and resets whose new secret never
// arrived), and closes change requests whose token went (deleted, revoked).
import type { ApprovalRequest } from '../domain/ports.js';
import type { RequestScheduler, RequestService } from '../domain/requests.js';
import { answerRequester, type ApprovalNotices } from '../notify/approvals.js';
import type { Notifier } from '../notify/deliveries.js';
import { enqueue, RETRIES, schedulePeriodic, type JobHandlers, type TokenopsQueue } from './jobTypes.js';
import { pauseOnRateLimit } from './queue.js';

export function scheduleRequestSweep(queue: TokenopsQueue, everyMs = 60_000) {
  return schedulePeriodic(queue, 'request-sweep', everyMs);
}

const retried = { attempts: 5, backoff: { type: 'exponential', delay: 5_000 } };

/** Job ids may not contain ':' (BullMQ); one job per request and purpose. */
export function requestScheduler(queue: TokenopsQueue): RequestScheduler {
  return {
    requestPosted: async (request: ApprovalRequest, escalateAt?: Date) => {
      await enqueue(
        queue,
        'request-expire',
        { requestId: request.id },
        {
          jobId: `request-expire-${request.id}`,
          delay: Math.max(0, request.expiresAt.getTime() - Date.now()),
          ...retried,
        },
      );
      if (escalateAt && escalateAt < request.expiresAt) {
        await enqueue(
          queue,
          'request-escalate',
          { requestId: request.id },
          {
            jobId: `request-escalate-${request.id}`,
            delay: Math.max(0, escalateAt.getTime() - Date.now()),
            ...retried,
          },
        );
      }
    },
    // A moment later, as other copies' rewrites: the outcome is then what the request says (its
    // token made and delivered), and a click's own rewrite of the message is done.
    requestEnded: (requestId: string) =>
      enqueue(
        queue,
        'request-ended',
        { requestId },
        { jobId: `request-ended-${requestId}`, delay: ENDED_DELAY_MS, ...RETRIES },
      ),
  };
}

const ENDED_DELAY_MS = 3_000;

/** `deliveryWindowMs`: after how long the delivery sweep voids an undelivered secret. */
export function requestJobs(
  requests: RequestService,
  notices: ApprovalNotices,
  notifier: Notifier,
  deliveryWindowMs?: number,
): JobHandlers {
  return {
    'request-ended': (job, worker) => answerRequester(notifier, pauseOnRateLimit(worker), requests, job.data.requestId),
    'request-expire': async (job) => {
      if (await requests.expire(job.data.requestId)) await notices.requestSettled(job.data.requestId);
    },
    'request-escalate': async (job) => {
      const escalated = await requests.escalate(job.data.requestId);
      if (escalated) await notices.requestEscalated(escalated);
    },
    'request-sweep': async () => {
      for (const request of await requests.expireDue()) await notices.requestSettled(request.id);
      for (const request of await requests.closeUngrantable()) await notices.requestSettled(request.id);
      for (const request of await requests.escalationsDue()) await notices.requestEscalated(request);
      for (const request of await requests.undelivered()) await notices.requestSettled(request.id);
      for (const request of await requests.abandonedResets(deliveryWindowMs)) await notices.requestSettled(request.id);
    },
  };
}
