// At-most-once work across instances: a form submitted twice (Slack's retry, a double click)
// and a signed request replayed within Slack's five-minute window each take effect once.
import type { ShortLivedStore } from './ports.js';

export class Once {
  constructor(private readonly store: ShortLivedStore) {}

  /** true the first time `key` is seen within `ttlSeconds`. */
  first(key: string, ttlSeconds: number): Promise<boolean> {
    return this.store.claim(`once:${key}`, ttlSeconds);
  }

  /** Runs `work` unless it ran (or runs) for `key` already: undefined then. A failed run
   *  frees the key, so that a corrected form may be submitted again; only its own hold, should
   *  the work have outlasted `ttlSeconds` and another run have taken the key. */
  async run<T>(key: string, ttlSeconds: number, work: () => Promise<T>): Promise<T | undefined> {
    const hold = await this.store.hold(`once:${key}`, ttlSeconds);
    if (!hold) return undefined;
    try {
      return await work();
    } catch (error) {
      // The work's failure is what the caller must hear of, not a release that failed after it
      // (past a request's deadline, say): the key then stays held until its time is up.
      await hold.release().catch(() => undefined);
      throw error;
    }
  }
}
