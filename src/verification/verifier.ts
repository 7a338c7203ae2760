// The verification service (README: HTTP endpoints): is this secret valid, now? It owns the
// format check, the digest, the cache, the lookup, the verdict, last-used recording and the count of
// answers; the HTTP handler only transports. Malformed secrets are answered without a lookup,
// known digests from the cache while the change feed proves it current, the rest from
// PostgreSQL within a deadline: an answer it cannot check is an error, never VALID. Expiry is
// judged by the database's clock, whatever this instance's says. A token's policy (README:
// Governing use) is part of its cached entry; only a rate limit may cost a round trip (to Redis,
// when this instance's lease cannot tell). A request refused for an earlier reason (its status,
// address or scopes) only reads the limit, which its answer tells, and spends nothing.
import type pg from 'pg';
import { digestSecret, hasValidFormat } from '../domain/secret.js';
import {
  policyVerdict,
  verdict,
  VERIFY_CODES,
  type VerifiedToken,
  type VerifyCode,
  type VerifyRequest,
} from '../domain/verification.js';
import { secretEnd } from '../domain/tokens.js';
import { rekeySecret } from '../store/sql/verification.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { UnknownSecretBudget } from './clientBudget.js';
import { cacheKeyOf, type Entry, type VerificationCache } from './cache.js';
import { monotonicMs, type DatabaseClock } from './databaseClock.js';
import type { RateLimiter, RateState } from './rateLimiter.js';
import type { UsageRecorder } from './usage.js';
import type { Lookups } from './lookups.js';

/** The database could not answer within the deadline. */
export class VerificationUnavailable extends Error {
  constructor() {
    super('verification is temporarily unavailable');
  }
}

/** The client looked up too many unknown secrets lately. */
export class TooManyUnknownSecrets extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('too many unknown secrets');
  }
}

export type SecretSeen = { secretExpiresAt?: Date | null };
/** Who asks (a socket): unknown secrets are counted against its address. */
export type Client = { readonly remoteAddress?: string };

/** Negative answers never change: serialized once. */
const INVALID = Object.fromEntries(VERIFY_CODES.map((code) => [code, `{"valid":false,"code":"${code}"}`])) as Record<
  VerifyCode,
  string
>;
const LOG_EVERY_MS = 10_000;
/** How far behind a stored last-used time may be (besides the flush interval). */
const LAST_USED_RESOLUTION_MS = 60_000;

export class Verifier {
  private unavailableLoggedAt = 0;

  constructor(
    private readonly options: {
      tokenPrefix: string;
      hashSecret: string;
      /** Keys digests were made with before a rotation: still found, and re-keyed when found. */
      previousHashSecrets: string[];
      pool: pg.Pool;
      /** Cold lookups, batched (lookups.ts). */
      lookups: Lookups;
      cache: VerificationCache;
      clock: DatabaseClock;
      usage: UsageRecorder;
      rateLimiter: RateLimiter;
      /** A refusal the primary contact hears about (FORBIDDEN, RATE_LIMITED); deduplicated by the callee. */
      onRefused?: (tokenId: string, code: 'FORBIDDEN' | 'RATE_LIMITED') => void;
      unknownSecrets: UnknownSecretBudget;
      metrics: Metrics;
      logger: Logger;
    },
  ) {}

  /** The answer's JSON body; synchronous when cached and not rate-limited. `given`: the secret,
   *  or its UTF-8 bytes as the request carried them (hashed for the cache without decoding). Throws
   *  VerificationUnavailable or TooManyUnknownSecrets. `client` is whom unknown secrets are
   *  counted against (its address is read on a miss only: the getter costs on every hit);
   *  `request` what the calling API says about the call (README: Governing use). `seen`, when
   *  given, is told when a VALID secret stops working after a reset's grace period (caches
   *  outside tokenops need it: no change announces that moment). */
  verify(
    given: string | Buffer,
    client: Client,
    request: VerifyRequest = {},
    seen?: SecretSeen,
  ): string | Promise<string> {
    // The cache first: only well-formed secrets are ever cached, so a hit needs no format check.
    const key = cacheKeyOf(given);
    const entry = this.options.cache.get(key);
    if (entry) return this.answer(entry, request, seen);
    const secret = typeof given === 'string' ? given : given.toString('utf8');
    if (!hasValidFormat(secret, this.options.tokenPrefix)) {
      this.options.metrics.countVerification('MALFORMED');
      return INVALID.MALFORMED;
    }
    return this.lookUp(secret, key, client, request, seen);
  }

  private async lookUp(
    secret: string,
    key: string,
    from: Client,
    request: VerifyRequest,
    seen?: SecretSeen,
  ): Promise<string> {
    const { cache, unknownSecrets, previousHashSecrets, hashSecret } = this.options;
    const client = from.remoteAddress ?? 'unknown';
    // A lookup spends from the client's budget of unknown secrets before the database is asked,
    // and a secret that exists gives it back: a client over its budget costs no query at all, so
    // a verification key cannot be turned into one query per request. A secret this cache saw
    // exist lately (its entry kept while the feed is late) is no probe: looked up unbudgeted.
    const spent = !cache.knows(key);
    if (spent && !unknownSecrets.spend(client, request.ip)) {
      this.options.metrics.verificationRefusals.labels('unknown_secrets').inc();
      throw new TooManyUnknownSecrets(unknownSecrets.retryAfterSeconds(client, request.ip));
    }
    const begun = cache.begin();
    const digest = digestSecret(secret, hashSecret);
    const digests = [digest, ...previousHashSecrets.map((previous) => digestSecret(secret, previous))];
    let found, dbNowMs;
    const sentAt = monotonicMs();
    try {
      ({ found, dbNowMs } = await this.options.lookups.find(digests));
    } catch (error) {
      if (spent) unknownSecrets.refund(client, request.ip); // the database failed, not the client
      this.options.metrics.verificationRefusals.labels('unavailable').inc();
      if (monotonicMs() - this.unavailableLoggedAt > LOG_EVERY_MS) {
        this.unavailableLoggedAt = monotonicMs();
        this.options.logger.error(
          { err: error },
          'verification lookup failed: answering 503 until the database answers in time',
        );
      }
      throw new VerificationUnavailable();
    }
    if (found) this.options.clock.observe(dbNowMs!, sentAt, monotonicMs());
    if (found && found.digest !== digest) this.rekey(found.digest, digest);
    const entry: Entry = found ? entryOf(digest, found.token) : { digest, found: null };
    cache.fill(key, entry, begun); // negatives too: a repeated unknown secret costs no lookup
    if (found && spent) unknownSecrets.refund(client, request.ip);
    return this.answer(entry, request, seen);
  }

  private answer(entry: Entry, request: VerifyRequest, seen?: SecretSeen): string | Promise<string> {
    const at = this.options.clock.now();
    const token = entry.found;
    const code = entry.validUntil !== undefined && at < entry.validUntil ? 'VALID' : verdict(token, new Date(at));
    if (code !== 'VALID') {
      // A status refusal of a rate-limited token tells its limit too (README: Governing use),
      // spending nothing; an unknown secret (NOT_FOUND) tells nothing.
      if (code === 'NOT_FOUND' || !token?.rateLimit) return this.refuse(token, code, at, request, INVALID[code]);
      const state = this.options.rateLimiter.take(token.tokenId, token.rateLimit, false);
      const refused = (read: RateState) =>
        this.refuse(token, code, at, request, `{"valid":false,"code":"${code}",${rateLimitJson(read)}}`);
      return state instanceof Promise ? state.then(refused) : refused(state);
    }
    if (seen) seen.secretExpiresAt = secretEnd(token!.secretExpiresAt, token!.expiresAt);
    const { allowList, rateLimit } = token!;
    if (!allowList && !rateLimit && !request.scopes?.length) return this.admit(entry, at, request);
    const refused = policyVerdict(token!, request);
    if (!rateLimit) {
      if (!refused) return this.admit(entry, at, request);
      return this.refuse(
        token,
        refused.code,
        at,
        request,
        answerBody(entry, refused.code, refused.code === 'INSUFFICIENT_SCOPE' ? refused.missingScopes : undefined),
      );
    }
    return this.limited(entry, token!, refused, at, request);
  }

  /** A rate-limited token: what is left is read (refused) or spent (admitted), from this
   *  instance's lease when it can tell, else in Redis. */
  private limited(
    entry: Entry,
    token: VerifiedToken,
    refused: ReturnType<typeof policyVerdict>,
    at: number,
    request: VerifyRequest,
  ): string | Promise<string> {
    const state = this.options.rateLimiter.take(token.tokenId, token.rateLimit!, !refused);
    if (state instanceof Promise)
      return state.then((taken) => this.limitedAnswer(entry, token, refused, at, request, taken));
    return this.limitedAnswer(entry, token, refused, at, request, state);
  }

  private limitedAnswer(
    entry: Entry,
    token: VerifiedToken,
    refused: ReturnType<typeof policyVerdict>,
    at: number,
    request: VerifyRequest,
    state: RateState,
  ): string {
    if (refused)
      return this.refuse(
        token,
        refused.code,
        at,
        request,
        answerBody(
          entry,
          refused.code,
          refused.code === 'INSUFFICIENT_SCOPE' ? refused.missingScopes : undefined,
          state,
        ),
      );
    if (!state.allowed)
      return this.refuse(
        token,
        'RATE_LIMITED',
        at,
        request,
        answerBody(entry, 'RATE_LIMITED', undefined, state),
        // Refused because Redis could not count (RATE_LIMIT_ON_FAILURE=closed), not for its
        // traffic: the contact is not told that the token was called too often.
        !state.unchecked,
      );
    this.admit(entry, at, request);
    return answerBody(entry, 'VALID', undefined, state);
  }

  private admit(entry: Entry, at: number, request: VerifyRequest): string {
    this.options.metrics.countVerification('VALID');
    const tokenId = entry.found!.tokenId;
    this.options.usage.count(tokenId, 'VALID', at, request.ip, entry);
    // Once a minute per secret at most: admins read last-used to the minute, and a busy token
    // would otherwise cost a row update, and its WAL, at every flush.
    if (entry.usedAt === undefined || at - entry.usedAt >= LAST_USED_RESOLUTION_MS) {
      entry.usedAt = at;
      this.options.usage.record(tokenId, new Date(at));
    }
    return entry.body!;
  }

  private refuse(
    token: VerifiedToken | null,
    code: VerifyCode,
    at: number,
    request: VerifyRequest,
    body: string,
    notify = true,
  ): string {
    this.options.metrics.countVerification(code);
    if (!token) return body;
    this.options.usage.count(token.tokenId, code, at, request.ip);
    if (notify && (code === 'FORBIDDEN' || code === 'RATE_LIMITED')) this.options.onRefused?.(token.tokenId, code);
    return body;
  }

  /** A secret found under a previous key is stored under the current one from now on. */
  private rekey(from: string, to: string) {
    rekeySecret(this.options.pool, from, to).then(
      () => this.options.logger.info('re-keyed a token secret digest to the current TOKEN_HASH_SECRET'),
      (error) => this.options.logger.warn({ err: error }, 'could not re-key a token secret digest'),
    );
  }
}

/** A found token's cache entry, with the parts of its answers built once. */
function entryOf(digest: string, token: VerifiedToken): Entry {
  const tokenJson = JSON.stringify(token.summary);
  const ends = (at: Date | null) => at?.getTime() ?? Infinity;
  return {
    digest,
    found: token,
    tokenJson,
    body: `{"valid":true,"code":"VALID","token":${tokenJson}}`,
    validUntil: token.status === 'enabled' ? Math.min(ends(token.expiresAt), ends(token.secretExpiresAt)) : undefined,
    tally: undefined,
  };
}

/** An answer that carries the token (README: Governing use): VALID with a rate limit, or one of the policy refusals. */
function answerBody(entry: Entry, code: VerifyCode, missingScopes?: string[], state?: RateState): string {
  // An admitted request of a rate-limited token, the common case: its answer's head is built once.
  if (code === 'VALID' && state)
    return `${(entry.limitedHead ??= `{"valid":true,"code":"VALID","token":${entry.tokenJson},`)}${rateLimitJson(state)}}`;
  const missing = missingScopes ? `,"missingScopes":${JSON.stringify(missingScopes)}` : '';
  const rate = state ? `,${rateLimitJson(state)}` : '';
  return `{"valid":${code === 'VALID'},"code":"${code}","token":${entry.tokenJson}${missing}${rate}}`;
}

const rateLimitJson = (state: RateState) =>
  `"rateLimit":{"limit":${state.limit},"remaining":${state.remaining},"resetAt":"${isoTime(state.resetAtMs)}"}`;

/** The last reset time written, kept: a lease's answers all carry the same one. */
let lastIso = { ms: NaN, text: '' };
function isoTime(ms: number): string {
  if (ms !== lastIso.ms) lastIso = { ms, text: new Date(ms).toISOString() };
  return lastIso.text;
}
