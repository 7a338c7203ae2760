// A secret is shown once: conversations.open with the user, then chat.postEphemeral into that
// DM (a token's, or a management key's). It works only once that post succeeded (handedOver); if Slack refuses either, the secret
// is voided so that nobody holds a live secret that nobody saw, and the user is told why
// without it. A process killed in between leaves it pending, and the delivery sweep voids it.
import type { IssueOptions, Issued, Reset } from '../../domain/tokenService.js';
import type { Flow } from '../deps.js';
import { escape } from '../views/text.js';
import { resetNote, secretMessage } from '../views/token.js';
import { openDm } from '../web/dm.js';
import { mayHaveReachedSlack, slackError } from '../web/errors.js';
import { beyondDeadline, withDeadline } from '../../store/requestDeadline.js';
import type { Message } from '../views/message.js';

/** How Slack flows issue a secret: pending, until deliverOrVoid has posted it. */
export const BY_DM: IssueOptions = { pendingDelivery: true };

/** Confirming or voiding a secret comes once Slack has answered, however long it took: each gets
 *  a deadline of its own from then, rather than what is left of the request's or of Slack's wait
 *  (a secret shown but not confirmed in time would be voided by the delivery sweep). */
const HANDOVER_BUDGET_MS = 10_000;
const onItsOwn = <T>(work: () => Promise<T>) => withDeadline(HANDOVER_BUDGET_MS, work);

/** What a handover needs of a flow: also met by the worker (a token request's secret). */
type HandOver = {
  deps: Pick<Flow['deps'], 'tokens' | 'logger'>;
  client: Flow['client'];
  context: Pick<Flow['context'], 'actor' | 't'>;
};

/** As slow as Slack may be, none of it is cut short by the request's deadline: the person's
 *  acknowledgement never waits on it (a form or a click is acknowledged first, a command by its
 *  own timer). */
export function deliverOrVoid(flow: HandOver, handing: Handing): Promise<boolean> {
  return beyondDeadline(() => handOver(flow, handing));
}

type Handing = {
  /** A reset's says under its secret how long the previous secret keeps working. */
  issued: Issued | Reset;
  /** Tells the user the outcome (never with the secret). */
  notify: (text: string) => Promise<unknown>;
};

async function handOver(flow: HandOver, options: Handing): Promise<boolean> {
  const {
    deps,
    context: { actor, t },
  } = flow;
  const { issued } = options;
  const name = { label: escape(issued.token.label), id: issued.token.displayId };
  const reset = 'oldSecretsUntil' in issued;
  const undelivered = (error: string) =>
    t(reset ? 'secret.undeliveredReset' : 'secret.undelivered', { ...name, error });
  return deliverOnce(flow, {
    id: issued.token.displayId,
    message: secretMessage(t, issued.token, issued.secret, reset ? resetNote(t, issued) : undefined),
    handedOver: () => deps.tokens.handedOver(issued),
    voidIt: () => deps.tokens.voidIssued(actor, issued),
    undelivered,
    unconfirmed: t(reset ? 'secret.unconfirmedReset' : 'secret.unconfirmed', name),
    late: t(reset ? 'secret.lateReset' : 'secret.late', name),
    sent: t('secret.sent', name),
    notify: options.notify,
  });
}

/** One secret, one ephemeral DM to the person who asked: a token's, or a management key's. */
type OneDelivery = {
  /** Its public id, for the logs. */
  id: string;
  message: Message;
  /** Confirms the delivery (the secret works from now); false when it was voided meanwhile. */
  handedOver: () => Promise<boolean>;
  voidIt: () => Promise<void>;
  undelivered: (error: string) => string;
  /** Slack did not answer the post: it may have shown the secret, which was voided. */
  unconfirmed: string;
  /** It reached the DM after its delivery window: voided meanwhile, it does not work. */
  late: string;
  sent: string;
  notify: (text: string) => Promise<unknown>;
};

export async function deliverOnce(
  { deps, client, context: { actor } }: HandOver,
  delivery: OneDelivery,
): Promise<boolean> {
  let posting = false;
  try {
    const channel = await openDm(client, actor.userId);
    posting = true;
    await client.chat.postEphemeral({ channel, user: actor.userId, ...delivery.message });
  } catch (error) {
    const code = slackError(error);
    deps.logger.warn({ err: error, id: delivery.id, slackError: code }, 'secret could not be delivered; voiding it');
    await onItsOwn(() => delivery.voidIt());
    // The client never posts a secret twice (web/client.ts): without Slack's answer, it may be shown.
    await delivery.notify(posting && mayHaveReachedSlack(error) ? delivery.unconfirmed : delivery.undelivered(code));
    return false;
  }
  if (!(await onItsOwn(() => delivery.handedOver()))) {
    deps.logger.warn({ id: delivery.id }, 'secret delivered after its delivery window; it had been voided');
    await delivery.notify(delivery.late);
    return false;
  }
  await delivery.notify(delivery.sent);
  return true;
}
