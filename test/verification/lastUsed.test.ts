import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createLastUsedRecorder } from '../../src/verification/lastUsed.js';

const logger = pino({ level: 'silent' });

describe('last-used recorder', () => {
  it('writes a token once per resolution window, with its first use in the window', async () => {
    const batches: Array<Map<string, Date>> = [];
    const recorder = createLastUsedRecorder(async (batch) => void batches.push(batch), logger, { intervalMs: 60_000, resolutionMs: 200 });
    const first = new Date('2026-12-03T10:00:00Z');
    recorder.record('a', first);
    recorder.record('a', new Date('2026-12-03T10:00:01Z'));
    recorder.record('b', first);
    await recorder.flush();
    recorder.record('a', new Date('2026-12-03T10:00:02Z')); // same window: not written again
    await recorder.flush();
    expect(batches).toEqual([new Map([['a', first], ['b', first]])]);

    await new Promise((resolve) => setTimeout(resolve, 250));
    await recorder.flush(); // a new window begins
    const later = new Date('2026-12-03T10:01:00Z');
    recorder.record('a', later);
    await recorder.stop();
    expect(batches[1]).toEqual(new Map([['a', later]]));
  });

  it('keeps a batch whose write failed for the next flush', async () => {
    let fail = true;
    const written: Array<Map<string, Date>> = [];
    const recorder = createLastUsedRecorder(async (batch) => {
      if (fail) throw new Error('database away');
      written.push(batch);
    }, logger, { intervalMs: 60_000 });
    const at = new Date('2026-12-03T10:00:00Z');
    recorder.record('a', at);
    await recorder.flush();
    fail = false;
    await recorder.stop();
    expect(written).toEqual([new Map([['a', at]])]);
  });
});
