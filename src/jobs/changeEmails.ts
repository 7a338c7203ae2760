// E-mails to a token's developer addresses when it changes (notify/changeEmails.ts): one job
// per change, each address served once across retries.
import type { Mailer } from '../email/mailer.js';
import { sendChangeEmails, type ChangeEmail } from '../notify/changeEmails.js';
import type { Logger } from '../observability/logger.js';
import { enqueue, RETRIES, type JobHandlers, type TokenopsQueue } from './jobTypes.js';

export function scheduleChangeEmail(queue: TokenopsQueue, change: ChangeEmail) {
  return enqueue(queue, 'change-email', change, {
    jobId: `change-email-${change.displayId}-${change.action.replace('.', '_')}-${Date.parse(change.at)}`,
    ...RETRIES,
  });
}

export function changeEmailJobs(mailer: Mailer | undefined, logger: Logger): JobHandlers {
  return {
    'change-email': async (job) => {
      if (!mailer) return;
      await sendChangeEmails(mailer, logger, job.data, job.id!, (done) => job.updateData({ ...job.data, done }));
    },
  };
}
