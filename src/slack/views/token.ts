// A token's details, its secret message, and confirmations: pure functions to Block Kit.
import { z } from 'zod';
import type { Translate } from '../../i18n/index.js';
import type { EffectiveStatus, Token } from '../../domain/tokens.js';
import { clip, dateText, escape, mrkdwn, ownerText, plain, statusText } from './text.js';
import type { Message } from './message.js';

export const CONFIRM_ACTION = 'token_confirm';

const name = (token: Token) => ({ label: escape(token.label), id: token.displayId });

export function tokenDetails(t: Translate, token: Token, status: EffectiveStatus): Message {
  const fields = [
    [t('field.id'), `\`${token.displayId}\``],
    [t('field.status'), statusText(t, status)],
    [t('field.owner'), ownerText(t, token.owner)],
    [t('field.api_version'), token.apiVersion],
    [t('field.primary_contact'), `<@${token.primaryContact}>`],
    [t('field.expires'), dateText(t, token.expiresAt, t('expiry.never'))],
    [t('field.created'), `${dateText(t, token.createdAt, '')} <@${token.createdBy}>`],
    [t('field.last_used'), dateText(t, token.lastUsedAt, t('value.never_used'))],
  ];
  return {
    text: t('text.aside', { text: token.label, aside: token.displayId }),
    blocks: [
      { type: 'header', text: plain(clip(token.label, 150)) },
      ...(token.description ? [{ type: 'section' as const, text: mrkdwn(clip(escape(token.description), 3000)) }] : []),
      { type: 'section', fields: fields.map(([label, value]) => mrkdwn(clip(`*${label}*\n${value}`, 2000))) },
      { type: 'section', text: mrkdwn(clip(`*${t('field.scopes')}*\n${token.scopes.map((s) => `\`${s}\``).join(' ')}`, 3000)) },
      {
        type: 'context',
        elements: [mrkdwn(clip(`*${t('field.developer_emails')}*\n${token.developerEmails.length ? t('text.list', { items: token.developerEmails }) : t('value.none')}`, 3000))],
      },
    ],
  };
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

/** Operations that ask first: the message has a button (with Slack's confirm dialog) per choice. */
export type Confirmable = 'delete' | 'revoke' | 'disable' | 'reset';

/** What a confirmation button runs: the operation, the token and the words after its id. */
export type Confirmed = { op: Confirmable; id: string; args: string[] };

const confirmedShape = z.object({ op: z.string(), id: z.string().max(40), args: z.array(z.string().max(500)).max(2) });

/** A confirmation button's value, or undefined for anything we did not write (forged, truncated). */
export function parseConfirmed(value: string): Confirmed | undefined {
  try {
    const parsed = confirmedShape.safeParse(JSON.parse(value));
    return parsed.success ? (parsed.data as Confirmed) : undefined;
  } catch {
    return undefined;
  }
}

export function confirmation(t: Translate, token: Token, op: Confirmable, args: string[] = []): Message {
  const text = t(`confirm.${op}`, name(token));
  // Slack's confirm dialog takes plain_text: the label as typed, and what this very button does.
  const plainName = { label: clip(token.label, 64), id: token.displayId };
  const value = (extra: string[]) => JSON.stringify({ op, id: token.displayId, args: extra } satisfies Confirmed);
  const choices: Array<{ label: string; value: string; dialog: string }> =
    op === 'reset'
      ? (['none', '1h', '24h', '7d'] as const).map((grace) => ({ label: t(`reset.grace.${grace}`), value: value([grace]), dialog: t('confirm.dialog.reset', { ...plainName, grace: t(`reset.grace.${grace}`) }) }))
      : [{ label: t(`confirm.button.${op}`), value: value(args.join(' ').slice(0, 500) ? [args.join(' ').slice(0, 500)] : []), dialog: t(`confirm.dialog.${op}`, plainName) }];
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(text) },
      {
        type: 'actions',
        block_id: 'confirm',
        elements: choices.map((choice, i) => ({
          type: 'button' as const,
          style: 'danger' as const,
          action_id: `${CONFIRM_ACTION}:${i}`,
          value: choice.value,
          text: plain(choice.label),
          confirm: { title: plain(t('confirm.title')), text: plain(clip(choice.dialog, 300)), confirm: plain(choice.label), deny: plain(t('confirm.cancel')), style: 'danger' as const },
        })),
      },
    ],
  };
}
