import { describe, expect, it } from 'vitest';
import { firstReminderAt, nextReviewAt, planExpiryReminder, reviewRound } from '../../src/domain/reminders.js';

const DAY = 86_400_000;
const now = new Date('2026-11-23T12:00:00Z');
const inDays = (days: number) => new Date(now.getTime() + days * DAY);
const thresholds = [30, 7, 1];

describe('expiry reminders', () => {
  it('are first due when the token enters the largest threshold, or at once when it is inside one (SPEC §4)', () => {
    expect(firstReminderAt(inDays(90), thresholds, now)).toEqual(inDays(60));
    expect(firstReminderAt(inDays(5), thresholds, now)).toEqual(now); // the next scan sends "7 days"
    expect(planExpiryReminder(inDays(5), thresholds, now).threshold).toBe(7);
    expect(firstReminderAt(inDays(0.5), thresholds, now)).toEqual(now); // "1 day", then the expiry notice
    expect(planExpiryReminder(inDays(0.5), thresholds, now).threshold).toBe(1);
    expect(firstReminderAt(null, thresholds, now)).toBeNull();
  });

  it('fire only the smallest threshold the token is inside, then the next one, then the expiry notice', () => {
    expect(planExpiryReminder(inDays(25), thresholds, now)).toEqual({ threshold: 30, next: inDays(25 - 7) });
    expect(planExpiryReminder(inDays(5), thresholds, now)).toEqual({ threshold: 7, next: inDays(5 - 1) });
    expect(planExpiryReminder(inDays(0.5), thresholds, now)).toEqual({ threshold: 1, next: inDays(0.5) });
    expect(planExpiryReminder(now, thresholds, now)).toEqual({ threshold: 0, next: null });
    expect(planExpiryReminder(inDays(45), thresholds, now)).toEqual({ threshold: -1, next: inDays(15) });
  });
});

describe('contact reviews', () => {
  it('come every review period, each round with its own number', () => {
    expect(nextReviewAt(now, 90)).toEqual(inDays(90));
    expect(reviewRound(inDays(90))).toBe(reviewRound(new Date(inDays(90).getTime() + 1000)));
    expect(reviewRound(inDays(90))).not.toBe(reviewRound(inDays(180)));
  });
});
