// Cold lookups, batched: at most `maxInFlight` statements at a time, and the misses that arrive
// meanwhile go together in the next one (`digest = ANY(...)` finds them all in one round trip).
// A miss that finds fewer than `maxInFlight` statements running is sent at once, so a quiet
// instance adds no wait; a busy one sends fewer, fuller statements instead of queueing every miss
// for a connection of its own (bench/RESULTS.md, "Cold verification"). A failed statement fails
// the misses it carried, no others; a miss not sent within `maxWaitMs` fails as a pool's wait
// for a connection would (LookupWaitExceeded).
import type { VerifiedToken } from '../domain/verification.js';

export type Found = { digest: string; token: VerifiedToken };
/** One statement: the secrets stored under any of `digests`, by digest, and the database's clock as read. */
export type LookUp = (digests: string[]) => Promise<{ found: Map<string, VerifiedToken>; dbNowMs: number }>;

/** A miss waited longer than its bound for a statement to carry it. */
export class LookupWaitExceeded extends Error {
  constructor() {
    super('verification lookup: waited too long for a database connection');
  }
}

type Miss = {
  digests: string[];
  timer: NodeJS.Timeout;
  resolve: (answer: { found: Found | null; dbNowMs: number | null }) => void;
  reject: (error: unknown) => void;
};

/** Digests one statement carries at most (a miss brings one per hash key, current and previous). */
const MAX_DIGESTS = 256;

export class Lookups {
  private readonly queue: Miss[] = [];
  private inFlight = 0;

  constructor(
    private readonly lookUp: LookUp,
    private readonly maxInFlight: number,
    private readonly maxWaitMs: number,
  ) {}

  /** The secret stored under the first of `digests` found (the current key's first, then previous
   *  keys'), and the database's clock as its statement read it (null when nothing was found). */
  find(digests: string[]): Promise<{ found: Found | null; dbNowMs: number | null }> {
    return new Promise((resolve, reject) => {
      const miss: Miss = { digests, resolve, reject, timer: undefined! };
      this.queue.push(miss);
      this.send();
      if (this.queue.at(-1) !== miss) return; // sent at once
      miss.timer = setTimeout(() => {
        this.queue.splice(this.queue.indexOf(miss), 1);
        reject(new LookupWaitExceeded());
      }, this.maxWaitMs);
    });
  }

  private send(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length) {
      const batch: Miss[] = [];
      let size = 0;
      while (this.queue.length && (size === 0 || size + this.queue[0]!.digests.length <= MAX_DIGESTS)) {
        const miss = this.queue.shift()!;
        clearTimeout(miss.timer);
        batch.push(miss);
        size += miss.digests.length;
      }
      this.inFlight++;
      this.lookUp(batch.flatMap((miss) => miss.digests))
        .then(
          ({ found, dbNowMs }) => {
            for (const miss of batch) {
              const digest = miss.digests.find((d) => found.has(d));
              miss.resolve(
                digest === undefined
                  ? { found: null, dbNowMs: null }
                  : { found: { digest, token: found.get(digest)! }, dbNowMs },
              );
            }
          },
          (error: unknown) => {
            for (const miss of batch) miss.reject(error);
          },
        )
        .finally(() => {
          this.inFlight--;
          this.send();
        });
    }
  }
}
