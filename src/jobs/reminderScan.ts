// The scheduled scan: claims due reminders into the delivery log (one queued row per recipient)
// and enqueues one digest job per person or address waiting for any. The job id is the
// recipient's, so a recipient has one digest under way at a time and repeated scans add none.
import type { Logger } from '../observability/logger.js';
import type { ReminderStore, ShortLivedStore } from '../domain/ports.js';
import { nextWeekStart, planDue, unusedSince } from '../domain/reminders.js';
import { RETRIES, schedulePeriodic, type JobHandlers, type TokenopsQueue } from './jobTypes.js';

const BATCH = 1_000;

export type ReminderContext = {
  store: ReminderStore;
  /** Where the scan takes its lock, shared by every worker. */
  locks: ShortLivedStore;
  queue: TokenopsQueue;
  logger: Logger;
  settings: { thresholds: number[]; reviewDays: number; staleDays: number; scanEverySeconds: number };
  /** They hear of every owner's unused tokens. */
  workspaceAdmins: string[];
};

export function scheduleReminderScan(ctx: ReminderContext) {
  return schedulePeriodic(ctx.queue, 'reminder-scan', ctx.settings.scanEverySeconds * 1000);
}

/** BullMQ keeps `:` for its own keys. */
const digestJobId = (recipient: string) => `digest-${recipient.replace(/:/g, '_')}`;

/** A scan longer than the interval would overlap the next one (and split a person's reminders
 *  between two digests), so one scans at a time. The hold is short and renewed while the scan
 *  runs: a worker killed mid-scan stops the others' scans for this long at most. */
const SCAN_HOLD_SECONDS = 15;

/** Queues every due reminder and a digest for everyone waiting; returns how many reminders. */
export async function scanReminders(ctx: ReminderContext, now = new Date()): Promise<number> {
  const hold = await ctx.locks.hold('reminder-scan', SCAN_HOLD_SECONDS);
  if (!hold) return 0; // another worker is scanning
  // Overlapping scans would still claim each reminder once (the claims skip locked rows).
  const renew = () =>
    hold.renew().then(
      (kept) => kept || ctx.logger.warn('the reminder scan outlived its hold: another may overlap it'),
      () => undefined, // Redis is away: the scan's own steps wait for it
    );
  const renewing = setInterval(() => void renew(), (SCAN_HOLD_SECONDS * 1000) / 3);
  try {
    return await scan(ctx, now);
  } finally {
    clearInterval(renewing);
    await hold.release();
  }
}

async function scan(ctx: ReminderContext, now: Date) {
  let total = 0;
  for (;;) {
    const claimed = await ctx.store.claimDue(now, BATCH, (due) => planDue(due, ctx.settings, now));
    total += claimed;
    if (claimed < BATCH) break;
  }
  total += await claimStale(ctx, now);
  // Everyone waiting, not only this scan's: a digest lost with a crashed worker or Redis is
  // queued again here.
  await enqueueDigests(ctx, await ctx.store.waitingRecipients());
  return total;
}

/** Lists the tokens unused this week in their owners' admins' digests (once a week: see unusedSince). */
async function claimStale(ctx: ReminderContext, now: Date) {
  const { staleDays } = ctx.settings;
  if (!staleDays) return 0;
  const window = {
    unusedSince: unusedSince(now, staleDays),
    listedUntil: nextWeekStart(now),
    workspaceAdmins: ctx.workspaceAdmins,
  };
  let total = 0;
  for (;;) {
    const claimed = await ctx.store.claimStale(now, window, BATCH);
    total += claimed;
    if (claimed < BATCH) return total;
  }
}

/** A digest job per recipient; done or failed, it leaves Redis, so a later scan can add it again. */
export async function enqueueDigests(ctx: ReminderContext, recipients: string[]) {
  for (let i = 0; i < recipients.length; i += BATCH) {
    await ctx.queue.addBulk(
      recipients.slice(i, i + BATCH).map((recipient) => ({
        name: 'reminder-digest' as const,
        data: { recipient },
        opts: { jobId: digestJobId(recipient), ...RETRIES, removeOnComplete: true, removeOnFail: true },
      })),
    );
  }
}

export function reminderScanJobs(ctx: ReminderContext): JobHandlers {
  return { 'reminder-scan': () => scanReminders(ctx) };
}
