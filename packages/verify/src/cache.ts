// Answers kept in this process, found by a SHA-256 of the secret and the client IP (never the
// secret itself): whether a token is bound to IP addresses is not in its answer, so an answer
// holds for the address it was asked for. Bounded by an LRU. An answer filled from a request
// that began less than REFILL_GUARD_MS after its token changed (or after a reset) is not kept:
// that answer may come from a tokenops instance whose own cache had not yet seen the change.
// Kept small (see bench/RESULTS.md): the answer itself, frozen, is the entry's value (a cache
// hit allocates nothing); the parts many tokens share (owner, scopes, API version) are kept once;
// a token's keys are one string, or an array for the rare token asked for from several addresses.
import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { VerifiedToken, VerifyAnswer } from './answer.js';

/** tokenops serves its own cached answers up to 750 ms behind; with room for clock steps. */
const REFILL_GUARD_MS = 1_000;
/** Changes are remembered this long for fills in flight (requests end within their timeout). */
const REMEMBER_MS = 10_000;
/** Shared parts remembered for reuse; past this many, the table starts again (entries keep theirs). */
const SHARED_MAX = 10_000;

/** A VALID or FORBIDDEN answer (FORBIDDEN: for this IP), frozen; `notAfter`: epoch ms after which
 *  it no longer holds (the token's expiry, or the end of a reset's grace period). */
export type Entry = { answer: Readonly<VerifyAnswer> & { token: VerifiedToken }; notAfter: number };

export const keyOf = (secret: string, ip: string | undefined): string =>
  hash('sha256', ip === undefined ? secret : `${secret}\n${ip}`, 'base64');

export class AnswerCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly keysByToken = new Map<string, string | string[]>();
  private readonly changedAt = new Map<string, number>();
  private readonly shared = new Map<string, unknown>();
  private resetAt = -Infinity;

  constructor(maxEntries: number) {
    this.entries = new LRUCache<string, Entry>({
      max: maxEntries,
      dispose: (entry, key) => this.forgetKey(entry.answer.token.id, key),
    });
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  /** Keeps `answer` (VALID or FORBIDDEN), asked for at `begun` (performance.now()), unless its
   *  token changed since. */
  fill(key: string, answer: VerifyAnswer & { token: VerifiedToken }, notAfter: number, begun: number): void {
    const guard = begun - REFILL_GUARD_MS;
    const { token } = answer;
    if (this.resetAt > guard || (this.changedAt.get(token.id) ?? -Infinity) > guard) return;
    // A literal of fixed shape: a spread copy of a parsed object takes three times the memory.
    const compact: VerifiedToken = Object.freeze({
      id: token.id,
      label: token.label,
      owner: this.share(`o${token.owner.type}|${token.owner.organization}|${token.owner.domain}`, () =>
        Object.freeze({ type: token.owner.type, organization: token.owner.organization, domain: token.owner.domain }),
      ),
      scopes: this.share(`s${token.scopes.join(' ')}`, () => Object.freeze([...token.scopes]) as string[]),
      apiVersion: this.share(`v${token.apiVersion}`, () => token.apiVersion),
      expiresAt: token.expiresAt,
    });
    this.entries.set(key, {
      answer: Object.freeze({ valid: answer.valid, code: answer.code, token: compact }),
      notAfter,
    });
    const keys = this.keysByToken.get(token.id);
    if (keys === undefined) this.keysByToken.set(token.id, key);
    else if (typeof keys === 'string') {
      if (keys !== key) this.keysByToken.set(token.id, [keys, key]);
    } else if (!keys.includes(key)) keys.push(key);
  }

  invalidate(tokenId: string): void {
    const now = performance.now();
    this.changedAt.delete(tokenId);
    this.changedAt.set(tokenId, now); // inserted last: the map stays ordered by time
    for (const [id, at] of this.changedAt) {
      if (now - at < REMEMBER_MS) break;
      this.changedAt.delete(id);
    }
    const keys = this.keysByToken.get(tokenId);
    for (const key of typeof keys === 'string' ? [keys] : [...(keys ?? [])]) this.entries.delete(key);
  }

  clear(): void {
    this.resetAt = performance.now();
    this.entries.clear();
    this.keysByToken.clear();
    this.shared.clear();
  }

  private forgetKey(tokenId: string, key: string): void {
    const keys = this.keysByToken.get(tokenId);
    if (keys === key) this.keysByToken.delete(tokenId);
    else if (Array.isArray(keys)) {
      const rest = keys.filter((k) => k !== key);
      if (rest.length === 1) this.keysByToken.set(tokenId, rest[0]!);
      else this.keysByToken.set(tokenId, rest);
    }
  }

  /** One copy of a part many tokens have in common. */
  private share<T>(id: string, make: () => T): T {
    let value = this.shared.get(id) as T | undefined;
    if (value === undefined) {
      if (this.shared.size >= SHARED_MAX) this.shared.clear();
      this.shared.set(id, (value = make()));
    }
    return value;
  }
}
