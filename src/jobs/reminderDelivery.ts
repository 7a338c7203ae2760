// Reminder delivery's jobs: one digest job per recipient (notify/reminders.ts sends it), and a
// job of the release before digests found in Redis after an upgrade.
import type { Notice } from '../domain/ports.js';
import { reminderRecipients } from '../domain/reminders.js';
import type { Notifier } from '../notify/deliveries.js';
import { deliverDigest } from '../notify/reminders.js';
import type { JobHandlers } from './jobTypes.js';
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

export function reminderDeliveryJobs(ctx: ReminderContext, notifier: Notifier): JobHandlers {
  return {
    'reminder-digest': (job, worker) =>
      deliverDigest(notifier, pauseOnRateLimit(worker), job.data.recipient, ctx.settings.staleDays),
    'reminder-deliver': (job) => fromEarlierRelease(ctx, job.data),
  };
}
