// When reminders are due. An expiry threshold of REMINDER_DAYS fires once, when the token
// enters it after its creation, renewal or reset (a token made with 30 days left gets no 30-day
// reminder: its maker just chose that); a scan that finds several crossed sends only the
// smallest (like GitLab); one more notice comes at expiry. Contact reviews come every
// CONTACT_REVIEW_DAYS.
import { isPerson } from './permissions.js';
import type { DuePlan, DueToken, Notice } from './ports.js';
import { DAY_MS, HOUR_MS } from './time.js';

/** A change that answers what reminders and notices sent about a token ask, so that every
 *  recipient's copy says what was done and by whom, and asks no more:
 *  - `expiry`, `review`, `stale` (reminders): kept after a contact review or as unused (`until`:
 *    when it is asked about again), or given a new expiry (`until`: the new expiry; null: never);
 *  - `orphan` (the notice of a deactivated primary contact): a new primary contact, `contact`;
 *  - `pasted` (the notice of its working secret pasted into Slack, "disable it?"): the token
 *    stopped working, `status` (disabled, revoked or deleted). */
export type RemindersAnswered = {
  tokenId: string;
  displayId: string;
  label: string;
  /** Who made the change: a user, a management key or tokenops itself. */
  by: string;
} & (
  | { kind: 'expiry' | 'review' | 'stale'; until: Date | null }
  | { kind: 'orphan'; contact: string }
  | { kind: 'pasted'; status: 'disabled' | 'revoked' | 'deleted' }
);

/** `staleDays`: STALE_TOKEN_DAYS (0: no unused-token digests; unset: 30). */
export type ReminderSettings = { thresholds: number[]; reviewDays: number; staleDays?: number };

/** The first reminder of a token with this expiry, from `now` (its creation, or a reset or new
 *  expiry): when it enters the largest threshold it is not inside yet; inside every one, the
 *  expiry notice. */
export function firstReminderAt(expiresAt: Date | null, thresholds: number[], now: Date): Date | null {
  if (!expiresAt) return null;
  const ahead = [...thresholds]
    .sort((a, b) => b - a)
    .find((days) => expiresAt.getTime() - days * DAY_MS > now.getTime());
  return new Date(expiresAt.getTime() - (ahead ?? 0) * DAY_MS);
}

/** The time a reminder states as left: whole days (rounded) from a day on, whole hours on the
 *  last day (rounded, never 24; 0 and 0: less than an hour). */
export function timeLeft(expiresAt: Date, now: Date): { days: number; hours: number } {
  const left = Math.max(0, expiresAt.getTime() - now.getTime());
  if (left >= DAY_MS) return { days: Math.round(left / DAY_MS), hours: 0 };
  return { days: 0, hours: Math.min(23, Math.round(left / HOUR_MS)) };
}

/** What a scan at `now` sends for a token, and when the token's next reminder is due. */
export function planExpiryReminder(
  expiresAt: Date,
  thresholds: number[],
  now: Date,
): { threshold: number; next: Date | null } {
  const remaining = expiresAt.getTime() - now.getTime();
  if (remaining <= 0) return { threshold: 0, next: null }; // the expiry notice
  const sorted = [...thresholds].sort((a, b) => a - b);
  const threshold = sorted.find((days) => remaining <= days * DAY_MS);
  if (threshold === undefined) return { threshold: -1, next: firstReminderAt(expiresAt, thresholds, now) }; // not due yet
  const smaller = sorted.filter((days) => days < threshold).pop();
  return { threshold, next: new Date(expiresAt.getTime() - (smaller ?? 0) * DAY_MS) };
}

// Unused tokens are listed once a week, all of an admin's in one digest: a token is in a week's
// digest when it was unused for STALE_TOKEN_DAYS at the week's start, Monday 00:00 UTC (09:00 in
// Japan), so every scan of that week finds the same tokens and nothing trickles in between.
const WEEK_MS = 7 * DAY_MS;
const MONDAY_MS = 4 * DAY_MS; // 1970-01-01 was a Thursday
const weekStart = (at: Date) => new Date(Math.floor((at.getTime() - MONDAY_MS) / WEEK_MS) * WEEK_MS + MONDAY_MS);
export const nextWeekStart = (at: Date) => new Date(weekStart(at).getTime() + WEEK_MS);
/** Tokens not used since this time are listed in the digest of the week of `now`. */
export const unusedSince = (now: Date, staleDays: number) => new Date(weekStart(now).getTime() - staleDays * DAY_MS);
/** "Keep" on a listed token: not listed again for one period (from the week start after it). */
export const keptUntil = (now: Date, staleDays: number) => nextWeekStart(new Date(now.getTime() + staleDays * DAY_MS));
/** Whether a token listed as unused still is when its digest is written. */
export const stillUnused = (
  token: { status: string; lastUsedAt: Date | null; createdAt: Date },
  staleDays: number,
  now: Date,
) =>
  staleDays > 0 && token.status === 'enabled' && (token.lastUsedAt ?? token.createdAt) <= unusedSince(now, staleDays);

export const nextReviewAt = (from: Date, reviewDays: number) => new Date(from.getTime() + reviewDays * DAY_MS);

/** The round of a review, from its due time: the same round always gets the same number. */
export const reviewRound = (dueAt: Date) => Math.floor(dueAt.getTime() / DAY_MS);

/** Who hears of a reminder (README: The contract, reminders): an expiry goes to the primary contact and the creator by
 *  DM and to the developer addresses by e-mail; a review asks the primary contact alone. */
export function reminderRecipients(
  kind: 'expiry' | 'review',
  token: { primaryContact: string; createdBy: string; developerEmails: string[] },
): string[] {
  // A token made through the management API has a key as its creator: nobody to DM.
  const creator = isPerson(token.createdBy) ? [token.createdBy] : [];
  return kind === 'review'
    ? [token.primaryContact]
    : [...new Set([token.primaryContact, ...creator, ...token.developerEmails])];
}

/** Plans a scan at `now` of the tokens due for an expiry reminder and for a contact review. */
export function planDue(
  due: { expiring: DueToken[]; reviews: DueToken[] },
  settings: ReminderSettings,
  now: Date,
): DuePlan {
  const deliveries: Array<[Notice, string]> = [];
  const add = (token: DueToken, notice: Notice) => {
    for (const recipient of reminderRecipients(notice.kind as 'expiry' | 'review', token))
      deliveries.push([notice, recipient]);
  };
  const nextReminder = new Map<string, Date | null>();
  for (const token of due.expiring) {
    if (token.status === 'revoked' || !token.expiresAt) {
      nextReminder.set(token.id, null);
      continue;
    }
    const plan = planExpiryReminder(token.expiresAt, settings.thresholds, now);
    if (plan.threshold >= 0)
      add(token, { tokenId: token.id, kind: 'expiry', epoch: token.reminderEpoch, threshold: plan.threshold });
    nextReminder.set(token.id, plan.next);
  }
  const nextReview = new Map<string, Date | null>();
  for (const token of due.reviews) {
    const live = token.status !== 'revoked' && (!token.expiresAt || token.expiresAt > now);
    if (live) add(token, { tokenId: token.id, kind: 'review', epoch: reviewRound(token.nextReviewAt!), threshold: 0 });
    nextReview.set(token.id, live ? nextReviewAt(now, settings.reviewDays) : null);
  }
  const reminders = new Set(deliveries.map(([notice]) => `${notice.kind}:${notice.tokenId}`)).size;
  return { deliveries, nextReminderAt: nextReminder, nextReviewAt: nextReview, reminders };
}

/** Recipients are Slack user ids or e-mail addresses; only the latter hold an @. */
export const isEmailRecipient = (recipient: string) => recipient.includes('@');
