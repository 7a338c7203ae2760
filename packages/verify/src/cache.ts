// Answers kept in this process, found by a SHA-256 of the secret and the client IP (never the
// secret itself): whether a token is bound to IP addresses is not in its answer, so an answer
// holds for the address it was asked for. Bounded by an LRU. An answer filled from a request
// that began less than REFILL_GUARD_MS after its token changed (or after a reset) is not kept:
// that answer may come from a tokenops instance whose own cache had not yet seen the change.
import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { VerifiedToken } from './answer.js';

/** tokenops serves its own cached answers up to 750 ms behind; with room for clock steps. */
const REFILL_GUARD_MS = 1_000;
/** Changes are remembered this long for fills in flight (requests end within their timeout). */
const REMEMBER_MS = 10_000;

/** `forbidden`: refused FORBIDDEN for this IP. `notAfter`: epoch ms after which the answer
 *  no longer holds (the token's expiry, or the end of a reset's grace period). */
export type Entry = { token: VerifiedToken; forbidden: boolean; notAfter: number };

export const keyOf = (secret: string, ip: string | undefined): string => hash('sha256', ip === undefined ? secret : `${secret}\n${ip}`, 'base64');

export class AnswerCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly keysByToken = new Map<string, Set<string>>();
  private readonly changedAt = new Map<string, number>();
  private resetAt = -Infinity;

  constructor(maxEntries: number) {
    this.entries = new LRUCache<string, Entry>({
      max: maxEntries,
      dispose: (entry, key) => {
        const keys = this.keysByToken.get(entry.token.id);
        keys?.delete(key);
        if (keys?.size === 0) this.keysByToken.delete(entry.token.id);
      },
    });
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  /** Keeps `entry`, asked for at `begun` (performance.now()), unless its token changed since. */
  fill(key: string, entry: Entry, begun: number): void {
    const guard = begun - REFILL_GUARD_MS;
    if (this.resetAt > guard || (this.changedAt.get(entry.token.id) ?? -Infinity) > guard) return;
    this.entries.set(key, entry);
    let keys = this.keysByToken.get(entry.token.id);
    if (!keys) this.keysByToken.set(entry.token.id, (keys = new Set()));
    keys.add(key);
  }

  invalidate(tokenId: string): void {
    const now = performance.now();
    this.changedAt.delete(tokenId);
    this.changedAt.set(tokenId, now); // inserted last: the map stays ordered by time
    for (const [id, at] of this.changedAt) {
      if (now - at < REMEMBER_MS) break;
      this.changedAt.delete(id);
    }
    for (const key of this.keysByToken.get(tokenId) ?? []) this.entries.delete(key);
  }

  clear(): void {
    this.resetAt = performance.now();
    this.entries.clear();
    this.keysByToken.clear();
  }
}
