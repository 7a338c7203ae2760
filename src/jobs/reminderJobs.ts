// Reminders from the job queue. A scheduled scan claims due reminders and enqueues one
// delivery job per (token, kind, epoch, threshold), de-duplicated by job id. A delivery sends
// to each recipient not yet in the delivery log and logs each send as it is confirmed, so
// retries, crashed workers and repeated scans never send twice. A Slack 429 pauses the whole
// queue for Retry-After; permanent errors are logged and not retried.
import { Worker, type Job, type Queue } from 'bullmq';
import { ErrorCode, type WebClient } from '@slack/web-api';
import type { Token } from '../domain/tokens.js';
import type { Mailer } from '../email/mailer.js';
import { isPermanentMailError } from '../email/mailer.js';
import { changeEmail, reminderEmail } from '../email/messages.js';
import { languageOf, translator } from '../i18n/index.js';
import type { Logger } from '../observability/logger.js';
import type { Notice, ReminderStore } from '../store/reminderStore.js';
import { slackError } from '../slack/secretDelivery.js';
import { expiryReminder, orphanNotice, reviewRequest } from '../slack/views/reminder.js';
import type { Message } from '../slack/views/token.js';
import type { JobHandlers } from './queue.js';

export const SCAN_JOB = 'reminder-scan';
export const DELIVER_JOB = 'reminder-deliver';
export const CHANGE_EMAIL_JOB = 'change-email';
const BATCH = 1_000;
export const RETRIES = { attempts: 8, backoff: { type: 'exponential', delay: 5_000 } };

/** Slack errors that no retry will fix. */
const PERMANENT = new Set(['user_not_found', 'user_disabled', 'account_inactive', 'channel_not_found', 'cannot_dm_bot', 'not_allowed_token_type', 'invalid_users', 'user_not_visible']);

export type ReminderContext = {
  store: ReminderStore;
  /** A client that rejects rate-limited calls, so the worker can pause the queue instead. */
  client: WebClient;
  mailer?: Mailer;
  queue: Queue;
  logger: Logger;
  settings: { thresholds: number[]; reviewDays: number; scanEverySeconds: number };
  workspaceAdmins: string[];
};

export function scheduleReminderScan(ctx: ReminderContext) {
  return ctx.queue.upsertJobScheduler(SCAN_JOB, { every: ctx.settings.scanEverySeconds * 1000 }, { name: SCAN_JOB });
}

const jobId = (notice: Notice) => `reminder-${notice.tokenId}-${notice.kind}-${notice.epoch}-${notice.threshold}`;

/** Finds every due reminder and enqueues its delivery; returns how many. */
export async function scanReminders(ctx: ReminderContext, now = new Date()): Promise<number> {
  let total = 0;
  for (;;) {
    const claimed = await ctx.store.claimDue(now, ctx.settings, BATCH, async (notices) => {
      await ctx.queue.addBulk(notices.map((notice) => ({ name: DELIVER_JOB, data: notice, opts: { jobId: jobId(notice), ...RETRIES } })));
    });
    total += claimed;
    if (claimed < BATCH) return total;
  }
}

/** Turns a Slack 429 into a pause of the whole queue (BullMQ's rate limit) instead of a failure. */
async function rateLimited<T>(worker: Worker, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: string }).code === ErrorCode.RateLimitedError) {
      await worker.rateLimit(((error as { retryAfter?: number }).retryAfter ?? 1) * 1000);
      throw Worker.RateLimitError();
    }
    throw error;
  }
}

const METADATA_TYPE = 'tokenops_notification';

/**
 * DMs one user; 'deactivated' when Slack says the account is gone. The message carries the
 * delivery's key as metadata: when a worker died mid-send (`resuming`), the DM's history tells
 * whether Slack got it, so the retry neither loses nor repeats it.
 */
export async function dm(ctx: ReminderContext, userId: string, deliveryKey: string, render: (language: 'en' | 'ja') => Message, resuming = false): Promise<'sent' | 'deactivated'> {
  const info = await ctx.client.users.info({ user: userId, include_locale: true });
  if (info.user?.deleted) return 'deactivated';
  const im = await ctx.client.conversations.open({ users: userId });
  const channel = im.channel!.id!;
  if (resuming) {
    const history = await ctx.client.conversations.history({ channel, limit: 50, include_all_metadata: true });
    if (history.messages?.some((m) => m.metadata?.event_type === METADATA_TYPE && (m.metadata.event_payload as { key?: string } | undefined)?.key === deliveryKey)) return 'sent';
  }
  await ctx.client.chat.postMessage({ channel, ...render(languageOf(info.user?.locale)), metadata: { event_type: METADATA_TYPE, event_payload: { key: deliveryKey } } });
  return 'sent';
}

/** Sends one notice to one recipient unless the log has it; claims it first, logs the outcome. */
export async function deliverOnce(ctx: ReminderContext, worker: Worker, notice: Notice, recipient: string, send: (resuming: boolean) => Promise<'sent' | 'deactivated'>) {
  const state = await ctx.store.deliveryState(notice, recipient);
  if (state === 'sent' || state === 'failed') return 'skipped';
  if (!state) await ctx.store.claim(notice, recipient);
  try {
    const outcome = await rateLimited(worker, () => send(state === 'sending'));
    await ctx.store.record(notice, recipient, outcome === 'sent' ? 'sent' : 'failed', outcome === 'sent' ? undefined : 'user_deactivated');
    return outcome;
  } catch (error) {
    const code = slackError(error);
    if (PERMANENT.has(code) || isPermanentMailError(error)) {
      ctx.logger.warn({ notice, recipient, error: code }, 'notification failed for good');
      await ctx.store.record(notice, recipient, 'failed', code);
      return 'failed';
    }
    throw error;
  }
}

async function deliver(ctx: ReminderContext, worker: Worker, notice: Notice) {
  const found = await ctx.store.token(notice.tokenId);
  if (!found || found.token.status === 'revoked') return;
  const { token } = found;
  if (notice.kind === 'expiry' && notice.epoch !== found.reminderEpoch) return; // re-armed by a reset since
  const render = (language: 'en' | 'ja') =>
    notice.kind === 'expiry' ? expiryReminder(translator(language), token, notice.threshold) : reviewRequest(translator(language), token);
  const people = notice.kind === 'expiry' ? [...new Set([token.primaryContact, token.createdBy])] : [token.primaryContact];
  for (const userId of people) {
    const outcome = await deliverOnce(ctx, worker, notice, userId, (resuming) => dm(ctx, userId, `${jobId(notice)}-${userId}`, render, resuming));
    if (outcome === 'deactivated' && userId === token.primaryContact) await reportOrphan(ctx, worker, token);
  }
  if (notice.kind === 'expiry' && ctx.mailer) {
    const email = reminderEmail(token, notice.threshold);
    for (const address of token.developerEmails) {
      await deliverOnce(ctx, worker, notice, address, async () => {
        await ctx.mailer!.send({ to: address, ...email, messageId: `<${jobId(notice)}-${address}@tokenops>` });
        return 'sent';
      });
    }
  }
}

/** Tells the admins of the token's owner, once each, that its primary contact is gone. */
export async function reportOrphan(ctx: ReminderContext, worker: Worker | undefined, token: Token) {
  const admins = [...new Set([...(await ctx.store.adminsOf(token.owner)), ...ctx.workspaceAdmins])];
  const notice = { tokenId: token.id, kind: 'orphaned_contact' as const, epoch: 0, threshold: 0 };
  for (const admin of admins) {
    if (!(await ctx.store.claim(notice, admin))) continue; // at most once per token and admin
    try {
      const send = () => dm(ctx, admin, `orphan-${token.id}-${admin}`, (language) => orphanNotice(translator(language), token, token.primaryContact));
      const outcome = worker ? await rateLimited(worker, send) : await send();
      await ctx.store.record(notice, admin, outcome === 'sent' ? 'sent' : 'failed', outcome === 'sent' ? undefined : 'user_deactivated');
    } catch (error) {
      if (!PERMANENT.has(slackError(error))) throw error;
      await ctx.store.record(notice, admin, 'failed', slackError(error));
    }
  }
}

/** A Slack account was deactivated: its tokens need a new primary contact. */
export async function contactDeactivated(ctx: ReminderContext, userId: string) {
  for (const token of await ctx.store.tokensWithContact(userId)) await reportOrphan(ctx, undefined, token);
}

export type ChangeEmail = { label: string; displayId: string; apiVersion: string; emails: string[]; action: string; at: string };

export function scheduleChangeEmail(queue: Queue, change: ChangeEmail) {
  return queue.add(CHANGE_EMAIL_JOB, change, { jobId: `change-email-${change.displayId}-${change.action.replace('.', '_')}-${Date.parse(change.at)}`, ...RETRIES });
}

export function reminderJobs(ctx: ReminderContext): JobHandlers {
  return {
    [SCAN_JOB]: () => scanReminders(ctx),
    [DELIVER_JOB]: (job: Job, worker: Worker) => deliver(ctx, worker, job.data as Notice),
    [CHANGE_EMAIL_JOB]: async (job: Job) => {
      const change = job.data as ChangeEmail & { done?: string[] };
      if (!ctx.mailer) return;
      const email = changeEmail(change, change.action);
      const done = new Set(change.done ?? []); // addresses served before a retry
      for (const address of change.emails.filter((a) => !done.has(a))) {
        try {
          await ctx.mailer.send({ to: address, ...email, messageId: `<${job.id}-${address}@tokenops>` });
        } catch (error) {
          if (!isPermanentMailError(error)) throw error;
          ctx.logger.warn({ address, action: change.action }, 'change e-mail refused for good');
        }
        done.add(address);
        await job.updateData({ ...change, done: [...done] });
      }
    },
  };
}
