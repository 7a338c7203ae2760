// Reminder DMs: a token about to expire (or expired), a contact review, an orphaned contact.
// Dates use Slack's date formatting, shown in each reader's own time zone.
import type { Token } from '../../domain/tokens.js';
import type { Translate } from '../../i18n/index.js';
import { clip, dateText, escape, mrkdwn, ownerText, plain } from './text.js';
import type { Message } from './message.js';

export const REMINDER_RESET_ACTION = 'reminder_reset';
export const REMINDER_EXTEND_ACTION = 'reminder_extend';
export const REMINDER_SHOW_ACTION = 'reminder_show';
export const REVIEW_KEEP_ACTION = 'review_keep';
export const REVIEW_REVOKE_ACTION = 'review_revoke';
export const ORPHAN_EDIT_ACTION = 'orphan_edit';

function message(text: string, buttons: Array<{ action: string; label: string; value: string; primary?: boolean }>): Message {
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(text) },
      {
        type: 'actions',
        elements: buttons.map((b) => ({ type: 'button' as const, action_id: b.action, value: b.value, text: plain(b.label), ...(b.primary ? { style: 'primary' as const } : {}) })),
      },
    ],
  };
}

export function expiryReminder(t: Translate, token: Token, threshold: number): Message {
  const when = dateText(t, token.expiresAt, '');
  const base = { label: escape(token.label), id: token.displayId, owner: ownerText(t, token.owner), when };
  const text = threshold === 0 ? t('reminder.expired', base) : t('reminder.expiring', { ...base, days: threshold });
  return message(text, [
    // Renewal first: what a reminder usually calls for (a reset also gives a new secret).
    ...(threshold === 0 ? [] : [{ action: REMINDER_EXTEND_ACTION, label: t('op.extend'), value: token.displayId, primary: true }]),
    { action: REMINDER_RESET_ACTION, label: t('op.reset'), value: token.displayId, primary: threshold === 0 },
    { action: REMINDER_SHOW_ACTION, label: t('op.show'), value: token.displayId },
  ]);
}

export function reviewRequest(t: Translate, token: Token): Message {
  const text = t('review.ask', { label: escape(token.label), id: token.displayId, owner: ownerText(t, token.owner), used: dateText(t, token.lastUsedAt, t('value.never_used')) });
  return message(text, [
    { action: REVIEW_KEEP_ACTION, label: t('review.keep'), value: token.displayId, primary: true },
    { action: REVIEW_REVOKE_ACTION, label: t('review.revoke'), value: token.displayId },
  ]);
}

export function orphanNotice(t: Translate, token: Token, contact: string): Message {
  const text = t('orphan.notice', { label: escape(token.label), id: token.displayId, owner: ownerText(t, token.owner), contact });
  return message(text, [{ action: ORPHAN_EDIT_ACTION, label: t('orphan.choose'), value: token.displayId, primary: true }]);
}

/** One reminder of a digest: an expiry (threshold 0: expired) or a contact review. */
export type DigestItem = { token: Token; kind: 'expiry' | 'review'; threshold: number };

/** A digest shows this many reminders with their buttons, the rest as lines. */
export const DIGEST_DETAILED = 10;
/** Reminders per digest message: the Block Kit limits (50 blocks, 3,000 characters a section) hold for any labels. */
export const DIGEST_SIZE = 50;

const single = (t: Translate, item: DigestItem) => (item.kind === 'review' ? reviewRequest(t, item.token) : expiryReminder(t, item.token, item.threshold));

/** Expired first, then the nearest expiries, then reviews: what needs acting on soonest. */
const urgency = (item: DigestItem) => (item.kind === 'review' ? Number.MAX_SAFE_INTEGER : item.threshold);

function line(t: Translate, item: DigestItem): string {
  const base = { label: escape(clip(item.token.label, 40)), id: item.token.displayId, when: dateText(t, item.token.expiresAt, '') };
  if (item.kind === 'review') return t('digest.review', base);
  return item.threshold === 0 ? t('digest.expired', base) : t('digest.expiring', { ...base, days: item.threshold });
}

/**
 * Everything one person is reminded of by one scan, in one DM: a single reminder reads as
 * before; several get a heading, the first ones with their buttons and the rest as lines.
 */
export function reminderDigest(t: Translate, items: DigestItem[]): Message {
  if (items.length === 1) return single(t, items[0]!);
  const sorted = [...items].sort((a, b) => urgency(a) - urgency(b));
  const intro = t('digest.intro', { count: items.length });
  const lines = sorted.slice(DIGEST_DETAILED).map((item) => line(t, item));
  const sections: string[] = [];
  for (const text of lines) {
    const last = sections.length - 1;
    if (last >= 0 && sections[last]!.length + 1 + text.length <= 3000) sections[last] += `\n${text}`;
    else sections.push(text);
  }
  return {
    text: intro,
    blocks: [
      { type: 'section', text: mrkdwn(intro) },
      ...sorted.slice(0, DIGEST_DETAILED).flatMap((item) => [{ type: 'divider' as const }, ...single(t, item).blocks]),
      ...(sections.length
        ? [{ type: 'divider' as const }, ...sections.map((text) => ({ type: 'section' as const, text: mrkdwn(text) })), { type: 'context' as const, elements: [mrkdwn(t('digest.hint'))] }]
        : []),
    ],
  };
}
