// Submitted modals: reading their inputs (block_id = action_id, per the contract) and
// answering refusals on the offending blocks.
import type { AckFn, ViewOutput, ViewResponseAction } from '@slack/bolt';
import type { ChangeAsk } from '../../../domain/changeRequests.js';
import { DomainError, ValidationError } from '../../../domain/errors.js';
import type { ApprovalRequest } from '../../../domain/ports.js';
import type { Logger } from '../../../observability/logger.js';
import { viewMetadata, type Reply, type SlackContext } from '../../context.js';
import type { Flow } from '../../deps.js';
import { postAsked } from '../../flows/changeRequests.js';
import { refreshedList } from '../../flows/lists.js';
import { simpleMessage, type Message } from '../../views/message.js';
import { failureText, refusalText } from '../../views/text.js';
import { deadline } from '../../../store/requestDeadline.js';

export function formValues(view: ViewOutput) {
  const v = view.state.values;
  const value = (block: string) => v[block]?.[block];
  return {
    owner: value('owner')?.selected_option?.value ?? '',
    label: value('label')?.value ?? '',
    description: value('description')?.value ?? '',
    apiVersion: value('api_version')?.selected_option?.value ?? undefined,
    primaryContact: value('primary_contact')?.selected_user ?? '',
    developerEmails: value('developer_emails')?.value ?? '',
    scopes: (value('scopes')?.selected_options ?? []).map((option) => option.value),
    expiry: value('expiry')?.selected_option?.value ?? undefined,
    expiryDate: value('expiry_date')?.selected_date ?? undefined,
    allowedIps: value('allowed_ips')?.value ?? '',
    rateLimit: value('rate_limit')?.value ?? '',
  };
}

/** A rejection's modal (a token request's or a revocation's): the request, and the reason if one was given. */
export const rejection = (view: ViewOutput) => ({
  requestId: viewMetadata(view).requestId ?? '',
  reason: view.state.values.reason?.reason?.value ?? undefined,
});

/** Domain refusals as `response_action: errors`, each on its block (unplaced ones on `fallback`);
 *  several on one block read as sentences of the reader's language (a space apart in English,
 *  none after Japanese 「。」). */
function fieldErrors(
  t: SlackContext['t'],
  problems: Array<{ field?: string; text: string }>,
  fallback: string,
): Record<string, string> {
  const byBlock = new Map<string, string[]>();
  for (const problem of problems) {
    const block = problem.field ?? fallback;
    byBlock.set(block, [...(byBlock.get(block) ?? []), problem.text]);
  }
  return Object.fromEntries([...byBlock].map(([block, texts]) => [block, t('text.sentences', { items: texts })]));
}

/**
 * Runs a form's work before acknowledging the submission. Refusals go back onto the offending
 * blocks (`response_action: errors`); undefined then, or when `work` had nothing to do (a
 * repeated submission). An ack that comes too late (Slack gives up after 3 s) must not stop
 * what follows: the work is done, and its outcome reaches the person another way.
 */
export async function submitForm<T>(
  ack: AckFn<ViewResponseAction> | AckFn<void>,
  context: SlackContext,
  logger: Logger,
  work: () => Promise<T | undefined>,
  /** The block a refusal about no particular field is shown under. */
  fallbackBlock = 'label',
): Promise<T | undefined> {
  let result: T | undefined;
  try {
    result = await work();
  } catch (error) {
    const problems = error instanceof ValidationError ? error.errors : error instanceof DomainError ? [error] : [];
    if (!problems.length) logger.error({ err: error }, 'form submission failed');
    const texts = problems.length
      ? problems.map((p) => ({ field: p.field, text: refusalText(context.t, p, context.tokenId) }))
      : [{ text: failureText(context.t, deadline(), context.tokenId) }];
    await (ack as AckFn<ViewResponseAction>)({
      response_action: 'errors',
      errors: fieldErrors(context.t, texts, fallbackBlock),
    }).catch((ackError: unknown) => logger.warn({ err: ackError }, 'form errors acknowledged too late'));
    return undefined;
  }
  await ack().catch((error: unknown) => logger.warn({ err: error }, 'form submission acknowledged too late; going on'));
  return result;
}

/** A token form's outcome, where the form was opened from: in the list it came from (refreshed
 *  with the outcome), instead of the notice it answers (`replaces`), or as an answer of its own.
 *  A message with buttons of its own (a request's Withdraw) stays whole, as an answer of its own:
 *  the list has nothing new to show, the request changed nothing yet. */
export async function answerForm(
  flow: Flow,
  metadata: Record<string, string | undefined>,
  answer: string | Message,
  options: { asks?: string } = {},
): Promise<void> {
  const { context } = flow;
  const message = typeof answer === 'string' ? simpleMessage(answer) : answer;
  const withButtons = message.blocks.some((block) => block.type === 'actions');
  const list = metadata.list && !withButtons && (await refreshedList(flow, metadata.list, { notice: message.text }));
  await (list
    ? context.reply(list, { replace: true })
    : context.reply(message, { replace: metadata.replaces === '1', asks: options.asks }));
}

/** Where a form that asks for a change answers: each answer (the request, or why none) as answerForm says. */
export const formReply =
  (flow: Flow, metadata: Record<string, string | undefined>): Reply =>
  (message, options) =>
    answerForm(flow, metadata, message, { asks: options?.asks });

/** A form's change that the approval policy covers: acknowledged, then asked for from its
 *  approvers, answered where the form was opened (the request with its Withdraw button). The
 *  request waiting (asked before, or now), if any. */
export async function askFromForm(
  ack: AckFn<ViewResponseAction> | AckFn<void>,
  flow: Flow,
  metadata: Record<string, string | undefined>,
  ask: ChangeAsk,
  options: { asContact?: boolean } = {},
): Promise<ApprovalRequest | undefined> {
  // Checked before the form closes: a refused expiry is shown under its field, as without a rule.
  const asked = await submitForm(
    ack,
    flow.context,
    flow.deps.logger,
    () => flow.deps.changes.ask(flow.context.actor, ask, options),
    'expiry',
  );
  return asked && postAsked({ ...flow, context: { ...flow.context, reply: formReply(flow, metadata) } }, asked);
}
