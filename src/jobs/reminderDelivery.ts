// Reminder delivery's jobs: one digest job per recipient (notify/reminders.ts sends it), one per
// answer that every recipient's copy should show (notify/reminderCopies.ts), and a job of the
// release before digests found in Redis after an upgrade.
import type { Notice } from '../domain/ports.js';
import { reminderRecipients, type RemindersAnswered } from '../domain/reminders.js';
import type { Notifier } from '../notify/deliveries.js';
import { answerCopies, type AnsweredReminders } from '../notify/reminderCopies.js';
import { deliverDigest } from '../notify/reminders.js';
import { enqueue, RETRIES, type JobHandlers, type TokenopsQueue } from './jobTypes.js';
import { pauseOnRateLimit } from './queue.js';
import { enqueueDigests, type ReminderContext } from './reminderScan.js';

/**
 * A job of the release before digests (one per reminder): its reminder was claimed already, so
 * it joins the delivery log and its recipients' digests.
 */
async function fromEarlierRelease(ctx: ReminderContext, notice: Notice) {
  const found = (await ctx.store.tokens([notice.tokenId])).get(notice.tokenId);
  if (!found || (notice.kind !== 'expiry' && notice.kind !== 'review')) return;
  const recipients = reminderRecipients(notice.kind, found.token);
  await ctx.store.queueDeliveries(recipients.map((recipient) => [notice, recipient]));
  await enqueueDigests(ctx, recipients);
}

/** The copy someone answered in is updated by their click; the others a moment later, so that
 *  the two updates of that copy do not cross. One job per thing a change answers (a reminder, an
 *  orphaned contact's notice, a pasted secret's): every recipient's copy is updated. */
const COPIES_DELAY_MS = 3_000;

export function scheduleRemindersAnswered(queue: TokenopsQueue, answered: RemindersAnswered) {
  const data: AnsweredReminders =
    'until' in answered ? { ...answered, until: answered.until?.toISOString() ?? null } : answered;
  return enqueue(queue, 'reminder-answered', data, { ...RETRIES, delay: COPIES_DELAY_MS });
}

export function reminderDeliveryJobs(ctx: ReminderContext, notifier: Notifier): JobHandlers {
  return {
    'reminder-digest': (job, worker) =>
      deliverDigest(notifier, pauseOnRateLimit(worker), job.data.recipient, ctx.settings.staleDays),
    'reminder-answered': (job, worker) => answerCopies(notifier, pauseOnRateLimit(worker), job.data),
    'reminder-deliver': (job) => fromEarlierRelease(ctx, job.data),
  };
}
