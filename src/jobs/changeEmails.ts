// E-mails to a token's developer addresses when it is reset, disabled, revoked, upgraded or
// deleted: one job per change, each address served once across retries.
import type { Mailer } from '../email/mailer.js';
import { isPermanentMailError } from '../email/mailer.js';
import { changeEmail } from '../email/messages.js';
import type { Logger } from '../observability/logger.js';
import { enqueue, RETRIES, type ChangeEmail, type JobHandlers, type TokenopsQueue } from './jobTypes.js';

export function scheduleChangeEmail(queue: TokenopsQueue, change: ChangeEmail) {
  return enqueue(queue, 'change-email', change, { jobId: `change-email-${change.displayId}-${change.action.replace('.', '_')}-${Date.parse(change.at)}`, ...RETRIES });
}

export function changeEmailJobs(mailer: Mailer | undefined, logger: Logger): JobHandlers {
  return {
    'change-email': async (job) => {
      const change = job.data;
      if (!mailer) return;
      const email = changeEmail(change, change.action);
      const done = new Set(change.done ?? []); // addresses served before a retry
      for (const address of change.emails.filter((a) => !done.has(a))) {
        try {
          await mailer.send({ to: address, ...email, messageId: `<${job.id}-${address}@tokenops>` });
        } catch (error) {
          if (!isPermanentMailError(error)) throw error;
          logger.warn({ address, action: change.action }, 'change e-mail refused for good');
        }
        done.add(address);
        await job.updateData({ ...change, done: [...done] });
      }
    },
  };
}
