// The per-token operations, shared by `/token <op> <id>`, the list's menu and the buttons of
// reminders: each calls one domain service method and renders the answer. Whether an operation
// asks first is one rule, the same wherever it starts (ASKS_FIRST).
import type { WebClient } from '@slack/web-api';
import type { Catalog } from '../../domain/catalog.js';
import { isDisplayId } from '../../domain/secret.js';
import { GRACE_PERIODS, isDowngrade, isGracePeriod, type Token } from '../../domain/tokens.js';
import type { Actor } from '../../domain/permissions.js';
import type { Translate } from '../../i18n/index.js';
import type { SlackDeps } from '../deps.js';
import type { Reply } from '../context.js';
import { refreshedList } from './lists.js';
import { BY_DM, deliverOrVoid } from './secretDelivery.js';
import { dateText, escape } from '../views/text.js';
import { simpleMessage, type Message } from '../views/message.js';
import { question, tokenDetails, type Confirmable } from '../views/token.js';
import { auditMessage } from '../views/audit.js';

export type OperationContext = {
  deps: SlackDeps;
  client: WebClient;
  actor: Actor;
  t: Translate;
  /** Answers the person where they asked. */
  reply: Reply;
  /** The saved list the operation started from: refreshed in place with its outcome (or its
   *  question), instead of a new message under a list that no longer tells the truth. */
  list?: string;
};

export const TOKEN_OPERATIONS = ['show', 'duplicate', 'reset', 'upgrade', 'extend', 'disable', 'enable', 'revoke', 'delete', 'audit'] as const;
export type TokenOperation = (typeof TOKEN_OPERATIONS)[number];

type Asks = (token: Token, args: string[], catalog: Catalog) => boolean;
const never: Asks = () => false;
const always: Asks = () => true;

/**
 * Whether an operation asks before it runs: one rule, wherever it starts (a command, the list's
 * menu, a reminder). A change that can be undone never asks (disable, enable, extend…); one
 * that cannot asks exactly once, in a message whose button runs it. A reset that stops the
 * current secret now cannot be undone; a bare reset asks when the current secret should stop
 * (each answer runs it). With an approvals channel, revoking asks for a reason in a form
 * instead, and approving asks once (views/revocation.ts).
 */
export const ASKS_FIRST: Record<TokenOperation, Asks> = {
  show: never,
  audit: never,
  duplicate: never,
  extend: never,
  disable: never,
  enable: never,
  delete: always,
  revoke: always,
  reset: (_token, args) => args.length === 0 || args[0] === 'none',
  upgrade: (token, args, catalog) => isDowngrade(catalog, token.apiVersion, args[0] ?? catalog.latestVersion),
};

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
async function tell(ctx: OperationContext, text: string): Promise<void> {
  const list = ctx.list && (await refreshedList(ctx.deps, ctx.actor, ctx.t, ctx.list, { notice: text }));
  await (list ? ctx.reply(list, { replace: true }) : ctx.reply(simpleMessage(text)));
}

/** A question, under its token's row in the list it started from, or as an answer of its own. */
async function ask(ctx: OperationContext, token: Token, message: Message): Promise<void> {
  const list = ctx.list && (await refreshedList(ctx.deps, ctx.actor, ctx.t, ctx.list, { question: { id: token.displayId, blocks: message.blocks } }));
  await (list ? ctx.reply(list, { replace: true }) : ctx.reply(message));
}

/** Runs `op` on the token `id`; `rest` are the words after the id. false: the arguments do not
 *  fit. Unless `confirmed` (its question's button), an operation that asks first asks. */
export async function runOperation(ctx: OperationContext, op: TokenOperation, id: string | undefined, rest: string[], confirmed = false): Promise<boolean> {
  const args = argumentsOf(op, rest);
  if (!id || !isDisplayId(id) || !args) return false;
  const { deps, actor, t } = ctx;
  const tokens = deps.tokens;
  if (!confirmed && ASKS_FIRST[op] !== never) {
    const token = await tokens.show(actor, id);
    const target = op === 'upgrade' ? [args[0] ?? deps.catalog.latestVersion] : args;
    if (ASKS_FIRST[op](token, target, deps.catalog)) {
      if (op === 'reset') tokens.checkResettable(token); // nothing to ask: an expired token is extended, not reset
      await ask(ctx, token, question(t, token, op as Confirmable, target, ctx.list));
      return true;
    }
  }
  const named = (token: { label: string; displayId: string }) => ({ label: escape(token.label), id: token.displayId });
  switch (op) {
    case 'show': {
      const token = await tokens.show(actor, id);
      await ctx.reply(tokenDetails(t, token, tokens.status(token), await tokens.usageOf(token)));
      return true;
    }
    case 'audit':
      await ctx.reply(auditMessage(t, id, await tokens.audit(actor, id), new Date()));
      return true;
    case 'disable':
      await tell(ctx, t('done.disabled', named(await tokens.disable(actor, id, args[0]))));
      return true;
    case 'enable':
      await tell(ctx, t('done.enabled', named(await tokens.enable(actor, id))));
      return true;
    case 'revoke':
      await tell(ctx, t('done.revoked', named(await tokens.revoke(actor, id, args[0]))));
      return true;
    case 'delete':
      await tell(ctx, t('done.deleted', named(await tokens.delete(actor, id))));
      return true;
    case 'upgrade': {
      const token = await tokens.upgrade(actor, id, args[0]);
      await tell(ctx, t('done.upgraded', { ...named(token), version: token.apiVersion }));
      return true;
    }
    case 'extend': {
      const choice = /^\d{4}-\d{2}-\d{2}$/.test(args[0]!) ? { expiryDate: args[0] } : { expiry: args[0] };
      const token = await tokens.extend(actor, id, choice);
      await tell(ctx, t('done.extended', { ...named(token), until: dateText(t, token.expiresAt, t('expiry.never')) }));
      return true;
    }
    case 'duplicate':
    case 'reset': {
      const grace = op === 'reset' ? (args[0] as keyof typeof GRACE_PERIODS | undefined) ?? 'none' : 'none';
      const until = GRACE_PERIODS[grace] ? new Date(Date.now() + GRACE_PERIODS[grace]) : undefined;
      await deliverOrVoid({
        deps,
        client: ctx.client,
        actor,
        t,
        issued: op === 'reset' ? await tokens.reset(actor, id, grace, BY_DM) : await tokens.duplicate(actor, id, BY_DM, (n) => t('duplicate.suffix', { n })),
        note: until && t('secret.resetNote', { until: dateText(t, until, '') }),
        notify: (text) => tell(ctx, text),
      });
      return true;
    }
  }
}
