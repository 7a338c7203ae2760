// A request's storage deadline follows its work across awaits, timers and concurrent requests,
// and once no deadline runs, the process is left without async hooks (they tax every verification).
import { executionAsyncId } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { beyondDeadline, deadline, msLeft, withDeadline } from '../../src/store/requestDeadline.js';

/** Whether promise continuations get async ids of their own: only while async hooks are on. */
async function hooksOn(): Promise<boolean> {
  const first = await Promise.resolve().then(() => executionAsyncId());
  const second = await Promise.resolve().then(() => executionAsyncId());
  return first !== second;
}

describe('request deadlines', () => {
  it('follow the work across awaits and timers; a nested one replaces the outer one until it ends', async () => {
    await withDeadline(1_000, async () => {
      const outer = deadline();
      expect(outer).toBeDefined();
      await sleep(20);
      expect(deadline()).toBe(outer);
      expect(msLeft()).toBeLessThanOrEqual(980);
      await withDeadline(100, async () => {
        await sleep(5);
        expect(deadline()).not.toBe(outer);
        expect(msLeft()).toBeLessThanOrEqual(100);
      });
      expect(deadline()).toBe(outer);
      await beyondDeadline(async () => expect(deadline()).toBeUndefined());
      expect(deadline()).toBe(outer);
    });
    expect(deadline()).toBeUndefined();
  });

  it("keeps a request's deadline when another request's ends first", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const long = withDeadline(2_000, async () => {
      const mine = deadline();
      await held;
      await sleep(10); // a timer made after the other request ended
      return deadline() === mine && mine !== undefined;
    });
    await withDeadline(500, async () => {
      await sleep(5);
    });
    release();
    expect(await long).toBe(true);
  });

  it('turns async hooks off once no deadline runs, and on again for the next', async () => {
    const before = await hooksOn();
    let during = false;
    await withDeadline(1_000, async () => {
      during = await hooksOn();
    });
    expect(during).toBe(true);
    expect(await hooksOn()).toBe(before);
    expect(before).toBe(false); // nothing else in this process keeps them on
    await withDeadline(1_000, async () => {
      await sleep(1);
      expect(deadline()).toBeDefined();
    });
  });
});
