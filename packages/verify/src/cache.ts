// Answers kept in this process, found by a SHA-256 of the secret (never the secret itself).
// Whether a token is bound to IP addresses is not in its answer, so an answer holds for the
// address it was asked for: the secret's key holds the answer for the first address it was asked
// from (checked by comparing `ip`), any other address's answer sits under the key and that
// address. The IP is compared, not hashed in with the secret (that cost a string join and a
// longer hash per request).
// Bounded: past `maxEntries` answers, the least recently used goes, as CLOCK approximates it (a
// hit only marks its entry; the hand skips marked entries once), so a hit costs one Map lookup.
// An answer filled from a request that began less than REFILL_GUARD_MS after its token changed
// (or after a reset) is not kept: that answer may come from a tokenops instance whose own cache
// had not yet seen the change. Kept small (see bench/RESULTS.md): the answer, frozen, is shared
// by every hit; the parts many tokens share (owner, scopes, API version) are kept once; a token's
// keys are one string, or an array for the rare token asked for from several addresses.
import { hash } from 'node:crypto';
import type { VerifiedToken, VerifyAnswer } from './answer.js';

/** tokenops serves its own cached answers up to 750 ms behind; with room for clock steps. */
const REFILL_GUARD_MS = 1_000;
/** Changes are remembered this long for fills in flight (requests end within their timeout). */
const REMEMBER_MS = 10_000;
/** Shared parts remembered for reuse; past this many, the table starts again (entries keep theirs). */
const SHARED_MAX = 10_000;

/** A VALID or FORBIDDEN answer (FORBIDDEN: for `ip`), frozen; `notAfter`: epoch ms after which
 *  it is not served (the token's expiry or the end of a reset's grace period, with the expiry
 *  margin the verifier keeps). `revisitAt`: epoch ms from which a hit also asks tokenops again,
 *  in the background (verifier.ts's revisitMs); Infinity while that call is under way. */
export type Entry = {
  readonly answer: Readonly<VerifyAnswer> & { token: VerifiedToken };
  readonly notAfter: number;
  revisitAt: number;
  readonly ip: string | undefined;
  /** Asked for since the clock hand last passed. */
  used: boolean;
};

/** The cache key of a secret: its SHA-256, as a string of 32 one-byte characters (shorter than
 *  base64 or hex, so quicker to look up and smaller to keep). */
export const keyOf = (secret: string): string => hash('sha256', secret, 'binary');

/** Where an answer for another address than the key's first is kept (keys all have one length,
 *  so these never meet another secret's keys). */
const otherKey = (key: string, ip: string | undefined): string => (ip === undefined ? `${key}\n` : `${key}\n:${ip}`);

export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
  private readonly keysByToken = new Map<string, string | string[]>();
  private readonly changedAt = new Map<string, number>();
  private readonly shared = new Map<string, unknown>();
  private resetAt = -Infinity;
  /** The CLOCK hand: where the next eviction looks first (Map order, wrapping round). */
  private hand: MapIterator<[string, Entry]> = this.entries.entries();

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The answer for the secret of `key` asked from `ip`. */
  get(key: string, ip: string | undefined): Entry | undefined {
    let entry = this.entries.get(key);
    if (entry === undefined || entry.ip !== ip) entry = this.entries.get(otherKey(key, ip));
    if (entry !== undefined) entry.used = true;
    return entry;
  }

  /** Keeps `answer` (VALID or FORBIDDEN) for `ip`, asked for at `begun` (performance.now()),
   *  unless its token changed since. */
  fill(
    key: string,
    ip: string | undefined,
    answer: VerifyAnswer & { token: VerifiedToken },
    times: { notAfter: number; revisitAt: number },
    begun: number,
  ): void {
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
    const first = this.entries.get(key);
    const at = first === undefined || first.ip === ip ? key : otherKey(key, ip);
    if (at === key && first === undefined) this.remove(otherKey(key, ip)); // one answer per address
    if (!this.entries.has(at) && this.entries.size >= this.maxEntries) this.evict();
    this.remove(at);
    this.entries.set(at, {
      answer: Object.freeze({ valid: answer.valid, code: answer.code, token: compact }),
      notAfter: times.notAfter,
      revisitAt: times.revisitAt,
      ip,
      used: false,
    });
    const keys = this.keysByToken.get(token.id);
    if (keys === undefined) this.keysByToken.set(token.id, at);
    else if (typeof keys === 'string') {
      if (keys !== at) this.keysByToken.set(token.id, [keys, at]);
    } else if (!keys.includes(at)) keys.push(at);
  }

  /** Drops the answer for the secret of `key` asked from `ip` (tokenops no longer gives one to keep). */
  forget(key: string, ip: string | undefined): void {
    const first = this.entries.get(key);
    this.remove(first !== undefined && first.ip === ip ? key : otherKey(key, ip));
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
    for (const key of typeof keys === 'string' ? [keys] : [...(keys ?? [])]) this.remove(key);
  }

  clear(): void {
    this.resetAt = performance.now();
    this.entries.clear();
    this.keysByToken.clear();
    this.shared.clear();
    this.hand = this.entries.entries();
  }

  /** Drops the first entry the hand finds unmarked, unmarking those it passes. */
  private evict(): void {
    for (let passed = 0; passed <= 2 * this.entries.size; passed++) {
      let step = this.hand.next();
      if (step.done) step = (this.hand = this.entries.entries()).next();
      if (step.done) return;
      const [key, entry] = step.value;
      if (entry.used) entry.used = false;
      else return this.remove(key);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    const tokenId = entry.answer.token.id;
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
