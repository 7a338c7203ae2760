// The pure decisions of a delivery's attempts: which attempt this is, and what follows a failure.
import { describe, expect, it } from 'vitest';
import { afterFailedAttempt, attemptNumber, DELIVERY_RETRIES, retryDelayMs } from '../../src/domain/webhooks.js';

describe('webhook delivery attempts', () => {
  it("counts from the job's attempts, or the delivery's when its job was lost and queued anew", () => {
    expect(attemptNumber(0, 0)).toBe(1);
    expect(attemptNumber(2, 0)).toBe(3);
    expect(attemptNumber(0, 5)).toBe(6);
  });

  it('retries after the backoff until the last attempt, then disables the endpoint', () => {
    const retries = { attempts: 4, firstDelayMs: 100 };
    expect(afterFailedAttempt(1, retries)).toEqual({ retryInMs: 100 });
    expect(afterFailedAttempt(3, retries)).toEqual({ retryInMs: 400 });
    expect(afterFailedAttempt(4, retries)).toBe('disable');
    expect(afterFailedAttempt(DELIVERY_RETRIES.attempts - 1)).toEqual({
      retryInMs: retryDelayMs(DELIVERY_RETRIES.attempts - 1),
    });
    expect(afterFailedAttempt(DELIVERY_RETRIES.attempts)).toBe('disable');
  });
});
