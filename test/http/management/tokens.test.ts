// The management API's token operations when a change must be approved and cannot be posted:
// whether retrying can help decides the answer (503 with Retry-After, or 409).
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../../src/http/management/problems.js';
import { tokenOperations } from '../../../src/http/management/tokens.js';

/** The extend operation, its change covered by a rule, whose post for approval answers `posted`. */
const extendPosting = (posted: { error?: string; unconfirmed?: boolean; refused?: string }) =>
  tokenOperations({
    tokens: {} as never,
    revocations: {} as never,
    changes: {
      needsApproval: async () => true,
      ask: async () => ({ request: { id: 'request-1' }, created: true }),
    } as never,
    revocationNeedsApproval: false,
    postForApproval: async () => ({ error: 'unused', unconfirmed: false }),
    postChange: async () => posted,
  }).extend!.run({
    actor: { userId: 'key_1', grants: [] },
    params: { id: 'tok_AAAAAAAAAA' },
    body: { expiry: '90d' },
  } as never);

const problemOf = (answer: Promise<unknown>) =>
  answer.then(
    () => expect.unreachable('it was answered'),
    (error: unknown) => {
      expect(error).toBeInstanceOf(ProblemError);
      return { type: (error as ProblemError).type, detail: (error as ProblemError).detail };
    },
  );

describe('management API: a change that cannot be posted for approval', () => {
  it('is unavailable (retry later) when Slack did not take it', async () => {
    expect(await problemOf(extendPosting({ error: 'Slack: channel_not_found' }))).toEqual({
      type: 'unavailable',
      detail: 'The request could not be posted for approval (Slack: channel_not_found); nothing was changed.',
    });
    expect(await problemOf(extendPosting({ error: 'Slack: timeout', unconfirmed: true }))).toEqual({
      type: 'unavailable',
      detail:
        'Slack did not confirm that the request was posted for approval, so nothing was changed; if it appeared anyway, its buttons no longer work.',
    });
  });

  it('is a conflict (retrying cannot help) when the policy names nobody who could decide', async () => {
    const problem = await problemOf(
      extendPosting({ refused: 'the approval policy names no approver who is in Slack' }),
    );
    expect(problem.type).toBe('conflict');
    expect(problem.detail).toContain('names no approver who is in Slack');
  });

  it('answers 202 with the request once it is posted', async () => {
    expect(await extendPosting({})).toEqual({ status: 202, body: { status: 'pending', requestId: 'request-1' } });
  });
});
