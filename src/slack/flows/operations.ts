// The per-token operations, shared by `/token <op> <id>`, the list's menu and the buttons of
// reminders: each calls one domain service method and renders the answer. Whether an operation
// asks first is one rule, the same wherever it starts (ASKS_FIRST).
import type { Catalog } from '../../domain/catalog.js';
import { contactMayAsk, contactOnly } from '../../domain/changeRequests.js';
import { can } from '../../domain/permissions.js';
import { isDisplayId } from '../../domain/secret.js';
import { ownerText } from '../../i18n/index.js';
import { isDowngrade, isGracePeriod, type GRACE_PERIODS, type Token } from '../../domain/tokens.js';
import type { Flow } from '../deps.js';
import { refreshedList } from './lists.js';
import type { ChangeOperation } from '../../domain/approvals.js';
import { askChange } from './changeRequests.js';
import { askRevocationReason, requestRevocation } from './revocation.js';
import { expiryChoice } from '../grammar.js';
import { BY_DM, deliverOrVoid } from './secretDelivery.js';
import { escape } from '../views/text.js';
import { simpleMessage, type Message } from '../views/message.js';
import { extendedText, question, tokenDetails, type Confirmable } from '../views/token.js';
import { auditMessage } from '../views/audit.js';

/** What to run: `op` on the token `id`, `rest` being the words after the id; `confirmed`: from
 *  its question's button; `list`: the saved list it started from, refreshed in place with its
 *  outcome (or its question) instead of a new message under a list that no longer tells the truth. */
type OperationRequest = {
  op: TokenOperation;
  id: string | undefined;
  rest: string[];
  confirmed?: boolean;
  list?: string;
  /** Where a form it asks with is opened (Bolt's trigger_id) and answers: a channel or a response_url. */
  origin: { triggerId: string; channel?: string; responseUrl?: string };
  /** A revocation asked for by the token's primary contact (from a contact review). */
  asContact?: boolean;
};

export const TOKEN_OPERATIONS = [
  'show',
  'duplicate',
  'reset',
  'upgrade',
  'extend',
  'disable',
  'enable',
  'revoke',
  'delete',
  'audit',
] as const;
export type TokenOperation = (typeof TOKEN_OPERATIONS)[number];

/** How an operation asks first: not at all, once in a message whose button runs it, or (a
 *  revocation with an approvals channel) through a request to that channel, its reason asked in
 *  a form when not given. */
type Question = 'none' | 'confirm' | 'reason' | 'request';
/** `approvals`: an approvals channel is set; `approves`: the change is asked for approval when this
 *  person asks for it (a rule covers it, or it is an extension its primary contact asks for). */
type Setting = {
  catalog: Catalog;
  approvals: boolean;
  approves: (operation: ChangeOperation, token: Token) => boolean;
};
type Asks = (token: Token, args: string[], setting: Setting) => Question;
const never: Asks = () => 'none';
const confirm: Asks = () => 'confirm';

/**
 * Whether an operation asks before it runs: one rule, wherever it starts (a command, the list's
 * menu, a reminder). A change that can be undone never asks (disable, enable, extend…); one
 * that cannot asks exactly once, in a message whose button runs it. A reset that stops the
 * current secret now cannot be undone; a bare reset asks when the current secret should stop
 * (each answer runs it, or asks for it where a rule covers the reset). With an approvals channel, revoking is a request (its reason asked in
 * a form when not given), and approving asks once (views/revocation.ts). A revoke, reset or
 * extend that an approval policy rule covers is a request to its approvers, which is its question.
 */
export const ASKS_FIRST: Record<TokenOperation, Asks> = {
  show: never,
  audit: never,
  duplicate: never,
  extend: (token, _args, { approves }) => (approves('extend', token) ? 'request' : 'none'),
  disable: never,
  enable: never,
  delete: confirm,
  revoke: (token, args, { approvals, approves }) =>
    !approvals && !approves('revoke', token) ? 'confirm' : args.length ? 'request' : 'reason',
  reset: (token, args, { approves }) =>
    args.length === 0 ? 'confirm' : approves('reset', token) ? 'request' : args[0] === 'none' ? 'confirm' : 'none',
  upgrade: (token, args, { catalog }) =>
    isDowngrade(catalog, token.apiVersion, args[0] ?? catalog.latestVersion) ? 'confirm' : 'none',
};

const settingOf = ({ deps, context }: Flow): Setting => ({
  catalog: deps.catalog,
  approvals: Boolean(deps.approvalsChannelId),
  approves: (operation, token) => Boolean(deps.changes.ruleForAsker(context.actor, operation, token)),
});

/** How the operation reads its token: a primary contact may see it for what they may ask for. */
const reader = ({ deps }: Flow, op: TokenOperation) =>
  contactMayAsk(op) ? deps.tokens.showToContact : deps.tokens.show;

/** Whether the operation, started where nobody is asked to confirm (a workflow step: starting it
 *  was the confirmation), is a request to approvers: ASKS_FIRST's answer, a confirmation aside. */
export async function asksApproval(flow: Flow, op: 'revoke' | 'extend', id: string, args: string[]): Promise<boolean> {
  const token = await reader(flow, op)(flow.context.actor, id);
  const asked = ASKS_FIRST[op](token, args, settingOf(flow));
  return asked === 'request' || asked === 'reason';
}

/** The words after the id, as the operation takes them; undefined when they do not fit. */
function argumentsOf(op: TokenOperation, rest: string[]): string[] | undefined {
  switch (op) {
    case 'disable':
    case 'revoke':
      return rest.length ? [rest.join(' ')] : []; // a reason
    case 'upgrade':
      return rest.length <= 1 ? rest : undefined;
    case 'extend':
      return rest.length === 1 ? rest : undefined; // without a value, the listeners open a form
    case 'duplicate':
      return rest.length ? undefined : [];
    case 'reset': {
      const grace = rest[0] === 'now' ? 'none' : rest[0]; // "now" reads better; "none" as before
      return rest.length > 1 || (grace !== undefined && !isGracePeriod(grace)) ? undefined : grace ? [grace] : [];
    }
    default:
      return [];
  }
}

/** An outcome, in the list it started from (refreshed) or as an answer of its own. */
async function tell(flow: Flow, from: string | undefined, text: string): Promise<void> {
  const list = from && (await refreshedList(flow, from, { notice: text }));
  await (list ? flow.context.reply(list, { replace: true }) : flow.context.reply(simpleMessage(text)));
}

/** A question, under its token's row in the list it started from, or as an answer of its own. */
async function ask(flow: Flow, from: string | undefined, token: Token, message: Message): Promise<void> {
  const list = from && (await refreshedList(flow, from, { question: { id: token.displayId, blocks: message.blocks } }));
  await (list ? flow.context.reply(list, { replace: true }) : flow.context.reply(message));
}

/** Runs the operation; false: the arguments do not fit. Unless confirmed, one that asks first asks. */
export async function runOperation(
  flow: Flow,
  { op, id, rest, confirmed = false, list, origin, asContact }: OperationRequest,
): Promise<boolean> {
  const args = argumentsOf(op, rest);
  if (!id || !isDisplayId(id) || !args) return false;
  const { deps, context } = flow;
  const { actor, t } = context;
  const tokens = deps.tokens;
  if (!confirmed && ASKS_FIRST[op] !== never) {
    const setting = settingOf(flow);
    // A revocation or an extension may be asked for by the token's primary contact (a review's
    // or a reminder's button, or a command), who may see the token for that and do nothing more.
    const token = await reader(flow, op)(actor, id);
    const byContact = asContact || (contactMayAsk(op) && contactOnly(actor, token));
    const target = op === 'upgrade' ? [args[0] ?? deps.catalog.latestVersion] : args;
    const asked = ASKS_FIRST[op](token, target, setting);
    if (asked === 'reason') {
      const metadata = {
        id,
        channel: origin.channel,
        responseUrl: origin.responseUrl,
        list,
        asContact: byContact ? '1' : undefined,
      };
      await askRevocationReason(flow, { triggerId: origin.triggerId, token, metadata });
      return true;
    }
    if (asked === 'request') {
      if (op === 'revoke') await requestRevocation(flow, { id, reason: args[0]!, asContact: byContact });
      else
        await askChange(
          flow,
          op === 'reset'
            ? { operation: 'reset', displayId: id, grace: args[0] ?? 'none' }
            : { operation: 'extend', displayId: id, ...expiryChoice(args[0]!) },
          { asContact: byContact },
        );
      return true;
    }
    if (asked === 'confirm' && byContact && !can(actor, 'token.change', { owner: token.owner })) {
      // A contact may only ask for a revocation; with no channel or rule to ask in, the admins can.
      const admins = t('owner.admin', { owner: ownerText(t, token.owner) });
      const label = escape(token.label);
      await context.reply(simpleMessage(t('review.revokeAskAdmins', { label, id: token.displayId, admins })));
      return true;
    }
    if (asked === 'confirm') {
      if (op === 'reset') tokens.checkResettable(token); // nothing to ask: an expired token is extended, not reset
      await ask(flow, list, token, question(t, token, op as Confirmable, target, list));
      return true;
    }
  }
  const named = (token: { label: string; displayId: string }) => ({ label: escape(token.label), id: token.displayId });
  switch (op) {
    case 'show': {
      const token = await tokens.show(actor, id);
      await context.reply(tokenDetails(t, token, tokens.status(token), await tokens.usageOf(token)));
      return true;
    }
    case 'audit':
      await context.reply(auditMessage(t, id, await tokens.audit(actor, id), new Date()));
      return true;
    case 'disable':
    case 'enable':
    case 'revoke':
    case 'delete': {
      // An outcome in one sentence that names the token.
      const done = {
        disable: ['done.disabled', () => tokens.disable(actor, id, args[0])],
        enable: ['done.enabled', () => tokens.enable(actor, id)],
        revoke: ['done.revoked', () => tokens.revoke(actor, id, args[0])],
        delete: ['done.deleted', () => tokens.delete(actor, id)],
      } as const;
      const [key, run] = done[op];
      const token = await run();
      // Enabled but expired, it still does not work: said, with the way out.
      const stillExpired = op === 'enable' && tokens.status(token) === 'expired';
      await tell(flow, list, t(stillExpired ? 'done.enabledExpired' : key, named(token)));
      return true;
    }
    case 'upgrade': {
      const token = await tokens.upgrade(actor, id, args[0]);
      await tell(flow, list, t('done.upgraded', { ...named(token), version: token.apiVersion }));
      return true;
    }
    case 'extend': {
      await tell(flow, list, extendedText(t, await tokens.extend(actor, id, expiryChoice(args[0]!))));
      return true;
    }
    case 'duplicate':
    case 'reset': {
      const grace = op === 'reset' ? ((args[0] as keyof typeof GRACE_PERIODS | undefined) ?? 'none') : 'none';
      // The grace period chosen (the question below asks it first), a rule may still want approval.
      if (op === 'reset' && (await deps.changes.needsApproval(actor, 'reset', id))) {
        await askChange(flow, { operation: 'reset', displayId: id, grace });
        return true;
      }
      await deliverOrVoid(flow, {
        issued:
          op === 'reset'
            ? await tokens.reset(actor, id, grace, BY_DM)
            : await tokens.duplicate(actor, id, BY_DM, (n) => t('duplicate.suffix', { n })),
        notify: (text) => tell(flow, list, text),
      });
      return true;
    }
  }
}
