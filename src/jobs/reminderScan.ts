// The scheduled scan: claims due reminders and enqueues one delivery job per (token, kind,
// epoch, threshold), de-duplicated by job id, so repeated scans never queue one twice.
import type { WebClient } from '@slack/web-api';
import type { Mailer } from '../email/mailer.js';
import type { Logger } from '../observability/logger.js';
import type { Notice, ReminderStore } from '../domain/ports.js';
import { RETRIES, type JobHandlers, type TokenopsQueue } from './jobTypes.js';

const BATCH = 1_000;

export type ReminderContext = {
  store: ReminderStore;
  /** A client that rejects rate-limited calls, so the worker can pause the queue instead. */
  client: WebClient;
  mailer?: Mailer;
  queue: TokenopsQueue;
  logger: Logger;
  settings: { thresholds: number[]; reviewDays: number; scanEverySeconds: number };
  workspaceAdmins: string[];
};

/** One notice's identity: its job id, and the key of each of its sends. */
export const noticeKey = (notice: Notice) => `reminder-${notice.tokenId}-${notice.kind}-${notice.epoch}-${notice.threshold}`;

export function scheduleReminderScan(ctx: ReminderContext) {
  return ctx.queue.upsertJobScheduler('reminder-scan', { every: ctx.settings.scanEverySeconds * 1000 }, { name: 'reminder-scan' });
}

/** Finds every due reminder and enqueues its delivery; returns how many. */
export async function scanReminders(ctx: ReminderContext, now = new Date()): Promise<number> {
  let total = 0;
  for (;;) {
    const claimed = await ctx.store.claimDue(now, ctx.settings, BATCH, async (notices) => {
      await ctx.queue.addBulk(notices.map((notice) => ({ name: 'reminder-deliver' as const, data: notice, opts: { jobId: noticeKey(notice), ...RETRIES } })));
    });
    total += claimed;
    if (claimed < BATCH) return total;
  }
}

export function reminderScanJobs(ctx: ReminderContext): JobHandlers {
  return { 'reminder-scan': () => scanReminders(ctx) };
}
