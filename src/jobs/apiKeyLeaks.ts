// Telling the people of a leaked management key (notify/notices.ts). The job carries the key's
// name, never the key.
import type { KeyLeakNotice } from '../domain/apiKeys.js';
import type { Notifier } from '../notify/deliveries.js';
import { tellKeyLeak } from '../notify/notices.js';
import { enqueue, RETRIES, type JobHandlers, type TokenopsQueue } from './jobTypes.js';

export function scheduleKeyLeakNotice(queue: TokenopsQueue, notice: KeyLeakNotice) {
  return enqueue(queue, 'apikey-leak-notice', notice, { jobId: `apikey-leak-${notice.key.displayId}`, ...RETRIES });
}

export function keyLeakNoticeJobs(notifier: Notifier): JobHandlers {
  return {
    'apikey-leak-notice': (job) => tellKeyLeak(notifier, job.data),
  };
}
