import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createLastUsedRecorder } from '../../src/verification/lastUsed.js';

const logger = pino({ level: 'silent' });

describe('last-used recorder', () => {
  it('writes the latest time of each token in one batch per flush', async () => {
    const batches: Array<Map<string, Date>> = [];
    const recorder = createLastUsedRecorder(async (batch) => void batches.push(batch), logger, 60_000);
    const [first, later] = [new Date('2026-12-03T10:00:00Z'), new Date('2026-12-03T10:00:01Z')];
    recorder.record('a', first);
    recorder.record('a', later);
    recorder.record('b', first);
    await recorder.flush();
    await recorder.flush(); // nothing new: no write
    expect(batches).toEqual([new Map([['a', later], ['b', first]])]);
    await recorder.stop();
  });

  it('keeps a batch whose write failed for the next flush', async () => {
    let fail = true;
    const written: Array<Map<string, Date>> = [];
    const recorder = createLastUsedRecorder(async (batch) => {
      if (fail) throw new Error('database away');
      written.push(batch);
    }, logger, 60_000);
    const at = new Date('2026-12-03T10:00:00Z');
    recorder.record('a', at);
    await recorder.flush();
    fail = false;
    await recorder.stop();
    expect(written).toEqual([new Map([['a', at]])]);
  });
});
