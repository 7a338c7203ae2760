// When reminders are due. Expiry reminders fire once per threshold of REMINDER_DAYS, only the
// smallest threshold a token is inside when a scan finds it (like GitLab), then once more at
// expiry. Contact reviews come every CONTACT_REVIEW_DAYS.
const DAY_MS = 86_400_000;

export type ReminderSettings = { thresholds: number[]; reviewDays: number };

/** The first reminder of a token with this expiry, from `now` (its creation, or a reset or new
 *  expiry): when it enters the largest threshold, or at once if it is inside one already — the
 *  next scan then sends the smallest threshold it is inside (SPEC §4), so a contact who is not
 *  the creator learns of a short-lived token in time. */
export function firstReminderAt(expiresAt: Date | null, thresholds: number[], now: Date): Date | null {
  if (!expiresAt) return null;
  const largest = Math.max(0, ...thresholds);
  return new Date(Math.max(now.getTime(), expiresAt.getTime() - largest * DAY_MS));
}

/** What a scan at `now` sends for a token, and when the token's next reminder is due. */
export function planExpiryReminder(expiresAt: Date, thresholds: number[], now: Date): { threshold: number; next: Date | null } {
  const remaining = expiresAt.getTime() - now.getTime();
  if (remaining <= 0) return { threshold: 0, next: null }; // the expiry notice
  const sorted = [...thresholds].sort((a, b) => a - b);
  const threshold = sorted.find((days) => remaining <= days * DAY_MS);
  if (threshold === undefined) return { threshold: -1, next: firstReminderAt(expiresAt, thresholds, now) }; // not due yet
  const smaller = sorted.filter((days) => days < threshold).pop();
  return { threshold, next: new Date(expiresAt.getTime() - (smaller ?? 0) * DAY_MS) };
}

export const nextReviewAt = (from: Date, reviewDays: number) => new Date(from.getTime() + reviewDays * DAY_MS);

/** The round of a review, from its due time: the same round always gets the same number. */
export const reviewRound = (dueAt: Date) => Math.floor(dueAt.getTime() / DAY_MS);

/** Who hears of a reminder (SPEC §4): an expiry goes to the primary contact and the creator by
 *  DM and to the developer addresses by e-mail; a review asks the primary contact alone. */
export function reminderRecipients(kind: 'expiry' | 'review', token: { primaryContact: string; createdBy: string; developerEmails: string[] }): string[] {
  return kind === 'review' ? [token.primaryContact] : [...new Set([token.primaryContact, token.createdBy, ...token.developerEmails])];
}

/** Recipients are Slack user ids or e-mail addresses; only the latter hold an @. */
export const isEmailRecipient = (recipient: string) => recipient.includes('@');
