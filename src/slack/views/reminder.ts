// Reminder DMs: a token about to expire (or expired), a contact review, an orphaned contact.
// Dates use Slack's date formatting, shown in each reader's own time zone.
import type { Token } from '../../domain/tokens.js';
import type { Translate } from '../../i18n/index.js';
import { dateText, escape, mrkdwn, ownerText, plain } from './text.js';
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
  const when = dateText(token.expiresAt, '');
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
  const text = t('review.ask', { label: escape(token.label), id: token.displayId, owner: ownerText(t, token.owner), used: dateText(token.lastUsedAt, t('value.never_used')) });
  return message(text, [
    { action: REVIEW_KEEP_ACTION, label: t('review.keep'), value: token.displayId, primary: true },
    { action: REVIEW_REVOKE_ACTION, label: t('review.revoke'), value: token.displayId },
  ]);
}

export function orphanNotice(t: Translate, token: Token, contact: string): Message {
  const text = t('orphan.notice', { label: escape(token.label), id: token.displayId, owner: ownerText(t, token.owner), contact });
  return message(text, [{ action: ORPHAN_EDIT_ACTION, label: t('orphan.choose'), value: token.displayId, primary: true }]);
}

