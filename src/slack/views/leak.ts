// What a leaked secret tells people: a DM to the token's admins, primary contact and creator,
// with the way to a replacement (Reset where the token still lives, Duplicate always), and a
// notice in the approvals channel. Never the secret: only where it leaked.
import type { KnownBlock } from '@slack/types';
import { leakState, slackLeakChannel, type Leak, type LeakState } from '../../domain/leaks.js';
import type { Token } from '../../domain/tokens.js';
import { TOKEN_MENU_ACTION } from './list.js';
import { REMINDER_RESET_ACTION } from './reminder.js';
import { ownerText, type Translate } from '../../i18n/index.js';
import { clip, escape, mrkdwn, plain } from './text.js';
import type { Message } from './message.js';

/** Where a secret leaked, for mrkdwn: a conversation in Slack as a link to it, else as reported. */
export function leakPlace(t: Translate, leak: Pick<Leak, 'reporter' | 'location'>): string {
  if (!leak.location) return t('leak.noLocation');
  const channel = slackLeakChannel(leak);
  return channel ? `<#${channel}>` : clip(escape(leak.location), 500);
}

/** Who reads a leak's DM: `admin` false, a contact or creator who cannot replace the token;
 *  `expired`, the token's expiry passed (a reset is refused then). */
export type LeakReader = { admin: boolean; expired: boolean };

/** What the leak did, as true of the token now: "it still works" only of a token that does. */
function doneText(t: Translate, state: LeakState, reader: LeakReader): string {
  if (state === 'works') return t(reader.admin ? 'leak.done.notify' : 'leak.done.notifyOthers');
  return t(DONE[state]);
}

const DONE = {
  revokedNow: 'leak.done.revoke',
  revoked: 'leak.done.revokedSince',
  disabled: 'leak.done.disable',
  disabledExpired: 'leak.done.disableExpired',
  inactive: 'leak.done.notifyInactive',
} as const;

/** Whether a reset is no way to a replacement: refused (revoked, expired), or advised against. */
const noReset = (state: LeakState, expired: boolean) =>
  state === 'revokedNow' || state === 'revoked' || state === 'inactive' || expired;

function leakSentences(t: Translate, token: Token, leak: Leak, reader: LeakReader): string[] {
  const where = {
    label: escape(token.label),
    id: token.displayId,
    owner: ownerText(t, token.owner),
    reporter: t(`leak.reporter.${leak.reporter}`),
    location: leakPlace(t, leak),
  };
  return [t('leak.found', where), doneText(t, leakState(token, leak.action, reader.expired), reader)];
}

export function leakNotice(
  t: Translate,
  token: Token,
  leak: Leak,
  reader: LeakReader = { admin: true, expired: false },
): Message {
  const duplicateOnly = noReset(leakState(token, leak.action, reader.expired), reader.expired);
  const admins = t('owner.admin', { owner: ownerText(t, token.owner) });
  const replace = !reader.admin
    ? t(duplicateOnly ? 'leak.replaceAskDuplicate' : 'leak.replaceAsk', { admins })
    : duplicateOnly
      ? t('leak.replaceRevoked')
      : t('leak.replace');
  const text = t('text.sentences', { items: [...leakSentences(t, token, leak, reader), replace] });
  if (!reader.admin) return { text, blocks: [{ type: 'section', text: mrkdwn(clip(text, 3000)) }] };
  const reset = duplicateOnly
    ? []
    : [
        {
          type: 'button' as const,
          action_id: REMINDER_RESET_ACTION,
          value: token.displayId,
          text: plain(t('op.reset')),
          style: 'primary' as const,
        },
      ];
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(clip(text, 3000)) },
      {
        type: 'actions',
        elements: [
          ...reset,
          {
            type: 'button',
            action_id: TOKEN_MENU_ACTION,
            value: `duplicate:${token.displayId}`,
            text: plain(t('op.duplicate')),
          },
        ],
      },
    ],
  };
}

/** The approvals channel's notice: what happened, for the record; the owners act in their DMs. */
export function leakChannelNotice(t: Translate, token: Token, leak: Leak, expired = false): Message {
  const text = t('text.sentences', { items: leakSentences(t, token, leak, { admin: true, expired }) });
  return { text, blocks: [{ type: 'section', text: mrkdwn(clip(text, 3000)) }] };
}

/** To whoever pasted a working secret into Slack: it is exposed now; disable the token? Someone
 *  who does not administer it (`admin` false) is told that its admins were told (`told`), or to
 *  tell them. */
export function pastedSecretOffer(t: Translate, token: Token, admin = true, told = false): Message {
  const named = { label: escape(token.label), id: token.displayId };
  if (!admin) {
    // Disable would refuse them: those who can replace the secret hear of it.
    const admins = t(told ? 'owner.admins' : 'owner.admin', { owner: ownerText(t, token.owner) });
    const text = t(told ? 'leak.pastedTold' : 'leak.pastedAsk', { ...named, admins });
    return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
  }
  return disableOffer(t, token, t('leak.pasted', named));
}

/** To the admins of a token whose working secret someone else (`by`) pasted: disable it? */
export function pastedByOtherNotice(t: Translate, token: Token, by: string): Message {
  const named = { label: escape(token.label), id: token.displayId, owner: ownerText(t, token.owner) };
  return disableOffer(t, token, t('leak.pastedByOther', { ...named, who: `<@${by}>` }));
}

/** A copy of a pasted secret's notice (pastedByOtherNotice, of the token `displayId`) once the
 *  token stopped working: `outcome` in its place, without the Disable that asked. undefined when
 *  the message asks no more (answered already) or is another. */
export function pastedAnswered(
  original: { blocks?: KnownBlock[] },
  displayId: string,
  outcome: string,
): Message | undefined {
  const asks = (original.blocks ?? []).some(
    (block) =>
      block.type === 'actions' && block.elements.some((e) => 'value' in e && e.value === `disable:${displayId}`),
  );
  return asks ? { text: outcome, blocks: [{ type: 'section', text: mrkdwn(clip(outcome, 3000)) }] } : undefined;
}

/** `text`, and a button to disable the token. */
function disableOffer(t: Translate, token: Token, text: string): Message {
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(text) },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: TOKEN_MENU_ACTION,
            value: `disable:${token.displayId}`,
            text: plain(t('op.disable')),
            style: 'danger',
          },
        ],
      },
    ],
  };
}
