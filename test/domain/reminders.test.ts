import { describe, expect, it } from 'vitest';
import {
  firstReminderAt,
  nextReviewAt,
  planDue,
  planExpiryReminder,
  reviewRound,
  timeLeft,
} from '../../src/domain/reminders.js';
import type { DueToken } from '../../src/domain/ports.js';

const DAY = 86_400_000;
const now = new Date('2026-11-23T12:00:00Z');
const inDays = (days: number) => new Date(now.getTime() + days * DAY);
const thresholds = [30, 7, 1];

describe('expiry reminders', () => {
  it('fire a threshold only when the token enters it after its creation, renewal or reset (README: Reminders and notices)', () => {
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

describe("a scan's plan", () => {
  const settings = { thresholds, reviewDays: 90 };
  const token = (id: string, fields: Partial<DueToken> = {}): DueToken => ({
    id,
    status: 'enabled',
    expiresAt: inDays(5),
    reminderEpoch: 2,
    nextReviewAt: now,
    primaryContact: 'UCONTACT',
    createdBy: 'UCREATOR',
    developerEmails: ['dev@example.com'],
    ...fields,
  });

  it('queues an expiry reminder for the contact, the creator and the developer addresses, and schedules the next threshold', () => {
    const plan = planDue({ expiring: [token('a')], reviews: [] }, settings, now);
    const notice = { tokenId: 'a', kind: 'expiry', epoch: 2, threshold: 7 };
    expect(plan.deliveries).toEqual([
      [notice, 'UCONTACT'],
      [notice, 'UCREATOR'],
      [notice, 'dev@example.com'],
    ]);
    expect(plan.nextReminderAt).toEqual(new Map([['a', inDays(4)]]));
    expect(plan.reminders).toBe(1);
  });

  it('queues nothing for a token not inside a threshold yet, and moves its reminder to when it enters one', () => {
    const plan = planDue({ expiring: [token('a', { expiresAt: inDays(45) })], reviews: [] }, settings, now);
    expect(plan.deliveries).toEqual([]);
    expect(plan.nextReminderAt.get('a')).toEqual(inDays(15));
    expect(plan.reminders).toBe(0);
  });

  it('ends the schedule of a revoked token or one that no longer expires, queueing nothing', () => {
    const plan = planDue(
      {
        expiring: [token('a', { status: 'revoked' }), token('b', { expiresAt: null })],
        reviews: [token('a', { status: 'revoked' }), token('c', { expiresAt: inDays(-1) })],
      },
      settings,
      now,
    );
    expect(plan.deliveries).toEqual([]);
    expect(plan.nextReminderAt).toEqual(
      new Map([
        ['a', null],
        ['b', null],
      ]),
    );
    expect(plan.nextReviewAt).toEqual(
      new Map([
        ['a', null],
        ['c', null],
      ]),
    );
  });

  it('asks the primary contact alone for a review, numbered by its round, and schedules the next one a period from now', () => {
    const plan = planDue({ expiring: [], reviews: [token('a', { nextReviewAt: inDays(-1) })] }, settings, now);
    expect(plan.deliveries).toEqual([
      [{ tokenId: 'a', kind: 'review', epoch: reviewRound(inDays(-1)), threshold: 0 }, 'UCONTACT'],
    ]);
    expect(plan.nextReviewAt.get('a')).toEqual(inDays(90));
  });

  it('counts one reminder per token and kind, whatever the number of recipients', () => {
    const plan = planDue(
      { expiring: [token('a'), token('b', { createdBy: 'tokenops' })], reviews: [token('a')] },
      settings,
      now,
    );
    expect(plan.reminders).toBe(3);
    expect(plan.deliveries.filter(([notice]) => notice.tokenId === 'b').map(([, recipient]) => recipient)).toEqual([
      'UCONTACT',
      'dev@example.com',
    ]); // no person created it
  });
});
