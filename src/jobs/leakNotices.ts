// Leak notices from the job queue (notify/leaks.ts says who hears and how), and the notice of a
// secret pasted by someone who does not administer its token. The job carries the leak's record
// (never the secret). A report marks its leak applied before queueing the
// notices; those it could not queue (Redis down, a process that died) are queued by a sweep
// from the leak ledger.
import type { Leak, LeakService, PastedByOther } from '../domain/leaks.js';
import { HOUR_MS } from '../domain/time.js';
import type { Notifier } from '../notify/deliveries.js';
import { notifyLeak, type Channel } from '../notify/leaks.js';
import { tellPastedByOther } from '../notify/notices.js';
import { RETRIES, enqueue, schedulePeriodic, type JobHandlers, type TokenopsQueue } from './jobTypes.js';
import { pauseOnRateLimit } from './queue.js';

/** One job per leak, whatever the number of reports. */
export function scheduleLeakNotices(queue: TokenopsQueue, leak: Leak) {
  return enqueue(queue, 'leak-notices', leak, { jobId: `leak-${leak.id}`, ...RETRIES });
}

/** A secret pasted by someone who does not administer its token: its admins are told once per
 *  person and token an hour, across instances (BullMQ's deduplication). */
export function schedulePastedByOther(queue: TokenopsQueue, paste: PastedByOther, now = Date.now()) {
  const hour = Math.floor(now / HOUR_MS);
  return enqueue(
    queue,
    'paste-notice',
    { ...paste, hour },
    { deduplication: { id: `pasted-${paste.tokenId}-${paste.by}`, ttl: HOUR_MS }, ...RETRIES },
  );
}

const SWEEP_EVERY_MS = 30_000;

/** The leak ledger's outbox: notices a report could not queue (Redis down) are queued from it. */
export function scheduleLeakNoticesSweep(queue: TokenopsQueue) {
  return schedulePeriodic(queue, 'leak-notices-sweep', SWEEP_EVERY_MS);
}

export function leakNoticeJobs(
  notifier: Notifier,
  approvalsChannel: Channel | undefined,
  leaks: Pick<LeakService, 'queueLateNotices'>,
): JobHandlers {
  return {
    'leak-notices': (job, worker) => notifyLeak(notifier, pauseOnRateLimit(worker), job.data, approvalsChannel),
    'paste-notice': (job, worker) => pauseOnRateLimit(worker)(() => tellPastedByOther(notifier, job.data)),
    'leak-notices-sweep': async () => {
      const queued = await leaks.queueLateNotices();
      if (queued) notifier.logger.warn({ queued }, 'queued the notices of leaks whose reports could not queue them');
    },
  };
}
