// Telling a token's primary contact that verification refused it FORBIDDEN or RATE_LIMITED
// (README: The contract), at most once per token per hour: each instance passes a token on once
// an hour at most, and BullMQ's deduplication keeps one job per token per hour across
// instances. The job carries the token's id and the code, never a secret.
import { HOUR_MS } from '../domain/time.js';
import { enqueue, RETRIES, type JobHandlers, type JobOf, type TokenopsQueue } from './jobTypes.js';

export function scheduleRefusalNotice(
  queue: TokenopsQueue,
  tokenId: string,
  code: 'FORBIDDEN' | 'RATE_LIMITED',
  now = Date.now(),
) {
  const hour = Math.floor(now / HOUR_MS);
  return enqueue(
    queue,
    'refusal-notice',
    { tokenId, code, hour },
    { deduplication: { id: `refusal-${tokenId}`, ttl: HOUR_MS }, ...RETRIES },
  );
}

/** `tell`: notify/notices.ts' tellRefusal, given by the worker; this module stays free of Slack
 *  and the notices, for a verify instance to load when it hands on its first refusal. */
export function refusalNoticeJobs(
  tell: (refusal: RefusalJob['data'], resuming: boolean) => Promise<unknown>,
): JobHandlers {
  return {
    'refusal-notice': (job) => tell(job.data, job.attemptsMade > 0),
  };
}

type RefusalJob = JobOf<'refusal-notice'>;
