// What verification knows about recently seen secrets, kept in this process. It serves an
// entry only while the change feed has proved it current: a poll that started less than
// `staleBoundMs` ago applied every change committed before it started. And a fill loses against
// any invalidation of its token or digest processed after its lookup began, so a slow read can
// never store an answer that a change has already replaced. Every time here is monotonic: a step
// of the wall clock cannot stretch the bound.
//
// Entries are found by a plain SHA-256 of the secret, not by its HMAC digest: a warm answer then
// costs one one-shot hash (0.4 µs in-process against 2.5 for an HMAC, which builds an object per
// call). A secret has 178 bits of randomness, so the plain hash reveals nothing, and it never
// leaves this process.
// The HMAC digest, computed on a miss for the database, is kept with the entry so that a change
// naming a digest still finds it.
import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { VerifiedToken } from '../domain/verification.js';
import { monotonicMs } from './databaseClock.js';

/** Bounds the cache's memory too (an entry's size is estimated): it stays under 40 MB, and the hot
 *  path's map of the same entries adds ~50 bytes each (2.6 MB at most). */
const MAX_BYTES = 40 * 2 ** 20;
const MIN_ENTRY_BYTES = 800;
/** A compiled allow-list's range (~22 bytes, domain/policy.ts), charged to every entry that holds
 *  the list although entries with the same list share it: 50 ranges no longer cost an entry 5 KB,
 *  which held the cache to ~6,400 such tokens and sent the rest to the database. */
const ALLOW_LIST_RANGE_BYTES = 24;
/** How long invalidations are remembered for fills in flight (lookups end within 2 s). */
const REMEMBER_MS = 5_000;
/** An entry's recency is told to the LRU once this often at most: lru-cache's `get` cost more than
 *  the rest of a cached verification's lookup (0.8 µs a hit in a profile), a Map's `get` a tenth
 *  of it, and eviction needs recency to the second, not to the request. */
const TOUCH_EVERY_MS = 1_000;

/** The answer for a secret with this HMAC digest, with its serialized body when it is a positive
 *  one (built once, sent many times). `usedAt`: when the verifier last recorded a use of it (it
 *  records one a minute at most). `validUntil`: for an enabled token, the database time its token
 *  or secret expires (Infinity: never), before which the status needs no other check. No age
 *  limit: the change feed keeps entries true, and the byte bound keeps memory. */
export type Entry = {
  digest: string;
  found: VerifiedToken | null;
  body?: string;
  tokenJson?: string;
  /** The head of an admitted rate-limited answer, up to its rateLimit (verifier.ts). */
  limitedHead?: string;
  usedAt?: number;
  validUntil?: number;
  /** When its recency was last told to the LRU (monotonic ms). */
  touchedAt?: number;
  /** The token's usage tally, kept at hand by the usage recorder (usage.ts). */
  tally?: unknown;
};

/** The key a secret's entry is found by: the digest's 32 bytes as a 32-character string ('binary',
 *  i.e. latin1, is the cheapest encoding to make, and a key is never shown). The secret as text
 *  or as its UTF-8 bytes: the same key. */
export const cacheKeyOf = (secret: string | Uint8Array): string => hash('sha256', secret, 'binary');

export class VerificationCache {
  /** Eviction (recency and the byte bound); `entries` holds the same pairs, for the hot path. */
  private readonly byKey: LRUCache<string, Entry>;
  private readonly entries = new Map<string, Entry>();
  private readonly keyByDigest = new Map<string, string>();
  private readonly keysByToken = new Map<string, Set<string>>();
  private servingUntil = 0;
  /** Counts invalidations; a fill remembers the count at its start. */
  private generation = 0;
  /** Token ids and digests invalidated recently, with the generation of their invalidation. */
  private recent = new Map<string, number>();
  private older = new Map<string, number>();
  /** Fills that began before this generation are refused (their invalidations are forgotten). */
  private floor = 0;
  private generationAtRotation = 0;
  private rotatedAt = monotonicMs();

  /** `maxBytes`: the memory bound (tests make it small). */
  constructor(
    private readonly staleBoundMs: number,
    maxBytes = MAX_BYTES,
  ) {
    this.byKey = new LRUCache<string, Entry>({
      // As many entries as the byte bound admits at the smallest estimate (52,428), no more: the
      // LRU allocates its index arrays for `max` entries up front (~48 bytes each; 200,000 cost
      // 9.6 MB that no instance could ever fill).
      max: Math.floor(maxBytes / MIN_ENTRY_BYTES),
      maxSize: maxBytes,
      sizeCalculation: (entry) =>
        MIN_ENTRY_BYTES + 3 * (entry.body?.length ?? 0) + ALLOW_LIST_RANGE_BYTES * (entry.found?.allowList?.size ?? 0),
      dispose: (entry, key) => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
        if (this.keyByDigest.get(entry.digest) === key) this.keyByDigest.delete(entry.digest);
        if (entry.found) this.keysByToken.get(entry.found.tokenId)?.delete(key);
      },
    });
  }

  /** `key`: cacheKeyOf(secret). */
  get(key: string): Entry | undefined {
    const now = monotonicMs();
    if (now >= this.servingUntil) return undefined;
    const entry = this.entries.get(key);
    if (entry !== undefined && now - entry.touchedAt! >= TOUCH_EVERY_MS) {
      entry.touchedAt = now;
      this.byKey.get(key);
    }
    return entry;
  }

  /** Whether a secret with this key was found to exist lately, served now or not. */
  knows(key: string): boolean {
    return Boolean(this.entries.get(key)?.found);
  }

  /** Whether entries are served now (the feed is current). */
  get serving(): boolean {
    return monotonicMs() < this.servingUntil;
  }

  /** A feed poll that started at `startedAt` (monotonic) has applied every change committed before then. */
  currentAsOf(startedAt: number): void {
    this.servingUntil = Math.max(this.servingUntil, startedAt + this.staleBoundMs);
  }

  /** Call before a lookup; pass the result to `fill`. */
  begin(): number {
    return this.generation;
  }

  /** Stores the answer for the secret with this key, found by a lookup that began at `begun`. */
  fill(key: string, entry: Entry, begun: number): void {
    const { digest } = entry;
    if (begun < this.floor || this.changedSince(digest, begun)) return;
    const tokenId = entry.found?.tokenId;
    if (tokenId !== undefined && this.changedSince(tokenId, begun)) return;
    // A refill of the same secret (say after the feed was late) keeps when its use was recorded.
    entry.usedAt ??= this.entries.get(key)?.usedAt;
    entry.touchedAt = monotonicMs();
    this.byKey.set(key, entry);
    if (this.byKey.peek(key) !== entry) return; // one too large is not kept
    this.entries.set(key, entry);
    this.keyByDigest.set(digest, key);
    if (tokenId === undefined) return;
    const keys = this.keysByToken.get(tokenId) ?? new Set();
    keys.add(key);
    this.keysByToken.set(tokenId, keys);
  }

  /** Drops what is cached for these token ids or HMAC digests, and makes fills in flight for them lose. */
  invalidate(keys: Iterable<string>): void {
    const now = monotonicMs();
    if (now - this.rotatedAt > REMEMBER_MS) {
      this.floor = this.generationAtRotation;
      this.generationAtRotation = this.generation;
      this.older = this.recent;
      this.recent = new Map();
      this.rotatedAt = now;
    }
    const generation = ++this.generation;
    for (const key of keys) {
      this.recent.set(key, generation);
      const cached = this.keyByDigest.get(key);
      if (cached !== undefined) this.byKey.delete(cached);
      const cachedForToken = this.keysByToken.get(key);
      if (!cachedForToken) continue;
      this.keysByToken.delete(key);
      for (const k of cachedForToken) this.byKey.delete(k);
    }
  }

  /** Forgets everything, including fills in flight (changes may have been missed). */
  clear(): void {
    this.floor = ++this.generation;
    this.byKey.clear();
    this.entries.clear();
    this.keyByDigest.clear();
    this.keysByToken.clear();
  }

  private changedSince(key: string, begun: number): boolean {
    return (this.recent.get(key) ?? this.older.get(key) ?? 0) > begun;
  }
}
