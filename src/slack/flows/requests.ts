// Token requests in Slack: posting a request for approval (the approvals channel, or the
// approvers' DMs when none is set), keeping every posted copy up to date as approvals come in,
// making the token once approved and handing its secret to the requester (pending until
// delivered, as for create), and telling the requester the outcome (their confirmation by DM,
// with its Withdraw, rewritten by a job once the request ended). Shared by the listeners
// and the worker's jobs. What a channel shows is in the workspace's language. Every message goes
// out at Slack's pace (the outbox), after the person who clicked or submitted has their answer,
// and free of their request's deadline: pacing may take longer than Slack's 3 seconds.
import type { WebClient } from '@slack/web-api';
import { isPerson } from '../../domain/permissions.js';
import { hasEnded, type ApprovalRequest, type PostedMessage } from '../../domain/ports.js';
import { askedAbout } from '../../domain/reminderPorts.js';
import type { Token } from '../../domain/tokens.js';
import type { RequestScheduler, RequestService } from '../../domain/requests.js';
import type { Reset, TokenService } from '../../domain/tokenService.js';
import type { Language } from '../../i18n/index.js';
import type { Logger } from '../../observability/logger.js';
import type { Flow } from '../deps.js';
import type { Locales } from '../locale.js';
import { simpleMessage } from '../views/message.js';
import { approversText, contactMessage, requesterMessage, requestMessage } from '../views/request.js';
import { clip, escape } from '../views/text.js';
import type { Outbox } from '../web/dm.js';
import { beyondDeadline } from '../../store/requestDeadline.js';
import { mayHaveReachedSlack, slackError } from '../web/errors.js';
import { deliverOrVoid } from './secretDelivery.js';
import { settleSteps, type Steps } from './steps.js';

export type RequestContext = {
  requests: RequestService;
  tokens: TokenService;
  locales: Locales;
  /** Messages at Slack's pace: the requests, their updates and their outcomes. */
  outbox: Outbox;
  /** Secrets are handed over on it (flows/secretDelivery.ts). */
  client: WebClient;
  logger: Logger;
  workspaceLanguage: Language;
  approvalsChannelId?: string;
  /** Workflow steps waiting on requests: ended with the outcome. */
  steps?: Steps;
  /** What follows a request's end: its requester's confirmations rewritten (a job). */
  requestScheduler?: Pick<RequestScheduler, 'requestEnded'>;
};

const label = (request: ApprovalRequest) => escape(clip(request.input.label, 64));

/** The approval message in the language its readers share: the workspace's for a channel, the
 *  approver's own for a DM. */
async function render(ctx: RequestContext, request: ApprovalRequest, message: PostedMessage) {
  const t = message.user ? await ctx.locales.translatorFor(message.user) : ctx.locales.translate(ctx.workspaceLanguage);
  return requestMessage(t, request, await ctx.requests.approvers.groupsFor(request));
}

/** Posts the request to `userIds` by DM, each in their language: the messages that went out,
 *  and how many DMs Slack did not confirm (they may have arrived). */
async function postToApprovers(
  ctx: RequestContext,
  request: ApprovalRequest,
  userIds: string[],
): Promise<{ posted: PostedMessage[]; unconfirmed: number }> {
  const posted: PostedMessage[] = [];
  let unconfirmed = 0;
  const groups = await ctx.requests.approvers.groupsFor(request);
  for (const user of userIds) {
    try {
      const sent = await ctx.outbox.dm(user, (language) =>
        requestMessage(ctx.locales.translate(language), request, groups),
      );
      posted.push({ ...sent, user });
    } catch (error) {
      if (mayHaveReachedSlack(error)) unconfirmed++;
      ctx.logger.warn(
        { err: error, userId: user, requestId: request.id },
        'could not send a token request to an approver',
      );
    }
  }
  return { posted, unconfirmed };
}

/** Posts a new request to its approvers (the approvals channel, or their DMs), as from Slack
 *  whoever asked (a person, or a management key through the API), and schedules its expiry and
 *  escalation. A request that reached nobody is closed (not_posted), so none is left dangling. */
export function postForApproval(
  ctx: RequestContext & { scheduler: RequestScheduler },
  request: ApprovalRequest,
): Promise<Posting> {
  // Never in the way of the person's acknowledgement: forms and clicks are acknowledged first, a
  // command by its own timer (middleware/ackReply.ts).
  return beyondDeadline(() => postRequest(ctx, request));
}

/** `unconfirmed`: Slack may have posted it all the same (web/errors.ts): closed, it asks nothing. */
type Posting = { posted: PostedMessage[] } | { error: string; unconfirmed: boolean } | { nobody: true; asked: number };

async function postRequest(
  ctx: RequestContext & { scheduler: RequestScheduler },
  request: ApprovalRequest,
): Promise<Posting> {
  let posted: PostedMessage[];
  let asked = 0;
  let unconfirmed = 0;
  try {
    if (ctx.approvalsChannelId) {
      posted = [
        await ctx.outbox.post(
          ctx.approvalsChannelId,
          await render(ctx, request, { channel: ctx.approvalsChannelId, ts: '' }),
        ),
      ];
    } else {
      const approvers = await ctx.requests.approvers.approverIds(request);
      asked = approvers.length;
      ({ posted, unconfirmed } = await postToApprovers(ctx, request, approvers));
    }
  } catch (error) {
    const code = slackError(error);
    ctx.logger.warn({ err: error, slackError: code, requestId: request.id }, 'could not post a request for approval');
    await ctx.requests.notPosted(request.id);
    return { error: code, unconfirmed: mayHaveReachedSlack(error) };
  }
  if (!posted.length) {
    await ctx.requests.notPosted(request.id);
    // None confirmed, some perhaps shown: told like a channel post Slack did not confirm.
    return unconfirmed ? { error: 'no_answer', unconfirmed: true } : { nobody: true, asked };
  }
  await ctx.requests.addMessages(request.id, posted);
  // Not awaited: a request whose jobs were never queued is settled by the worker's sweep.
  ctx.scheduler
    .requestPosted(request, ctx.requests.escalationAt(request))
    .catch((error: unknown) =>
      ctx.logger.warn({ err: error, requestId: request.id }, 'could not schedule a request; the sweep will'),
    );
  return { posted };
}

/** Posts a request for approval and tells the requester where it went; false: it went nowhere. */
export async function submitRequest({ deps, client, context }: Flow, request: ApprovalRequest): Promise<boolean> {
  const { t, reply } = context;
  const sent = await postForApproval({ ...deps, client, scheduler: deps.requestScheduler }, request);
  if (!('posted' in sent)) {
    await reply(
      simpleMessage(
        'error' in sent
          ? sent.unconfirmed
            ? t('request.postUnconfirmed')
            : t('request.postFailed', { error: sent.error })
          : t(sent.asked ? 'request.noneReached' : 'request.nobodyToAsk'),
      ),
    );
    return false;
  }
  const where = deps.approvalsChannelId
    ? t('request.where.channel', { channel: deps.approvalsChannelId })
    : t('request.where.dm', { count: sent.posted.length });
  // Sent by DM (an ephemeral answer refused), it loses its Withdraw once the request ends.
  await reply(requesterMessage(t, request, where), { asks: askedAbout.request(request.id) });
  return true;
}

/** A request ended: its requester's confirmations by DM are rewritten to say how (a job). Not
 *  while its token's (or reset's) secret is on its way: a rewrite leaves a confirmation as it is
 *  from then on, so it waits for the settle handing the secret over, which comes here once it is
 *  delivered (or has failed). */
async function ended(ctx: RequestContext, request: ApprovalRequest | null): Promise<void> {
  if (!request || !hasEnded(request) || !ctx.requestScheduler) return;
  await ctx.requestScheduler
    .requestEnded(request.id)
    .catch((error: unknown) =>
      ctx.logger.warn(
        { err: error, requestId: request.id },
        'could not schedule the rewrite of a requester’s confirmation',
      ),
    );
}

/** Brings every posted copy of the request up to date (progress, outcome, buttons gone). Another
 *  run (another click, a sweep, another instance) may be updating them from what it read before,
 *  and Slack keeps whichever update reaches it last: so once written, they are written again
 *  until the request is still as they were rendered from. */
async function refreshMessages(ctx: RequestContext, requestId: string): Promise<ApprovalRequest | null> {
  let shown = await ctx.requests.find(requestId);
  while (shown) {
    const request = shown;
    await Promise.all(
      request.messages.map(async (message) => {
        try {
          await ctx.outbox.update(message.channel, message.ts, await render(ctx, request, message));
        } catch (error) {
          ctx.logger.warn(
            { err: error, requestId, channel: message.channel },
            'could not update a token request message',
          );
        }
      }),
    );
    const now = await ctx.requests.find(requestId);
    if (!now || JSON.stringify(now) === JSON.stringify(request)) return now;
    shown = now;
  }
  return null;
}

/** Tells the requester how their request ended (withdrawn ones excepted: they did it). */
async function tellRequester(ctx: RequestContext, request: ApprovalRequest): Promise<void> {
  // A management key that asked reads the outcome through the API (and its webhooks).
  if (request.state === 'pending' || request.state === 'withdrawn' || !isPerson(request.requestedBy)) return;
  try {
    await ctx.outbox.dm(request.requestedBy, (language) =>
      requesterMessage(ctx.locales.translate(language), request, ''),
    );
  } catch (error) {
    ctx.logger.warn({ err: error, requestId: request.id }, 'could not tell a requester the outcome of their request');
  }
}

/** Tells the token's primary contact of a change carried out at someone else's request: their
 *  integration may stop (a revocation, a reset) or live on (an extension). */
async function tellContact(ctx: RequestContext, request: ApprovalRequest, token: Token): Promise<void> {
  const contact = token.primaryContact;
  if (!isPerson(contact) || contact === request.requestedBy) return;
  try {
    await ctx.outbox.dm(contact, (language) => contactMessage(ctx.locales.translate(language), request));
  } catch (error) {
    ctx.logger.warn({ err: error, requestId: request.id }, 'could not tell a token’s contact of an approved change');
  }
}

/**
 * After a decision (or an expiry, a sweep): for an approved request, makes the token and hands
 * its secret to the requester once; then updates the messages and tells the requester. Safe to
 * run again at any point: the token is made once per request (RequestService.issue). Another run
 * meanwhile shows the secret on its way; the run handing it over updates the messages again once
 * it arrived (or failed), and only then are the requester's confirmations rewritten (ended).
 * All but making the token runs free of the deadline of the click that decided: the decision is
 * recorded, and what it calls for must be carried out however long Slack takes to take the secret.
 */
export async function settle(ctx: RequestContext, requestId: string): Promise<void> {
  // Made under the click's deadline, so that a database that does not answer is told as such.
  const issuance = await ctx.requests.issue(requestId);
  await beyondDeadline(async () => {
    if (issuance.kind === 'issued') {
      const { request, issued } = issuance;
      const requester = await ctx.tokens.actor(request.requestedBy);
      const t = await ctx.locales.translatorFor(request.requestedBy);
      const delivered = await deliverOrVoid(
        { deps: ctx, client: ctx.client, context: { actor: requester, t } },
        { issued, notify: async () => undefined }, // the outcome message below says it
      );
      if (delivered) await ctx.requests.delivered(requestId);
      else await ctx.requests.fail(requestId, 'undelivered', issued.token.id);
    }
    if (issuance.kind === 'changed' && issuance.reset) await handOverReset(ctx, issuance.request, issuance.reset);
    const request = await refreshMessages(ctx, requestId);
    await ended(ctx, request);
    if (request && request.state !== 'pending' && (issuance.kind !== 'nothing' || request.state !== 'approved'))
      await tellRequester(ctx, request);
    if (request && issuance.kind === 'changed') await tellContact(ctx, request, issuance.token);
    await endSteps(ctx, requestId);
  });
}

/** An approved reset's new secret, pending until it arrives: to the person who asked, or to the
 *  token's primary contact when a management key asked (a key reads no DM). Undelivered, the
 *  reset is undone and the request fails. */
async function handOverReset(ctx: RequestContext, request: ApprovalRequest, reset: Reset): Promise<void> {
  const recipient = isPerson(request.requestedBy) ? request.requestedBy : reset.token.primaryContact;
  const t = await ctx.locales.translatorFor(recipient);
  const delivered = await deliverOrVoid(
    { deps: ctx, client: ctx.client, context: { actor: await ctx.tokens.actor(recipient), t } },
    { issued: reset, notify: async () => undefined },
  );
  if (delivered) await ctx.requests.delivered(request.id);
  else await ctx.requests.fail(request.id, 'reset_undone');
}

/** Ends the workflow steps that asked for this request, if it has ended. */
const endSteps = (ctx: RequestContext, requestId: string) =>
  ctx.steps ? settleSteps({ ...ctx, steps: ctx.steps }, { kind: 'request', id: requestId }) : undefined;

/** An approver's click: counted, decided, or refused (thrown, and told by the middleware). */
export async function decideRequest(
  { deps, client, context }: Flow,
  { requestId, decision, reason }: { requestId: string; decision: 'approve' | 'reject'; reason?: string },
): Promise<void> {
  const { t, reply } = context;
  const ctx: RequestContext = { ...deps, client };
  const { request, decidedNow } = await deps.requests.decide(context.actor, requestId, decision, reason);
  if (!decidedNow) {
    await reply(simpleMessage(t('request.alreadyDecided', { state: request.state })));
    return;
  }
  if (request.state === 'pending') {
    const count = request.approvals.filter((id) => id !== request.requestedBy).length;
    await reply(simpleMessage(t('request.counted', { count, required: request.rule.required })));
    await beyondDeadline(() => refreshMessages(ctx, requestId));
    return;
  }
  await settle(ctx, requestId);
}

/** The requester withdraws their request. */
export async function withdrawRequest(
  { deps, client, context }: Flow,
  { requestId }: { requestId: string },
): Promise<void> {
  const { t, reply } = context;
  const ctx: RequestContext = { ...deps, client };
  const { request, decidedNow } = await deps.requests.withdraw(context.actor, requestId);
  if (!decidedNow) return void (await reply(simpleMessage(t('request.alreadyDecided', { state: request.state }))));
  await reply(simpleMessage(t('request.withdrawnDone', { label: label(request), kind: request.kind })), {
    replace: true,
  });
  await beyondDeadline(async () => {
    await ended(ctx, await refreshMessages(ctx, requestId));
    await endSteps(ctx, requestId);
  });
}

/** Escalation: the request goes to the escalation's approvers, and those who had it are told. */
export async function escalateRequest(ctx: RequestContext, request: ApprovalRequest): Promise<void> {
  const fresh = (await refreshMessages(ctx, request.id)) ?? request;
  const already = new Set(fresh.messages.flatMap((m) => (m.user ? [m.user] : [])));
  const escalationIds = (await ctx.requests.approvers.approverIds(fresh, true)).filter((id) => !already.has(id));
  const { posted } = await postToApprovers(ctx, fresh, escalationIds);
  if (posted.length) await ctx.requests.addMessages(fresh.id, posted);
  for (const message of fresh.messages) {
    try {
      const t = message.user
        ? await ctx.locales.translatorFor(message.user)
        : ctx.locales.translate(ctx.workspaceLanguage);
      const who = approversText(
        t,
        { ...fresh, escalatedAt: null, rule: { ...fresh.rule, approvers: fresh.rule.escalateTo } },
        new Map(),
      ).who;
      await ctx.outbox.post(message.channel, {
        ...simpleMessage(t('request.escalatedNotice', { label: label(fresh), who, kind: fresh.kind })),
        thread_ts: message.ts,
      });
    } catch (error) {
      ctx.logger.warn({ err: error, requestId: request.id }, 'could not tell approvers of an escalation');
    }
  }
}
