// Reminder delivery. A delivery sends to each recipient not yet in the delivery log and logs
// each send as it is confirmed, so retries and crashed workers never send twice. A Slack 429
// pauses the whole queue for Retry-After; permanent errors are logged and not retried.
import { ErrorCode } from '@slack/web-api';
import { Worker } from 'bullmq';
import type { Token } from '../domain/tokens.js';
import { isPermanentMailError } from '../email/mailer.js';
import { reminderEmail } from '../email/messages.js';
import { languageOf, translator, type Language } from '../i18n/index.js';
import { expiryReminder, orphanNotice, reviewRequest } from '../slack/views/reminder.js';
import type { Message } from '../slack/views/message.js';
import { openDm } from '../slack/web/dm.js';
import { isPermanentSlackError, slackError, slackSetupHint } from '../slack/web/errors.js';
import type { Notice } from '../domain/ports.js';
import type { JobHandlers, TokenopsWorker } from './jobTypes.js';
import { noticeKey, type ReminderContext } from './reminderScan.js';

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

const METADATA_TYPE = 'tokenops_notification';

/**
 * DMs one user; 'deactivated' when Slack says the account is gone. The message carries the
 * delivery's key as metadata: when a worker died mid-send (`resuming`), the DM's history tells
 * whether Slack got it, so the retry neither loses nor repeats it.
 */
export async function dm(ctx: ReminderContext, userId: string, deliveryKey: string, render: (language: Language) => Message, resuming = false): Promise<'sent' | 'deactivated'> {
  const info = await ctx.client.users.info({ user: userId, include_locale: true });
  if (info.user?.deleted) return 'deactivated';
  const channel = await openDm(ctx.client, userId);
  if (resuming) {
    const history = await ctx.client.conversations.history({ channel, limit: 50, include_all_metadata: true });
    if (history.messages?.some((m) => m.metadata?.event_type === METADATA_TYPE && (m.metadata.event_payload as { key?: string } | undefined)?.key === deliveryKey)) return 'sent';
  }
  await ctx.client.chat.postMessage({ channel, ...render(languageOf(info.user?.locale)), metadata: { event_type: METADATA_TYPE, event_payload: { key: deliveryKey } } });
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
    const code = slackError(error);
    if (isPermanentSlackError(error) || isPermanentMailError(error)) {
      const hint = slackSetupHint(error);
      if (hint) ctx.logger.error({ notice, recipient, error: code }, `notification failed for good: ${hint}`);
      else ctx.logger.warn({ notice, recipient, error: code }, 'notification failed for good');
      await ctx.store.record(notice, recipient, 'failed', code);
      return 'failed';
    }
    throw error;
  }
}

async function deliver(ctx: ReminderContext, worker: TokenopsWorker, notice: Notice) {
  const found = await ctx.store.token(notice.tokenId);
  if (!found || found.token.status === 'revoked') return;
  const { token } = found;
  if (notice.kind === 'expiry' && notice.epoch !== found.reminderEpoch) return; // re-armed by a reset since
  const render = (language: Language) =>
    notice.kind === 'expiry' ? expiryReminder(translator(language), token, notice.threshold) : reviewRequest(translator(language), token);
  const people = notice.kind === 'expiry' ? [...new Set([token.primaryContact, token.createdBy])] : [token.primaryContact];
  for (const userId of people) {
    const outcome = await deliverOnce(ctx, worker, notice, userId, (resuming) => dm(ctx, userId, `${noticeKey(notice)}-${userId}`, render, resuming));
    if (outcome === 'deactivated' && userId === token.primaryContact) await reportOrphan(ctx, worker, token);
  }
  if (notice.kind === 'expiry' && ctx.mailer) {
    const email = reminderEmail(token, notice.threshold);
    for (const address of token.developerEmails) {
      await deliverOnce(ctx, worker, notice, address, async () => {
        await ctx.mailer!.send({ to: address, ...email, messageId: `<${noticeKey(notice)}-${address}@tokenops>` });
        return 'sent';
      });
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
  for (const token of await ctx.store.tokensWithContact(userId)) await reportOrphan(ctx, undefined, token);
}

export function reminderDeliveryJobs(ctx: ReminderContext): JobHandlers {
  return { 'reminder-deliver': (job, worker) => deliver(ctx, worker, job.data) };
}
