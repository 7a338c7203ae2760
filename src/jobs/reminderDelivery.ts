// Reminder delivery: one digest job per recipient takes their queued reminders from the
// delivery log in batches, sends each batch as one DM (or one e-mail per reminder to a
// developer address) and marks it as the send is confirmed. A batch left mid-send by a dead
// worker is resumed under the same key, found in the DM's history when Slack got it, so nothing
// is sent twice or lost. A Slack 429 pauses the whole queue for Retry-After; permanent errors are
// recorded and not retried.
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@slack/web-api';
import { Worker } from 'bullmq';
import type { Token } from '../domain/tokens.js';
import type { Notice } from '../domain/ports.js';
import { isEmailRecipient, reminderRecipients, stillUnused } from '../domain/reminders.js';
import { isPermanentMailError } from '../email/mailer.js';
import { reminderEmail } from '../email/messages.js';
import { translator, type Language } from '../i18n/index.js';
import { DIGEST_SIZE, orphanNotice, reminderDigest } from '../slack/views/reminder.js';
import type { Message } from '../slack/views/message.js';
import { isPermanentSlackError, slackError, slackSetupHint } from '../slack/web/errors.js';
import type { JobHandlers, TokenopsWorker } from './jobTypes.js';
import { enqueueDigests, type ReminderContext } from './reminderScan.js';

/** Turns a Slack 429 into a pause of the whole queue (BullMQ's rate limit) instead of a failure. */
async function rateLimited<T>(worker: TokenopsWorker, work: () => Promise<T>): Promise<T> {
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

/** Slack answered and posted nothing (a refusal or a 429), unlike a lost answer. */
const refusedBySlack = (error: unknown) => [ErrorCode.PlatformError, ErrorCode.RateLimitedError].includes((error as { code?: ErrorCode }).code!);

/**
 * DMs one user; 'deactivated' when Slack says the account is gone. The message carries
 * `deliveryKey` as metadata: when a worker died mid-send (`resuming`), the DM's history tells
 * whether Slack got it, so the retry neither loses nor repeats it.
 */
export async function dm(ctx: ReminderContext, userId: string, deliveryKey: string, render: (language: Language) => Message, resuming = false): Promise<'sent' | 'deactivated'> {
  const person = await ctx.dms.person(userId);
  if (person.deleted) return 'deactivated';
  const channel = await ctx.dms.channel(userId);
  if (resuming && (await ctx.dms.holds(channel, deliveryKey))) return 'sent';
  await ctx.dms.post(channel, render(person.language), deliveryKey);
  return 'sent';
}

/** Sends one notice to one recipient unless the log has it; claims it first, logs the outcome. */
export async function deliverOnce(ctx: ReminderContext, worker: TokenopsWorker, notice: Notice, recipient: string, send: (resuming: boolean) => Promise<'sent' | 'deactivated'>) {
  const state = await ctx.store.deliveryState(notice, recipient);
  if (state === 'sent' || state === 'failed') return 'skipped';
  if (!state) await ctx.store.claim(notice, recipient);
  try {
    const outcome = await rateLimited(worker, () => send(state === 'sending'));
    await ctx.store.record(notice, recipient, outcome === 'sent' ? 'sent' : 'failed', outcome === 'sent' ? undefined : 'user_deactivated');
    return outcome;
  } catch (error) {
    if (isPermanentSlackError(error) || isPermanentMailError(error)) {
      failedForGood(ctx, notice, recipient, error);
      await ctx.store.record(notice, recipient, 'failed', slackError(error));
      return 'failed';
    }
    throw error;
  }
}

function failedForGood(ctx: ReminderContext, what: unknown, recipient: string, error: unknown) {
  const hint = slackSetupHint(error);
  if (hint) ctx.logger.error({ notice: what, recipient, error: slackError(error) }, `notification failed for good: ${hint}`);
  else ctx.logger.warn({ notice: what, recipient, error: slackError(error) }, 'notification failed for good');
}

type Due = { notice: Notice; token: Token };

/** One recipient's digest: batch after batch, until nothing of theirs is queued. */
async function deliverDigest(ctx: ReminderContext, worker: TokenopsWorker, recipient: string) {
  for (;;) {
    const batch = await ctx.store.takeBatch(recipient, `digest-${randomUUID()}`, DIGEST_SIZE);
    if (!batch.notices.length) return;
    const tokens = await ctx.store.tokens(batch.notices.map((notice) => notice.tokenId));
    const due: Due[] = [];
    const outdated: Notice[] = [];
    const now = new Date();
    for (const notice of batch.notices) {
      const found = tokens.get(notice.tokenId);
      // Revoked, deleted, re-armed by a reset or renewal, or used since the scan: nothing to say.
      const current = found && (notice.kind === 'stale' ? stillUnused(found.token, ctx.settings.staleDays, now) : found.token.status !== 'revoked' && (notice.kind !== 'expiry' || notice.epoch === found.reminderEpoch));
      if (current) due.push({ notice, token: found.token });
      else outdated.push(notice);
    }
    await ctx.store.settle(recipient, outdated, 'skipped', 'outdated');
    if (isEmailRecipient(recipient)) await emailEach(ctx, recipient, due);
    else if (due.length) await dmDigest(ctx, worker, recipient, batch, due);
  }
}

async function dmDigest(ctx: ReminderContext, worker: TokenopsWorker, userId: string, batch: { digest: string; resuming: boolean }, due: Due[]) {
  const notices = due.map((d) => d.notice);
  // Written when sent (a retry rewrites it): the time left is the time left then.
  const item = ({ notice, token }: Due) => ({ token, kind: notice.kind as 'expiry' | 'review' | 'stale', threshold: notice.kind === 'stale' ? ctx.settings.staleDays : notice.threshold });
  const render = (language: Language) => reminderDigest(translator(language), due.map(item), new Date());
  let outcome: 'sent' | 'deactivated';
  try {
    outcome = await rateLimited(worker, async () => {
      try {
        return await dm(ctx, userId, batch.digest, render, batch.resuming);
      } catch (error) {
        // Back to the queue only when no earlier attempt may have posted it: a resumed batch keeps
        // its key, so that the next attempt looks in the DM's history again.
        if (!batch.resuming && refusedBySlack(error) && !isPermanentSlackError(error)) await ctx.store.settle(userId, notices, 'queued');
        throw error;
      }
    });
  } catch (error) {
    if (!isPermanentSlackError(error)) throw error;
    failedForGood(ctx, { digest: batch.digest }, userId, error);
    await ctx.store.settle(userId, notices, 'failed', slackError(error));
    return;
  }
  if (outcome === 'sent') return ctx.store.settle(userId, notices, 'sent');
  await ctx.store.settle(userId, notices, 'failed', 'user_deactivated');
  const orphaned = new Map(due.filter((d) => d.token.primaryContact === userId).map((d) => [d.token.id, d.token]));
  for (const token of orphaned.values()) await reportOrphan(ctx, worker, token);
}

/** Developers get one e-mail per reminder; its Message-ID makes a resent one a duplicate mail clients drop. */
async function emailEach(ctx: ReminderContext, address: string, due: Due[]) {
  if (!ctx.mailer) return ctx.store.settle(address, due.map((d) => d.notice), 'skipped', 'no_mailer'); // SMTP_URL unset since the scan
  for (const { notice, token } of due) {
    try {
      const key = `reminder-${notice.tokenId}-${notice.kind}-${notice.epoch}-${notice.threshold}`;
      await ctx.mailer.send({ to: address, ...reminderEmail(token, notice.threshold, new Date()), messageId: `<${key}-${address}@tokenops>` });
      await ctx.store.settle(address, [notice], 'sent');
    } catch (error) {
      if (!isPermanentMailError(error)) throw error;
      await ctx.store.settle(address, [notice], 'failed', slackError(error));
    }
  }
}

/** Tells the admins of the token's owner, once each, that its primary contact is gone. */
async function reportOrphan(ctx: ReminderContext, worker: TokenopsWorker | undefined, token: Token) {
  const admins = [...new Set([...(await ctx.store.adminsOf(token.owner)), ...ctx.workspaceAdmins])];
  const notice = { tokenId: token.id, kind: 'orphaned_contact' as const, epoch: 0, threshold: 0 };
  for (const admin of admins) {
    if (!(await ctx.store.claim(notice, admin))) continue; // at most once per token and admin
    try {
      const send = () => dm(ctx, admin, `orphan-${token.id}-${admin}`, (language) => orphanNotice(translator(language), token, token.primaryContact));
      const outcome = worker ? await rateLimited(worker, send) : await send();
      await ctx.store.record(notice, admin, outcome === 'sent' ? 'sent' : 'failed', outcome === 'sent' ? undefined : 'user_deactivated');
    } catch (error) {
      if (!isPermanentSlackError(error)) throw error;
      await ctx.store.record(notice, admin, 'failed', slackError(error));
    }
  }
}

/** A Slack account was deactivated: its tokens need a new primary contact. */
export async function contactDeactivated(ctx: ReminderContext, userId: string) {
  await ctx.dms.forget(userId);
  for (const token of await ctx.store.tokensWithContact(userId)) await reportOrphan(ctx, undefined, token);
}

/**
 * A job of the release before digests (one per reminder) found in Redis after an upgrade: its
 * reminder was claimed already, so it joins the delivery log and its recipients' digests.
 */
async function fromEarlierRelease(ctx: ReminderContext, notice: Notice) {
  const found = (await ctx.store.tokens([notice.tokenId])).get(notice.tokenId);
  if (!found || (notice.kind !== 'expiry' && notice.kind !== 'review')) return;
  const recipients = reminderRecipients(notice.kind, found.token);
  await ctx.store.queueDeliveries(recipients.map((recipient) => [notice, recipient]));
  await enqueueDigests(ctx, recipients);
}

export function reminderDeliveryJobs(ctx: ReminderContext): JobHandlers {
  return {
    'reminder-digest': (job, worker) => deliverDigest(ctx, worker, job.data.recipient),
    'reminder-deliver': (job) => fromEarlierRelease(ctx, job.data),
  };
}
