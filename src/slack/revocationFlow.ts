// Revocation through the approvals channel: posting a request, and announcing its outcome
// (message updated without buttons, requester and primary contact told in their DMs).
import type { Queue } from 'bullmq';
import type { WebClient } from '@slack/web-api';
import type { Actor } from '../domain/permissions.js';
import type { RevocationRequest } from '../domain/ports.js';
import type { RevocationService } from '../domain/revocations.js';
import type { Translate } from '../i18n/index.js';
import type { Logger } from '../observability/logger.js';
import type { Locales } from './locale.js';
import { slackError } from './secretDelivery.js';
import { escape } from './views/text.js';
import { revocationMessage } from './views/revocation.js';
import { simpleMessage, type Message } from './views/token.js';

export const EXPIRE_JOB = 'revocation-expire';
export const ANNOUNCE_JOB = 'revocation-announce';

export type ApprovalContext = {
  revocations: RevocationService;
  locales: Locales;
  client: WebClient;
  logger: Logger;
  queue: Queue;
};

async function link(client: WebClient, request: RevocationRequest): Promise<string> {
  if (!request.channelId) return '';
  if (!request.messageTs) return `<#${request.channelId}>`;
  try {
    const { permalink } = await client.chat.getPermalink({ channel: request.channelId, message_ts: request.messageTs });
    return permalink ? `<${permalink}|<#${request.channelId}>>` : `<#${request.channelId}>`;
  } catch {
    return `<#${request.channelId}>`;
  }
}

/** Jobs ids may not contain ':' (BullMQ); one job per request and purpose. */
export function scheduleExpiry(queue: Queue, request: RevocationRequest) {
  const delay = Math.max(0, request.expiresAt.getTime() - Date.now());
  return queue.add(EXPIRE_JOB, { requestId: request.id }, { jobId: `${EXPIRE_JOB}-${request.id}`, delay, attempts: 5, backoff: { type: 'exponential', delay: 5_000 } });
}

export function scheduleAnnouncement(queue: Queue, request: RevocationRequest) {
  return queue.add(ANNOUNCE_JOB, { requestId: request.id }, { jobId: `${ANNOUNCE_JOB}-${request.id}-${request.state}`, attempts: 5, backoff: { type: 'exponential', delay: 2_000 } });
}

export async function requestRevocation(
  ctx: ApprovalContext & { channelId: string },
  options: { actor: Actor; t: Translate; id: string; reason: string; asContact?: boolean; reply: (message: Message) => Promise<unknown> },
): Promise<void> {
  const { actor, t, reply } = options;
  const { request, created, token } = await ctx.revocations.request(actor, options.id, options.reason, { asContact: options.asContact });
  const name = { label: escape(token.label), id: token.displayId };
  if (!created) {
    await reply(simpleMessage(t('revocation.alreadyPending', { ...name, user: request.requestedBy, link: await link(ctx.client, request) })));
    return;
  }
  let ts: string;
  try {
    const posted = await ctx.client.chat.postMessage({ channel: ctx.channelId, ...revocationMessage(t, request, token) });
    ts = posted.ts!;
  } catch (error) {
    const code = slackError(error);
    ctx.logger.warn({ err: error, slackError: code, requestId: request.id }, 'could not post a revocation request');
    await ctx.revocations.discard(request.id, actor, code);
    await reply(simpleMessage(t('revocation.postFailed', { channel: ctx.channelId, error: code })));
    return;
  }
  await ctx.revocations.attachMessage(request.id, ctx.channelId, ts);
  const posted = { ...request, channelId: ctx.channelId, messageTs: ts };
  await scheduleExpiry(ctx.queue, posted);
  await reply(simpleMessage(t('revocation.asked', { ...name, link: await link(ctx.client, posted) })));
}

/** Shows a settled request's outcome on its message and tells the requester and the contact. */
export async function announceOutcome(ctx: ApprovalContext, requestId: string): Promise<void> {
  const found = await ctx.revocations.find(requestId);
  if (!found || found.request.state === 'pending') return;
  const { request, token } = found;
  if (request.channelId && request.messageTs) {
    const t = await ctx.locales.translatorFor(request.requestedBy);
    await ctx.client.chat.update({ channel: request.channelId, ts: request.messageTs, ...revocationMessage(t, request, token) });
  }
  const recipients = [...new Set([request.requestedBy, token?.primaryContact].filter((id): id is string => Boolean(id)))];
  await Promise.all(
    recipients.map(async (userId) => {
      try {
        const t = await ctx.locales.translatorFor(userId);
        const message = revocationMessage(t, request, token);
        const im = await ctx.client.conversations.open({ users: userId });
        await ctx.client.chat.postMessage({ channel: im.channel!.id!, ...message });
      } catch (error) {
        ctx.logger.warn({ err: error, userId, requestId }, 'could not tell a participant about a revocation outcome');
      }
    }),
  );
}
