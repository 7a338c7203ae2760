// Cold lookups batched (src/verification/lookups.ts): a bounded number of statements in flight,
// the misses that arrive meanwhile sent together, each answered with its own secret, a failed
// statement failing only its own misses, and a bound on the wait for a statement.
import { describe, expect, it } from 'vitest';
import { Lookups, LookupWaitExceeded, type LookUp } from '../../src/verification/lookups.js';
import type { VerifiedToken } from '../../src/domain/verification.js';

const token = (tokenId: string) => ({ tokenId }) as VerifiedToken;

/** A statement per call, answered when the test says: what it was sent, and how to end it. */
function statements() {
  const sent: Array<{ digests: string[]; answer(known: string[]): void; fail(error: Error): void }> = [];
  const lookUp: LookUp = (digests) =>
    new Promise((resolve, reject) =>
      sent.push({
        digests,
        answer: (known) =>
          resolve({
            found: new Map(known.filter((d) => digests.includes(d)).map((d) => [d, token(`t-${d}`)])),
            dbNowMs: 7,
          }),
        fail: reject,
      }),
    );
  return { sent, lookUp };
}
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Lookups', () => {
  it('sends at once below the bound, then one statement for the misses that waited; each gets its own answer', async () => {
    const { sent, lookUp } = statements();
    const lookups = new Lookups(lookUp, 2, 1_000);
    const first = lookups.find(['a']);
    const second = lookups.find(['b', 'b-previous']);
    const waiting = [lookups.find(['c']), lookups.find(['d', 'd-previous']), lookups.find(['e'])];
    expect(sent.map((s) => s.digests)).toEqual([['a'], ['b', 'b-previous']]);
    sent[0]!.answer(['a']);
    await settle();
    expect(await first).toEqual({ found: { digest: 'a', token: token('t-a') }, dbNowMs: 7 });
    expect(sent[2]!.digests).toEqual(['c', 'd', 'd-previous', 'e']); // the three that waited, together
    sent[2]!.answer(['c', 'd-previous']);
    expect(await Promise.all(waiting)).toEqual([
      { found: { digest: 'c', token: token('t-c') }, dbNowMs: 7 },
      { found: { digest: 'd-previous', token: token('t-d-previous') }, dbNowMs: 7 },
      { found: null, dbNowMs: null },
    ]);
    sent[1]!.fail(new Error('connection lost'));
    await expect(second).rejects.toThrow('connection lost'); // only the misses it carried
    expect(sent).toHaveLength(3);
  });

  it('fails a miss that waited longer than its bound for a statement, and does not send it later', async () => {
    const { sent, lookUp } = statements();
    const lookups = new Lookups(lookUp, 1, 50);
    const carried = lookups.find(['a']);
    const late = lookups.find(['b']);
    await expect(late).rejects.toBeInstanceOf(LookupWaitExceeded);
    sent[0]!.answer(['a']);
    expect((await carried).found?.digest).toBe('a');
    await settle();
    expect(sent).toHaveLength(1);
  });
});
