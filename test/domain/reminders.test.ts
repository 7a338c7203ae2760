import { describe, expect, it } from 'vitest';
import { firstReminderAt, nextReviewAt, planExpiryReminder, reviewRound, timeLeft } from '../../src/domain/reminders.js';

const DAY = 86_400_000;
const now = new Date('2026-11-23T12:00:00Z');
const inDays = (days: number) => new Date(now.getTime() + days * DAY);
const thresholds = [30, 7, 1];

describe('expiry reminders', () => {
  it('fire a threshold only when the token enters it after its creation, renewal or reset (SPEC §4)', () => {
    expect(firstReminderAt(inDays(90), thresholds, now)).toEqual(inDays(60));
    expect(firstReminderAt(inDays(30), thresholds, now)).toEqual(inDays(23)); // made with 30 days left: no 30-day reminder
    expect(firstReminderAt(inDays(7), thresholds, now)).toEqual(inDays(6)); // nor a 7-day one for a 7-day token
    expect(firstReminderAt(inDays(5), thresholds, now)).toEqual(inDays(4)); // it enters the 1-day threshold later
    expect(planExpiryReminder(inDays(5), thresholds, inDays(4)).threshold).toBe(1);
    expect(firstReminderAt(inDays(0.5), thresholds, now)).toEqual(inDays(0.5)); // inside every threshold: the expiry notice
    expect(firstReminderAt(null, thresholds, now)).toBeNull();
  });

  it('state the time left in whole days, then in hours on the last day, never a day for less', () => {
    expect(timeLeft(inDays(25.4), now)).toEqual({ days: 25, hours: 0 });
    expect(timeLeft(inDays(29.999), now)).toEqual({ days: 30, hours: 0 }); // found a moment after entering 30 days
    expect(timeLeft(inDays(1.2), now)).toEqual({ days: 1, hours: 0 });
    expect(timeLeft(inDays(0.999), now)).toEqual({ days: 0, hours: 23 });
    expect(timeLeft(inDays(0.3), now)).toEqual({ days: 0, hours: 7 });
    expect(timeLeft(inDays(0.01), now)).toEqual({ days: 0, hours: 0 });
    expect(timeLeft(inDays(-1), now)).toEqual({ days: 0, hours: 0 });
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
