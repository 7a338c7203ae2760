// When reminders are due. Expiry reminders fire once per threshold of REMINDER_DAYS, only the
// smallest threshold a token is inside when a scan finds it (like GitLab), then once more at
// expiry. Contact reviews come every CONTACT_REVIEW_DAYS.
const DAY_MS = 86_400_000;

export type ReminderSettings = { thresholds: number[]; reviewDays: number };

/** The first reminder of a token with this expiry, from `now`: thresholds it is already inside
 *  are skipped (a token created for 7 days is not told at once that it expires in 7 days). */
export function firstReminderAt(expiresAt: Date | null, thresholds: number[], now: Date): Date | null {
  if (!expiresAt) return null;
  const ahead = [...thresholds].sort((a, b) => b - a).find((days) => expiresAt.getTime() - days * DAY_MS > now.getTime());
  return new Date(expiresAt.getTime() - (ahead ?? 0) * DAY_MS);
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
