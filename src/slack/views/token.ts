// A token's details, its secret message, and confirmations: pure functions to Block Kit.
import { z } from 'zod';
import { ownerText, type Translate } from '../../i18n/index.js';
import type { EffectiveStatus, Extended, Token } from '../../domain/tokens.js';
import { onlyRefused, total, usageChart, type TokenUsage } from '../../domain/usage.js';
import { actorText, clip, dateText, escape, mrkdwn, plain, rateText, tokenStatusText } from './text.js';
import type { Message } from './message.js';

export const CONFIRM_ACTION = 'token_confirm';
export const CANCEL_ACTION = 'token_ask_cancel';

const name = (token: Token) => ({ label: escape(token.label), id: token.displayId });

/** Usage as `/token show` and the Home tab show it: counts by code, a chart, the last addresses. */
function usageText(t: Translate, usage: TokenUsage): string {
  const counts = (byCode: Record<string, number>) =>
    t('usage.counts', { total: total(byCode), codes: Object.entries(byCode).sort(([, a], [, b]) => b - a) });
  const addresses = usage.addresses.map(
    (a) =>
      `• ${t('usage.address', { ip: a.ip, first: dateText(t, a.firstSeen, ''), seen: dateText(t, a.lastSeen, '') })}`,
  );
  return [
    t('text.pair', {
      label: `*${t('usage.recent', { since: dateText(t, usage.recentSince, '') })}*`,
      value: counts(usage.last24h),
    }),
    t('text.pair', { label: `*${t('usage.last30d')}*`, value: counts(usage.last30d) }),
    `*${t('usage.chart')}*\n\`${usageChart(usage.perDay)}\``,
    `*${t('usage.addresses')}*\n${addresses.length ? addresses.join('\n') : t('value.none')}`,
  ].join('\n');
}

/** "Last used" counts VALID answers: a token only ever refused says so, not a bare "Never"
 *  beside its counts. */
function lastUsedText(t: Translate, token: Token, usage?: TokenUsage): string {
  return onlyRefused(token.lastUsedAt, usage)
    ? t('value.never_valid')
    : dateText(t, token.lastUsedAt, t('value.never_used'));
}

export function tokenDetails(t: Translate, token: Token, status: EffectiveStatus, usage?: TokenUsage): Message {
  const fields = [
    [t('field.id'), `\`${token.displayId}\``],
    [t('field.status'), tokenStatusText(t, status, token.status)],
    [t('field.owner'), ownerText(t, token.owner)],
    [t('field.api_version'), token.apiVersion],
    [t('field.primary_contact'), `<@${token.primaryContact}>`],
    [t('field.expires'), dateText(t, token.expiresAt, t('expiry.never'))],
    [t('field.created'), `${dateText(t, token.createdAt, '')} ${actorText(token.createdBy)}`],
    [t('field.last_used'), lastUsedText(t, token, usage)],
    [t('field.rate_limit'), token.rateLimit ? rateText(t, token.rateLimit) : t('value.no_limit')],
  ];
  return {
    text: t('text.aside', { text: token.label, aside: token.displayId }),
    blocks: [
      { type: 'header', text: plain(clip(token.label, 150)) },
      ...(token.description ? [{ type: 'section' as const, text: mrkdwn(clip(escape(token.description), 3000)) }] : []),
      { type: 'section', fields: fields.map(([label, value]) => mrkdwn(clip(`*${label}*\n${value}`, 2000))) },
      {
        type: 'section',
        text: mrkdwn(clip(`*${t('field.scopes')}*\n${token.scopes.map((s) => `\`${s}\``).join(' ')}`, 3000)),
      },
      {
        type: 'section',
        text: mrkdwn(
          clip(
            `*${t('field.allowed_ips')}*\n${token.allowedIps.length ? token.allowedIps.map((ip) => `\`${ip}\``).join(' ') : t('value.any_address')}`,
            3000,
          ),
        ),
      },
      ...(usage
        ? [{ type: 'section' as const, text: mrkdwn(clip(`*${t('usage.title')}*\n${usageText(t, usage)}`, 3000)) }]
        : []),
      {
        type: 'context',
        elements: [
          mrkdwn(
            clip(
              `*${t('field.developer_emails')}*\n${token.developerEmails.length ? t('text.list', { items: token.developerEmails }) : t('value.none')}`,
              3000,
            ),
          ),
        ],
      },
    ],
  };
}

/** To a primary contact: verification refused the token (at most once per token an hour, both codes
 *  together). `admin`: whether the contact may edit the token; one who may not is sent to its admins. */
export function refusalNotice(t: Translate, token: Token, code: 'FORBIDDEN' | 'RATE_LIMITED', admin: boolean): Message {
  const text = t(code === 'FORBIDDEN' ? 'refused.forbidden' : 'refused.rateLimited', {
    ...name(token),
    limit: token.rateLimit ? rateText(t, token.rateLimit, false) : '',
    admin,
    admins: t('owner.admin', { owner: ownerText(t, token.owner) }),
  });
  return { text, blocks: [{ type: 'section', text: mrkdwn(clip(text, 3000)) }] };
}

/** The one message that carries a secret: ephemeral, in the creator's DM. The notification
 *  text (shown in previews and push notifications) never includes it. */
export function secretMessage(t: Translate, token: Token, secret: string, note?: string): Message {
  const text = t('secret.message', name(token));
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(text) },
      { type: 'section', text: mrkdwn(`\`\`\`${secret}\`\`\``) },
      ...(note ? [{ type: 'context' as const, elements: [mrkdwn(note)] }] : []),
    ],
  };
}

/** Under a reset's new secret: until when the previous one works, as it will. The token's expiry
 *  ends every secret, and a disabled token's work for nobody until it is enabled again. */
export function resetNote(t: Translate, reset: { token: Token; oldSecretsUntil: Date | null }): string | undefined {
  const { token, oldSecretsUntil } = reset;
  if (!oldSecretsUntil) return token.status === 'disabled' ? t('secret.resetNoteDisabledNow') : undefined;
  const atExpiry = token.expiresAt !== null && token.expiresAt <= oldSecretsUntil;
  const until = dateText(t, atExpiry ? token.expiresAt! : oldSecretsUntil, '');
  if (token.status === 'disabled') return t('secret.resetNoteDisabled', { until });
  return t(atExpiry ? 'secret.resetNoteExpiry' : 'secret.resetNote', { until });
}

/** Operations that ask before they run (the rule: ASKS_FIRST in flows/operations.ts). */
export type Confirmable = 'delete' | 'revoke' | 'reset' | 'upgrade';

/** What a question's button runs: the operation, the token, its arguments, and the saved list
 *  the question stands in (refreshed with the outcome). */
type Confirmed = { op: Confirmable; id: string; args: string[]; list?: string };

const confirmedShape = z.object({
  op: z.string(),
  id: z.string().max(40),
  args: z.array(z.string().max(500)).max(2),
  list: z.string().max(40).optional(),
});

/** A confirmation button's value, or undefined for anything we did not write (forged, truncated). */
export function parseConfirmed(value: string): Confirmed | undefined {
  try {
    const parsed = confirmedShape.safeParse(JSON.parse(value));
    return parsed.success ? (parsed.data as Confirmed) : undefined;
  } catch {
    return undefined;
  }
}

/** The saved list a Cancel button stands in, if any. */
export function parseCancelled(value: string): string | undefined {
  return /^[0-9a-f-]{36}$/.test(value) ? value : undefined;
}

const GRACES = ['none', '1h', '24h', '7d'] as const;

/**
 * The one question an operation asks before it runs: what will happen, a button that does it
 * (no dialog on top: one question is enough) and Cancel. A reset without a grace period asks
 * when the current secret should stop, each answer a button. `args` are the operation's (a
 * downgrade's target version first).
 */
export function question(t: Translate, token: Token, op: Confirmable, args: string[], list?: string): Message {
  const value = (extra: string[]) =>
    JSON.stringify({ op, id: token.displayId, args: extra, ...(list ? { list } : {}) } satisfies Confirmed);
  const button = (label: string, extra: string[], danger: boolean) => ({ label, value: value(extra), danger });
  const named = name(token);
  const choosing = op === 'reset' && args.length === 0;
  const text = choosing
    ? t('confirm.reset', named)
    : op === 'reset'
      ? t('confirm.resetNow', named)
      : op === 'upgrade'
        ? t('confirm.upgrade', { ...named, from: token.apiVersion, to: args[0] ?? '' })
        : t(`confirm.${op}`, named);
  const reason = args.join(' ').slice(0, 500);
  const choices = choosing
    ? GRACES.map((grace) => button(t(`reset.grace.${grace}`), [grace], grace === 'none'))
    : [button(t(`confirm.button.${op}`), op === 'revoke' ? (reason ? [reason] : []) : args, true)];
  return {
    text,
    blocks: [
      { type: 'section', block_id: 'confirm_question', text: mrkdwn(text) },
      {
        type: 'actions',
        block_id: 'confirm',
        elements: [
          ...choices.map((choice, i) => ({
            type: 'button' as const,
            action_id: `${CONFIRM_ACTION}:${i}`,
            value: choice.value,
            text: plain(choice.label),
            ...(choice.danger ? { style: 'danger' as const } : {}),
          })),
          { type: 'button' as const, action_id: CANCEL_ACTION, value: list ?? '-', text: plain(t('confirm.cancel')) },
        ],
      },
    ],
  };
}

/** What an extension did. The command sets any expiry the policy allows, an earlier one too
 *  (than the expiry its change replaced): then the answer says so rather than "extended". */
export function extendedText(t: Translate, token: Extended): string {
  const previous = token.previousExpiresAt;
  const earlier = token.expiresAt !== null && (previous === null || token.expiresAt < previous);
  return t('done.extended', {
    label: escape(token.label),
    id: token.displayId,
    until: dateText(t, token.expiresAt, t('expiry.never')),
    ...(earlier ? { was: dateText(t, previous, t('expiry.never')) } : {}),
    disabled: token.status === 'disabled', // an extension alone does not make it work
  });
}
