// Reminder DMs: a token about to expire (or expired), a contact review, an orphaned contact.
// Dates use Slack's date formatting, shown in each reader's own time zone; the time left is
// counted when the message is written, not taken from the threshold that made it due.
import type { KnownBlock } from '@slack/types';
import { timeLeft } from '../../domain/reminders.js';
import type { Token } from '../../domain/tokens.js';
import { ownerText, type Translate } from '../../i18n/index.js';
import { clip, dateText, escape, mrkdwn, plain } from './text.js';
import type { Message } from './message.js';

export const REMINDER_RESET_ACTION = 'reminder_reset';
export const REMINDER_EXTEND_ACTION = 'reminder_extend';
export const REMINDER_SHOW_ACTION = 'reminder_show';
export const REVIEW_KEEP_ACTION = 'review_keep';
export const REVIEW_REVOKE_ACTION = 'review_revoke';
export const ORPHAN_EDIT_ACTION = 'orphan_edit';
export const STALE_REVOKE_ACTION = 'stale_revoke';
export const STALE_KEEP_ACTION = 'stale_keep';

/** What one item of a reminder message is about: its blocks carry this in their block ids, so
 *  that answering it changes only its own blocks. */
export type ItemKey = { kind: 'expiry' | 'review' | 'orphan' | 'stale'; id: string };
const itemSuffix = (item: ItemKey) => `${item.kind}:${item.id}`;
const INTRO_BLOCK = 'digest_intro';
const REST_BLOCK = 'digest_rest';
/** An item with nothing its reader can answer (they are sent to the token's admins): it stays. */
const ASK_BLOCK = 'reminder_ask';

function message(
  item: ItemKey,
  text: string,
  buttons: Array<{ action: string; label: string; value: string; primary?: boolean }>,
): Message {
  if (!buttons.length)
    return { text, blocks: [{ type: 'section', block_id: `${ASK_BLOCK}:${itemSuffix(item)}`, text: mrkdwn(text) }] };
  return {
    text,
    blocks: [
      { type: 'section', block_id: `reminder:${itemSuffix(item)}`, text: mrkdwn(text) },
      {
        type: 'actions',
        block_id: `reminder_actions:${itemSuffix(item)}`,
        elements: buttons.map((b) => ({
          type: 'button' as const,
          action_id: b.action,
          value: b.value,
          text: plain(b.label),
          ...(b.primary ? { style: 'primary' as const } : {}),
        })),
      },
    ],
  };
}

/** A token as every reminder names it. */
const named = (t: Translate, token: Token) => ({
  label: escape(token.label),
  id: token.displayId,
  owner: ownerText(t, token.owner),
});
const lastUsed = (t: Translate, token: Token) => (token.lastUsedAt ? dateText(t, token.lastUsedAt, '') : undefined);

/** Who reads an expiry reminder: an admin of the token, its primary contact who administers
 *  nothing of it (a developer whose request made it), or neither (a creator no longer an admin). */
export type Reader = 'admin' | 'contact' | 'other';

/** An admin may extend, reset or show the token; its contact may only ask for an extension, which
 *  its admins approve; anyone else is sent to its admins, with no buttons. */
export function expiryReminder(
  t: Translate,
  token: Token,
  threshold: number,
  now: Date,
  reader: Reader = 'admin',
): Message {
  // A disabled token works after an extension only once enabled too: the reminder says so.
  const base = { ...named(t, token), when: dateText(t, token.expiresAt, ''), disabled: token.status === 'disabled' };
  const expired = threshold === 0 || !token.expiresAt || token.expiresAt <= now; // a late send says what is true then
  const left = expired ? undefined : t('time.left', timeLeft(token.expiresAt!, now));
  const item: ItemKey = { kind: 'expiry', id: token.displayId };
  if (reader !== 'admin') {
    const admins = t('owner.admin', { owner: base.owner });
    if (reader === 'other')
      return message(
        item,
        left ? t('reminder.expiringAsk', { ...base, left, admins }) : t('reminder.expiredAsk', { ...base, admins }),
        [],
      );
    const text = left
      ? t('reminder.expiringContact', { ...base, left, admins })
      : t('reminder.expiredContact', { ...base, admins });
    // The Extend button opens the form as a request (flows/modals.ts), for whoever clicks it.
    return message(item, text, [
      { action: REMINDER_EXTEND_ACTION, label: t('op.askExtend'), value: token.displayId, primary: true },
    ]);
  }
  const text = left ? t('reminder.expiring', { ...base, left }) : t('reminder.expired', base);
  return message(item, text, [
    // Renewal first: what a reminder calls for, and what revives an expired token. A reset keeps
    // the expiry, so an expired token is not offered one (it would hand out a dead secret).
    { action: REMINDER_EXTEND_ACTION, label: t('op.extend'), value: token.displayId, primary: true },
    ...(expired ? [] : [{ action: REMINDER_RESET_ACTION, label: t('op.reset'), value: token.displayId }]),
    { action: REMINDER_SHOW_ACTION, label: t('op.show'), value: token.displayId },
  ]);
}

export function reviewRequest(t: Translate, token: Token): Message {
  const text = t('review.ask', { ...named(t, token), used: lastUsed(t, token) });
  return message({ kind: 'review', id: token.displayId }, text, [
    { action: REVIEW_KEEP_ACTION, label: t('review.keep'), value: token.displayId, primary: true },
    { action: REVIEW_REVOKE_ACTION, label: t('review.revoke'), value: token.displayId },
  ]);
}

export function orphanNotice(t: Translate, token: Token, contact: string): Message {
  const text = t('orphan.notice', { ...named(t, token), contact });
  return message({ kind: 'orphan', id: token.displayId }, text, [
    { action: ORPHAN_EDIT_ACTION, label: t('orphan.choose'), value: token.displayId, primary: true },
  ]);
}

/** A token unused for `days` (STALE_TOKEN_DAYS), to its owner's admins: ask for revocation or keep
 *  it. `refused`: verifications refused in that time; then something still calls it, and the
 *  notice says so instead of calling it idle. */
export function staleNotice(t: Translate, token: Token, days: number, refused?: number): Message {
  const text = refused
    ? t('stale.noticeRefused', { ...named(t, token), days, count: refused })
    : t('stale.notice', { ...named(t, token), used: lastUsed(t, token), days });
  return message({ kind: 'stale', id: token.displayId }, text, [
    { action: STALE_REVOKE_ACTION, label: t('stale.revoke'), value: token.displayId },
    { action: STALE_KEEP_ACTION, label: t('stale.keep'), value: token.displayId },
  ]);
}

/** One reminder of a digest: an expiry (threshold 0: expired), a contact review, or an unused
 *  token (threshold: STALE_TOKEN_DAYS; `refused`: its verifications refused in that time).
 *  `reader`: of an expiry, who reads it (see expiryReminder; an admin unless said). */
export type DigestItem = {
  token: Token;
  kind: 'expiry' | 'review' | 'stale';
  threshold: number;
  refused?: number;
  reader?: Reader;
};

/** Reminders per digest message: the Block Kit limits (50 blocks, 3,000 characters a section) hold for any labels. */
export const DIGEST_SIZE = 50;
/** Slack's limit of blocks in a message. */
const MAX_BLOCKS = 50;

function single(t: Translate, item: DigestItem, now: Date): Message {
  if (item.kind === 'review') return reviewRequest(t, item.token);
  if (item.kind === 'stale') return staleNotice(t, item.token, item.threshold, item.refused);
  return expiryReminder(t, item.token, item.threshold, now, item.reader);
}

/** Expired first, then the nearest expiries, then reviews, then unused tokens: what needs acting on soonest. */
const urgency = (item: DigestItem) =>
  item.kind === 'expiry' ? item.threshold : Number.MAX_SAFE_INTEGER - (item.kind === 'review' ? 1 : 0);
const expiryMs = (item: DigestItem) => item.token.expiresAt?.getTime() ?? Infinity;
const compare = <T>(a: T, b: T) => (a < b ? -1 : a > b ? 1 : 0);
/** "Token 2" before "Token 10". */
const byName = new Intl.Collator(undefined, { numeric: true }).compare;

/** By urgency, then within one threshold by expiry time, earliest first (the longest expired
 *  first, then the nearest expiry: one timeline read top down), then by label and id: every copy
 *  of a digest lists its items in the same order. */
const byUrgency = (a: DigestItem, b: DigestItem) =>
  urgency(a) - urgency(b) ||
  compare(expiryMs(a), expiryMs(b)) ||
  byName(a.token.label, b.token.label) ||
  compare(a.token.displayId, b.token.displayId);

function line(t: Translate, item: DigestItem, now: Date): string {
  const base = {
    label: escape(clip(item.token.label, 40)),
    id: item.token.displayId,
    when: dateText(t, item.token.expiresAt, ''),
  };
  if (item.kind === 'review') return t('digest.review', base);
  if (item.kind === 'stale')
    return item.refused
      ? t('stale.lineRefused', { ...base, count: item.refused })
      : t('stale.line', { ...base, used: lastUsed(t, item.token) });
  return item.threshold === 0 || !item.token.expiresAt || item.token.expiresAt <= now
    ? t('digest.expired', base)
    : t('digest.expiring', { ...base, left: t('time.left', timeLeft(item.token.expiresAt!, now)) });
}

/** One item per token and kind (two thresholds of one token queued together say the same). */
function distinct(items: DigestItem[]): DigestItem[] {
  const kept = new Map<string, DigestItem>();
  for (const item of items) {
    const key = `${item.kind}:${item.token.displayId}`;
    const seen = kept.get(key);
    if (!seen || item.threshold < seen.threshold) kept.set(key, item);
  }
  return [...kept.values()];
}

/** Lines in as few sections as hold them (3,000 characters each). */
function sectionsOf(lines: string[]): string[] {
  const sections: string[] = [];
  for (const text of lines) {
    const last = sections.length - 1;
    if (last >= 0 && sections[last]!.length + 1 + text.length <= 3000) sections[last] += `\n${text}`;
    else sections.push(text);
  }
  return sections;
}

/** Unused tokens keep their buttons before expiries and reviews take the whole message: Keep it
 *  exists only as a button, so a few of them stay answerable however many reminders are due. */
const UNUSED_KEPT_ANSWERABLE = 5;

/**
 * Everything one person is reminded of by one scan, in one DM: a single reminder reads as
 * before; several get a heading, then each item with its buttons as far as the message's 50
 * blocks go, most urgent first (expiries, reviews, then unused tokens, of which the first few
 * keep theirs whatever else is due), and the rest as lines, with how to act on them.
 */
export function reminderDigest(t: Translate, all: DigestItem[], now: Date): Message {
  const items = distinct(all);
  if (items.length === 1) return single(t, items[0]!, now);
  const sorted = [...items].sort(byUrgency);
  const others = sorted.filter((item) => item.kind !== 'stale');
  const stale = sorted.filter((item) => item.kind === 'stale');
  // Tokens, not items: one token can be both expiring and up for review (or unused).
  const intro = t('digest.intro', { count: new Set(items.map((item) => item.token.displayId)).size });
  /** The message with the first `urgent` expiries and reviews and the first `unused` unused
   *  tokens given their buttons. */
  const layout = (urgent: number, unused: number): KnownBlock[] => {
    const rest = [...others.slice(urgent), ...stale.slice(unused)];
    // How to act on the items listed as lines, as each of their readers may.
    const readers = new Set(others.slice(urgent).map((item) => (item.kind === 'expiry' && item.reader) || 'admin'));
    const hints = [
      ...(readers.has('admin') ? [t('digest.hint')] : []),
      ...(readers.has('contact') ? [t('digest.hintContact')] : []),
      ...(readers.has('other') ? [t('digest.hintAsk')] : []),
      ...(stale.length ? [t('stale.hint', { days: stale[0]!.threshold })] : []),
      ...(unused < stale.length ? [t('stale.rest')] : []),
    ];
    return [
      { type: 'section', block_id: INTRO_BLOCK, text: mrkdwn(intro) },
      ...others.slice(0, urgent).flatMap((item) => [{ type: 'divider' as const }, ...single(t, item, now).blocks]),
      ...(unused
        ? [{ type: 'divider' as const }, ...stale.slice(0, unused).flatMap((item) => single(t, item, now).blocks)]
        : []),
      ...(rest.length
        ? [
            { type: 'divider' as const },
            ...sectionsOf(rest.map((item) => line(t, item, now))).map((text, i) => ({
              type: 'section' as const,
              block_id: `${REST_BLOCK}:${i}`,
              text: mrkdwn(text),
            })),
          ]
        : []),
      ...(hints.length ? [{ type: 'context' as const, elements: hints.map((hint) => mrkdwn(hint)) }] : []),
    ];
  };
  // Buttons are taken back from the least urgent first: unused tokens down to the few kept
  // answerable, then expiries and reviews, then those few.
  const kept = Math.min(stale.length, UNUSED_KEPT_ANSWERABLE);
  let [urgent, unused] = [others.length, stale.length];
  let blocks = layout(urgent, unused);
  while (blocks.length > MAX_BLOCKS && (urgent > 0 || unused > 0)) {
    if (unused > kept) unused--;
    else if (urgent > 0) urgent--;
    else unused--;
    blocks = layout(urgent, unused);
  }
  return { text: intro, blocks };
}

/**
 * A reminder message with one item answered: that item's text and buttons give way to
 * `outcome`, every other item stays as it was (and answerable). Once no item is left to answer,
 * a digest's heading says so, and a single reminder's text is the outcome. undefined when the
 * message does not hold the item (an older one, or listed as a line of a long digest).
 */
export function answeredItem(
  t: Translate,
  original: { text?: string; blocks?: KnownBlock[] },
  item: ItemKey,
  outcome: string,
): Message | undefined {
  const blocks = original.blocks ?? [];
  // An item its reader could not answer (sent to the admins) is answered by what they did.
  const mine = (block: KnownBlock) =>
    block.block_id === `reminder:${itemSuffix(item)}` ||
    block.block_id === `reminder_actions:${itemSuffix(item)}` ||
    block.block_id === `${ASK_BLOCK}:${itemSuffix(item)}`;
  const at = blocks.findIndex(mine);
  if (at < 0) return undefined;
  const answered: KnownBlock[] = [
    ...blocks.slice(0, at),
    { type: 'section', block_id: `reminder_done:${itemSuffix(item)}`, text: mrkdwn(outcome) },
    ...blocks.slice(at).filter((block) => !mine(block)),
  ];
  const open = answered.some((block) =>
    ['reminder_actions:', `${REST_BLOCK}:`, `${ASK_BLOCK}:`].some((prefix) => block.block_id?.startsWith(prefix)),
  );
  const intro = answered.findIndex((block) => block.block_id === INTRO_BLOCK);
  if (open) return { text: original.text || outcome, blocks: answered };
  if (intro < 0) return { text: outcome, blocks: answered }; // a single reminder: its notification text too
  const done = t('digest.answered');
  answered[intro] = { type: 'section', block_id: INTRO_BLOCK, text: mrkdwn(done) };
  return { text: done, blocks: answered };
}
