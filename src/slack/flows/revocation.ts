// Revocation through the approvals channel: asking for a reason, posting a request, and
// announcing its outcome (message updated without buttons, requester and primary contact
// told in their DMs). Shared by the command, the list's menu, reviews and the worker. What the
// channel shows is in the workspace's language (WORKSPACE_LANGUAGE): everyone there reads it.
import type { WebClient } from '@slack/web-api';
import type { RevocationRequest } from '../../domain/ports.js';
import type { RevocationScheduler, RevocationService } from '../../domain/revocations.js';
import type { Actor } from '../../domain/permissions.js';
import type { Token } from '../../domain/tokens.js';
import type { Language, Translate } from '../../i18n/index.js';
import type { Logger } from '../../observability/logger.js';
import type { Locales } from '../locale.js';
import type { Flow } from '../deps.js';
import { simpleMessage } from '../views/message.js';
import { reasonModal, revocationMessage } from '../views/revocation.js';
import { escape } from '../views/text.js';
import { requesterText } from '../views/request.js';
import type { Outbox } from '../web/dm.js';
import { mayHaveReachedSlack, slackError } from '../web/errors.js';
import type { StepWait } from '../../domain/steps.js';
import { askChange } from './changeRequests.js';
import { settleSteps, type Steps } from './steps.js';
import { beyondDeadline } from '../../store/requestDeadline.js';

/** What announcing an outcome needs: it runs in the worker too, where no person asked. */
export type Announcer = {
  /** Workflow steps waiting on requests: ended with the outcome. */
  steps?: Steps;
  revocations: RevocationService;
  locales: Locales;
  client: WebClient;
  /** Outcomes are told at Slack's pace. */
  outbox: Outbox;
  logger: Logger;
  /** The language of messages a whole channel reads. */
  workspaceLanguage: Language;
};

/** The channel, and a link to the request's message (a link's text cannot hold a mention). */
async function link(client: WebClient, t: Translate, request: RevocationRequest): Promise<string> {
  if (!request.channelId) return '';
  const channel = `<#${request.channelId}>`;
  if (!request.messageTs) return channel;
  try {
    const { permalink } = await client.chat.getPermalink({ channel: request.channelId, message_ts: request.messageTs });
    return permalink
      ? t('text.aside', { text: channel, aside: `<${permalink}|${t('revocation.viewRequest')}>` })
      : channel;
  } catch {
    return channel;
  }
}

/** Opens the modal asking why `token` should be revoked; `metadata` says where it answers. */
export async function askRevocationReason(
  { client, context }: Flow,
  { triggerId, token, metadata }: { triggerId: string; token: Token; metadata: Record<string, string | undefined> },
) {
  const carried = Object.fromEntries(Object.entries(metadata).filter(([, v]) => v)) as Record<string, string>;
  await client.views.open({ trigger_id: triggerId, view: reasonModal(context.t, 'request', token, carried) });
}

/** Asks for a revocation: through the approval policy's engine where a rule covers the token,
 *  else in the approvals channel (APPROVALS_CHANNEL_ID, then set). Returns what waits for a
 *  decision (the request asked before, if any); undefined when it could not be posted. */
export async function requestRevocation(
  flow: Flow,
  options: { id: string; reason: string; asContact?: boolean },
): Promise<StepWait | undefined> {
  if (await flow.deps.changes.needsApproval(flow.context.actor, 'revoke', options.id, options.asContact)) {
    const request = await askChange(
      flow,
      { operation: 'revoke', displayId: options.id, reason: options.reason },
      { asContact: options.asContact },
    );
    return request && { kind: 'request', id: request.id };
  }
  const request = await requestInChannel(flow, options);
  return request && { kind: 'revocation', id: request.id };
}

async function requestInChannel(
  { deps, client, context }: Flow,
  options: { id: string; reason: string; asContact?: boolean },
): Promise<RevocationRequest | undefined> {
  const { actor, t, reply } = context;
  const channelId = deps.approvalsChannelId!;
  const { request, created, token } = await deps.revocations.request(actor, options.id, options.reason, {
    asContact: options.asContact,
  });
  const name = { label: escape(token.label), id: token.displayId };
  if (!created) {
    await reply(
      simpleMessage(
        t('revocation.alreadyPending', {
          ...name,
          who: requesterText(t, request.requestedBy),
          link: await link(client, t, request),
        }),
      ),
    );
    return request;
  }
  const posted = await postRevocationRequest({ ...deps, client, channelId }, actor, request, token);
  if ('error' in posted) {
    const failed = posted.unconfirmed
      ? t('revocation.postUnconfirmed', { channel: channelId })
      : t('revocation.postFailed', { channel: channelId, error: posted.error });
    await reply(simpleMessage(failed));
    return undefined;
  }
  await reply(simpleMessage(t('revocation.asked', { ...name, link: await link(client, t, posted) })));
  return posted;
}

/** Posts a new request for approval, as from Slack, whoever asked (a person, or a management key
 *  through the API): its message in the channel and its expiry scheduled. A request that cannot
 *  be posted is discarded, so none is left dangling. */
export async function postRevocationRequest(
  ctx: Announcer & { scheduler: RevocationScheduler; channelId: string },
  actor: Actor,
  request: RevocationRequest,
  token: Token,
): Promise<RevocationRequest | { error: string; unconfirmed: boolean }> {
  const { channelId } = ctx;
  let ts: string;
  try {
    const posted = await ctx.client.chat.postMessage({
      channel: channelId,
      ...revocationMessage(ctx.locales.translate(ctx.workspaceLanguage), request, token),
    });
    ts = posted.ts!;
  } catch (error) {
    const code = slackError(error);
    ctx.logger.warn({ err: error, slackError: code, requestId: request.id }, 'could not post a revocation request');
    await ctx.revocations.discard(request.id, actor, code);
    return { error: code, unconfirmed: mayHaveReachedSlack(error) }; // discarded, it asks nothing
  }
  await ctx.revocations.attachMessage(request.id, channelId, ts);
  const posted = { ...request, channelId, messageTs: ts };
  // Not awaited: the requester is answered whatever Redis does; a request whose expiry job was
  // never queued is settled by the worker's sweep (jobs/revocationJobs.ts).
  ctx.scheduler
    .expireLater(posted)
    .catch((error: unknown) =>
      ctx.logger.warn(
        { err: error, requestId: request.id },
        'could not schedule a revocation request to expire; the sweep will',
      ),
    );
  return posted;
}

/** Slack's errors for a message that can no longer be updated, whatever is tried. */
const GONE_FOR_GOOD = new Set([
  'message_not_found',
  'channel_not_found',
  'is_archived',
  'cant_update_message',
  'not_in_channel',
]);

/** Shows a settled request's outcome on its message and tells the requester and the contact. */
export async function announceOutcome(ctx: Announcer, requestId: string): Promise<void> {
  const found = await ctx.revocations.find(requestId);
  if (!found || found.request.state === 'pending') return;
  const { request, token } = found;
  // A message Slack will never update (deleted, its channel archived) must not keep the people
  // involved from hearing: the outcome is settled. Anything else fails the announcement before
  // anyone is told, for its job to try it all again.
  if (request.channelId && request.messageTs) {
    try {
      await ctx.outbox.update(
        request.channelId,
        request.messageTs,
        revocationMessage(ctx.locales.translate(ctx.workspaceLanguage), request, token),
      );
    } catch (error) {
      if (!GONE_FOR_GOOD.has(slackError(error))) throw error;
      ctx.logger.warn({ slackError: slackError(error), requestId }, 'a revocation request’s message is gone');
    }
  }
  const recipients = [
    ...new Set([request.requestedBy, token?.primaryContact].filter((id): id is string => Boolean(id))),
  ];
  await Promise.all(
    recipients.map(async (userId) => {
      try {
        await ctx.outbox.dm(userId, (language) => revocationMessage(ctx.locales.translate(language), request, token));
      } catch (error) {
        ctx.logger.warn({ err: error, userId, requestId }, 'could not tell a participant about a revocation outcome');
      }
    }),
  );
  if (ctx.steps) await settleSteps({ ...ctx, steps: ctx.steps }, { kind: 'revocation', id: request.id });
}

/** Approves or rejects; a click on a request decided meanwhile is told who decided. */
export async function decideRevocation(
  { deps, client, context }: Flow,
  { requestId, decision, reason }: { requestId: string; decision: 'approved' | 'rejected'; reason?: string },
): Promise<void> {
  const { request, decidedNow } = await deps.revocations.decide(context.actor, requestId, decision, reason);
  // Announced outside the click's deadline: Slack's pace (a 429's Retry-After) can make the
  // announcement outlast it, and ending a workflow step that waits on the request reads storage.
  if (decidedNow) return beyondDeadline(() => announceOutcome({ ...deps, client }, request.id));
  const decided = (request.state === 'approved' || request.state === 'rejected') && request.decidedBy;
  await context.reply(
    simpleMessage(
      decided
        ? context.t('revocation.alreadyDecided', { user: request.decidedBy! })
        : context.t('revocation.alreadySettled'),
    ),
  );
  // A late click on a request that expired or closed meanwhile also mends its message, after the
  // answer and outside the click's deadline: the paced re-announcement may outlast it (the sweep
  // does it too).
  if (request.state === 'closed' || request.state === 'expired') {
    void beyondDeadline(() => announceOutcome({ ...deps, client }, request.id)).catch((error: unknown) =>
      deps.logger.warn({ err: error, requestId }, 'could not re-announce a settled revocation request; the sweep will'),
    );
  }
}
