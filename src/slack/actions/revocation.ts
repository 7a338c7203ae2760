// The approvals channel: Approve and Reject clicks (first decision wins), the rejection's
// reason modal, and the request's reason modal when `/token revoke <id>` came without one.
import type { App, BlockAction, ButtonAction, RespondArguments } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Actor } from '../../domain/permissions.js';
import type { Decision } from '../../domain/ports.js';
import type { Translate } from '../../i18n/index.js';
import type { SlackDeps } from '../deps.js';
import { announceOutcome, requestRevocation, type ApprovalContext } from '../revocationFlow.js';
import { APPROVE_ACTION, REASON_CALLBACK_ID, REJECT_ACTION, REJECT_CALLBACK_ID, reasonModal } from '../views/revocation.js';
import { errorText } from '../views/text.js';
import { simpleMessage, type Message } from '../views/token.js';

type Reply = (message: Message) => Promise<unknown>;

/** Posts ephemerally through a response_url: used where Bolt offers no respond(). */
export function replyVia(responseUrl: string | undefined, fallback: Reply): Reply {
  if (!responseUrl) return fallback;
  return (message) =>
    fetch(responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...message }) });
}

export function approvalContext(deps: SlackDeps, client: WebClient): ApprovalContext {
  return { revocations: deps.revocations, locales: deps.locales, client, logger: deps.logger, queue: deps.queue };
}

/** Opens the modal asking why a token should be revoked. */
export async function askRevocationReason(
  client: WebClient,
  t: Translate,
  triggerId: string,
  metadata: { id: string; channel?: string; responseUrl?: string; asContact?: string },
) {
  await client.views.open({ trigger_id: triggerId, view: reasonModal(t, 'request', Object.fromEntries(Object.entries(metadata).filter(([, v]) => v)) as Record<string, string>) });
}

export function registerRevocationActions(app: App, deps: SlackDeps): void {
  async function decide(client: WebClient, actor: Actor, t: Translate, requestId: string, decision: 'approved' | 'rejected', reply: Reply, reason?: string) {
    let result: Decision;
    try {
      result = await deps.revocations.decide(actor, requestId, decision, reason);
    } catch (error) {
      const text = errorText(t, error);
      if (!text) deps.logger.error({ err: error }, 'revocation decision failed');
      await reply(simpleMessage(text ?? t('error.unexpected')));
      return;
    }
    const { request, decidedNow } = result;
    if (decidedNow || request.state === 'closed' || request.state === 'expired') await announceOutcome(approvalContext(deps, client), request.id);
    if (!decidedNow) {
      const decided = (request.state === 'approved' || request.state === 'rejected') && request.decidedBy;
      await reply(simpleMessage(decided ? t('revocation.alreadyDecided', { user: request.decidedBy! }) : t('revocation.alreadySettled')));
    }
  }

  app.action<BlockAction<ButtonAction>>(APPROVE_ACTION, async ({ ack, body, action, respond, client }) => {
    await ack();
    const [t, actor] = await Promise.all([deps.locales.translatorFor(body.user.id), deps.tokens.actor(body.user.id)]);
    await decide(client, actor, t, action.value ?? '', 'approved', (message) => respond({ response_type: 'ephemeral', replace_original: false, ...message } as RespondArguments));
  });

  app.action<BlockAction<ButtonAction>>(REJECT_ACTION, async ({ ack, body, action, respond, client }) => {
    await ack();
    const t = await deps.locales.translatorFor(body.user.id);
    const found = await deps.revocations.find(action.value ?? '');
    if (!found || found.request.state !== 'pending') {
      const request = found?.request;
      const text = request?.decidedBy ? t('revocation.alreadyDecided', { user: request.decidedBy }) : t('revocation.alreadySettled');
      await respond({ response_type: 'ephemeral', replace_original: false, text });
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: reasonModal(t, 'reject', { requestId: found.request.id, responseUrl: body.response_url ?? '' }) });
  });

  app.view(REJECT_CALLBACK_ID, async ({ ack, body, view, client }) => {
    await ack();
    const { requestId, responseUrl } = JSON.parse(view.private_metadata) as { requestId: string; responseUrl?: string };
    const [t, actor] = await Promise.all([deps.locales.translatorFor(body.user.id), deps.tokens.actor(body.user.id)]);
    const reason = view.state.values.reason?.reason?.value ?? undefined;
    await decide(client, actor, t, requestId, 'rejected', replyVia(responseUrl, async () => undefined), reason);
  });

  app.view(REASON_CALLBACK_ID, async ({ ack, body, view, client }) => {
    await ack();
    const { id, channel, responseUrl, asContact } = JSON.parse(view.private_metadata) as { id: string; channel?: string; responseUrl?: string; asContact?: string };
    const userId = body.user.id;
    const [t, actor] = await Promise.all([deps.locales.translatorFor(userId), deps.tokens.actor(userId)]);
    const toChannel: Reply = async (message) => {
      if (channel) await client.chat.postEphemeral({ channel, user: userId, ...message }).catch((error: unknown) => deps.logger.warn({ err: error }, 'could not answer a revocation request'));
    };
    const reply = replyVia(responseUrl, toChannel);
    try {
      await requestRevocation({ ...approvalContext(deps, client), channelId: deps.approvalsChannelId! }, { actor, t, id, reason: view.state.values.reason?.reason?.value ?? '', asContact: asContact === '1', reply });
    } catch (error) {
      const text = errorText(t, error);
      if (!text) deps.logger.error({ err: error }, 'revocation request failed');
      await reply(simpleMessage(text ?? t('error.unexpected')));
    }
  });
}
