import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { UsageBatch } from '../../src/domain/usage.js';
import { createUsageRecorder } from '../../src/verification/usage.js';

const logger = pino({ level: 'silent' });
const at = Date.parse('2026-12-03T10:59:59Z');

describe('usage recorder', () => {
  it('writes the latest time of each token, counts per hour and code, and addresses in one batch per flush', async () => {
    const batches: UsageBatch[] = [];
    const recorder = createUsageRecorder(async (batch) => void batches.push(batch), logger, 60_000);
    const [first, later] = [new Date('2026-12-03T10:00:00Z'), new Date('2026-12-03T10:00:01Z')];
    recorder.record('a', first);
    recorder.record('a', later);
    recorder.record('b', first);
    recorder.count('a', 'VALID', at, '10.0.0.1');
    recorder.count('a', 'VALID', at + 1_000, '10.0.0.1');
    recorder.count('a', 'FORBIDDEN', at + 2_000, undefined);
    await recorder.flush();
    await recorder.flush(); // nothing new: no write
    expect(batches).toHaveLength(1);
    expect(batches[0]!.lastUsed).toEqual(
      new Map([
        ['a', later],
        ['b', first],
      ]),
    );
    const hour = Date.parse('2026-12-03T10:00:00Z');
    const nextHour = hour + 3_600_000;
    expect(batches[0]!.counts).toEqual(
      new Map([
        [`a ${hour} VALID`, 1],
        [`a ${nextHour} VALID`, 1],
        [`a ${nextHour} FORBIDDEN`, 1],
      ]),
    );
    expect(batches[0]!.addresses).toEqual(new Map([['a', new Map([['10.0.0.1', { first: at, last: at + 1_000 }]])]]));
    await recorder.stop();
  });

  it('keeps the most recent addresses of a token only', async () => {
    const batches: UsageBatch[] = [];
    const recorder = createUsageRecorder(async (batch) => void batches.push(batch), logger, 60_000);
    for (let i = 0; i < 1000; i++) recorder.count('a', 'FORBIDDEN', at + i, `10.0.${i >> 8}.${i & 255}`);
    await recorder.stop();
    expect([...batches[0]!.addresses.get('a')!.keys()]).toEqual([
      '10.0.3.224',
      '10.0.3.225',
      '10.0.3.226',
      '10.0.3.227',
      '10.0.3.228',
      '10.0.3.229',
      '10.0.3.230',
      '10.0.3.231',
    ]);
  });

  it("orders a token's addresses by their last use, the same client again included", async () => {
    const batches: UsageBatch[] = [];
    const recorder = createUsageRecorder(async (batch) => void batches.push(batch), logger, 60_000);
    recorder.count('a', 'VALID', at, '10.0.0.1');
    recorder.count('a', 'VALID', at + 1, '10.0.0.2');
    recorder.count('a', 'VALID', at + 2, '10.0.0.1');
    recorder.count('a', 'VALID', at + 3, '10.0.0.1'); // already the latest
    recorder.count('a', 'VALID', at + 4, '10.0.0.2');
    await recorder.stop();
    expect([...batches[0]!.addresses.get('a')!]).toEqual([
      ['10.0.0.1', { first: at, last: at + 3 }],
      ['10.0.0.2', { first: at + 1, last: at + 4 }],
    ]);
  });

  it('keeps a batch whose write failed for the next flush', async () => {
    let fail = true;
    const written: UsageBatch[] = [];
    const recorder = createUsageRecorder(
      async (batch) => {
        if (fail) throw new Error('database away');
        written.push(batch);
      },
      logger,
      60_000,
    );
    const when = new Date('2026-12-03T10:00:00Z');
    recorder.record('a', when);
    recorder.count('a', 'VALID', at, '::1');
    await recorder.flush();
    recorder.count('a', 'VALID', at, '::1');
    fail = false;
    await recorder.stop();
    expect(written).toHaveLength(1);
    expect(written[0]!.lastUsed).toEqual(new Map([['a', when]]));
    expect([...written[0]!.counts.values()]).toEqual([2]);
    expect(written[0]!.addresses.get('a')!.get('::1')).toEqual({ first: at, last: at });
  });

  it("counts through an answer's kept tally across flushes and hours as through the token id", async () => {
    const batches: UsageBatch[] = [];
    const recorder = createUsageRecorder(async (batch) => void batches.push(batch), logger, 60_000);
    const entry = {}; // a cache entry of token a's secret
    const hour = Date.parse('2026-12-03T10:00:00Z');
    recorder.count('a', 'VALID', at, '10.0.0.1', entry);
    recorder.count('a', 'VALID', at, '10.0.0.1', entry);
    recorder.count('a', 'VALID', at, '10.0.0.1'); // another instance of the path, by id
    await recorder.flush(); // the tally is taken: the entry's reference is stale now
    recorder.count('a', 'VALID', at, '10.0.0.2', entry);
    recorder.count('a', 'FORBIDDEN', at + 1_000, '10.0.0.2', entry); // the next hour
    await recorder.stop();
    expect(batches.map((batch) => batch.counts)).toEqual([
      new Map([[`a ${hour} VALID`, 3]]),
      new Map([
        [`a ${hour} VALID`, 1],
        [`a ${hour + 3_600_000} FORBIDDEN`, 1],
      ]),
    ]);
    expect(batches[1]!.addresses.get('a')).toEqual(new Map([['10.0.0.2', { first: at, last: at + 1_000 }]]));
  });
});
