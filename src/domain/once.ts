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
   *  frees the key, so that a corrected form may be submitted again. */
  async run<T>(key: string, ttlSeconds: number, work: () => Promise<T>): Promise<T | undefined> {
    if (!(await this.first(key, ttlSeconds))) return undefined;
    try {
      return await work();
    } catch (error) {
      await this.store.release(`once:${key}`);
      throw error;
    }
  }
}
