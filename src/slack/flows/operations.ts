// The per-token operations, shared by `/token <op> <id>` and the list's menu: each calls one
// domain service method and renders the answer.
import type { WebClient } from '@slack/web-api';
import { isDisplayId } from '../../domain/secret.js';
import { GRACE_PERIODS, isGracePeriod } from '../../domain/tokens.js';
import type { Actor } from '../../domain/permissions.js';
import type { Translate } from '../../i18n/index.js';
import type { SlackDeps } from '../deps.js';
import type { Reply } from '../context.js';
import { BY_DM, deliverOrVoid } from './secretDelivery.js';
import { dateText, escape } from '../views/text.js';
import { simpleMessage, type Message } from '../views/message.js';
import { confirmation, tokenDetails, type Confirmable } from '../views/token.js';
import { auditMessage } from '../views/audit.js';

export type OperationContext = {
  deps: SlackDeps;
  client: WebClient;
  actor: Actor;
  t: Translate;
  /** Answers the user ephemerally where they asked. */
  reply: Reply;
};

export const TOKEN_OPERATIONS = ['show', 'duplicate', 'reset', 'upgrade', 'extend', 'disable', 'enable', 'revoke', 'delete', 'audit'] as const;
export type TokenOperation = (typeof TOKEN_OPERATIONS)[number];

/** Runs `op` on the token `id`; `rest` are the words after the id. false: the arguments do not fit.
 *  Operations in `askFirst` answer with a confirmation instead; its button runs them. */
export async function runOperation(
  ctx: OperationContext,
  op: TokenOperation,
  id: string | undefined,
  rest: string[],
  askFirst: readonly Confirmable[] = ['delete'],
): Promise<boolean> {
  if (!id || !isDisplayId(id)) return false;
  // A bare reset asks how long the current secret keeps working, as the menu does.
  if ((askFirst as readonly string[]).includes(op) || (op === 'reset' && rest.length === 0)) {
    await ctx.reply(confirmation(ctx.t, await ctx.deps.tokens.show(ctx.actor, id), op as Confirmable, rest));
    return true;
  }
  const { deps, actor, t, reply } = ctx;
  const tokens = deps.tokens;
  const done = (key: 'done.disabled' | 'done.enabled' | 'done.revoked', token: { label: string; displayId: string }) =>
    simpleMessage(t(key, { label: escape(token.label), id: token.displayId }));
  let message: Message;
  switch (op) {
    case 'show': {
      const token = await tokens.show(actor, id);
      message = tokenDetails(t, token, tokens.status(token));
      break;
    }
    case 'audit':
      message = auditMessage(t, id, await tokens.audit(actor, id), new Date());
      break;
    case 'disable':
      message = done('done.disabled', await tokens.disable(actor, id, rest.join(' ') || undefined));
      break;
    case 'enable':
      message = done('done.enabled', await tokens.enable(actor, id));
      break;
    case 'revoke':
      message = done('done.revoked', await tokens.revoke(actor, id, rest.join(' ') || undefined));
      break;
    case 'delete': {
      const token = await tokens.delete(actor, id);
      message = simpleMessage(t('done.deleted', { label: escape(token.label), id: token.displayId }));
      break;
    }
    case 'upgrade': {
      if (rest.length > 1) return false;
      const token = await tokens.upgrade(actor, id, rest[0]);
      message = simpleMessage(t('done.upgraded', { label: escape(token.label), id, version: token.apiVersion }));
      break;
    }
    case 'extend': {
      // The form when no value is given is opened by the listeners (it needs a trigger).
      if (rest.length !== 1) return false;
      const choice = /^\d{4}-\d{2}-\d{2}$/.test(rest[0]!) ? { expiryDate: rest[0] } : { expiry: rest[0] };
      const token = await tokens.extend(actor, id, choice);
      message = simpleMessage(t('done.extended', { label: escape(token.label), id, until: dateText(t, token.expiresAt, t('expiry.never')) }));
      break;
    }
    case 'duplicate':
    case 'reset': {
      const grace = rest[0] === 'now' ? 'none' : (rest[0] ?? 'none'); // "now" reads better; "none" as before
      if (rest.length > 1 || (op === 'duplicate' && rest.length) || !isGracePeriod(grace)) return false;
      const until = GRACE_PERIODS[grace] ? new Date(Date.now() + GRACE_PERIODS[grace]) : undefined;
      await deliverOrVoid({
        deps,
        client: ctx.client,
        actor,
        t,
        issued: op === 'reset' ? await tokens.reset(actor, id, grace, BY_DM) : await tokens.duplicate(actor, id, BY_DM, (n) => t('duplicate.suffix', { n })),
        note: until && t('secret.resetNote', { until: dateText(t, until, '') }),
        notify: (text) => reply(simpleMessage(text)),
      });
      return true;
    }
  }
  await reply(message);
  return true;
}
