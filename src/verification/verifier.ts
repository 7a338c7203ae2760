// The verification service (README: HTTP endpoints): is this secret valid, now? It owns the
// format check, the digest, the cache, the lookup, the verdict, last-used recording and the count of
// answers; the HTTP handler only transports. Malformed secrets are answered without a lookup,
// known digests from the cache while the change feed proves it current, the rest from
// PostgreSQL within a deadline: an answer it cannot check is an error, never VALID. Expiry is
// judged by the database's clock, whatever this instance's says.
import type pg from 'pg';
import { digestSecret, hasValidFormat } from '../domain/secret.js';
import { verdict, type VerifyCode } from '../domain/verification.js';
import { lookupSecret, rekeySecret } from '../store/sql/verification.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { ClientBudget } from './clientBudget.js';
import { cacheKeyOf, type Entry, type VerificationCache } from './cache.js';
import { monotonicMs, type DatabaseClock } from './databaseClock.js';
import type { LastUsedRecorder } from './lastUsed.js';

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

const CODES: VerifyCode[] = ['VALID', 'MALFORMED', 'NOT_FOUND', 'DISABLED', 'REVOKED', 'EXPIRED'];
/** Negative answers never change: serialized once. */
const INVALID = Object.fromEntries(CODES.map((code) => [code, `{"valid":false,"code":"${code}"}`])) as Record<VerifyCode, string>;
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
      cache: VerificationCache;
      clock: DatabaseClock;
      lastUsed: LastUsedRecorder;
      unknownSecrets: ClientBudget;
      metrics: Metrics;
      logger: Logger;
    },
  ) {}

  /** The answer's JSON body; synchronous when cached. Throws VerificationUnavailable or
   *  TooManyUnknownSecrets. `client` is whom unknown secrets are counted against. */
  verify(secret: string, client: string): string | Promise<string> {
    // The cache first: only well-formed secrets are ever cached, so a hit needs no format check.
    const key = cacheKeyOf(secret);
    const entry = this.options.cache.get(key);
    if (entry) return this.answer(entry);
    if (!hasValidFormat(secret, this.options.tokenPrefix)) {
      this.options.metrics.countVerification('MALFORMED');
      return INVALID.MALFORMED;
    }
    return this.lookUp(secret, key, client);
  }

  private async lookUp(secret: string, key: string, client: string): Promise<string> {
    const { cache, unknownSecrets, previousHashSecrets, hashSecret } = this.options;
    // A lookup spends from the client's budget of unknown secrets before the database is asked,
    // and a secret that exists gives it back: a client over its budget costs no query at all, so
    // a verification key cannot be turned into one query per request. A secret this cache saw
    // exist lately (its entry kept while the feed is late) is no probe: looked up unbudgeted.
    const spent = !cache.knows(key);
    if (spent && !unknownSecrets.spend(client)) {
      this.options.metrics.verificationRefusals.labels('unknown_secrets').inc();
      throw new TooManyUnknownSecrets(unknownSecrets.retryAfterSeconds(client));
    }
    const begun = cache.begin();
    const digest = digestSecret(secret, hashSecret);
    const digests = [digest, ...previousHashSecrets.map((previous) => digestSecret(secret, previous))];
    let found;
    const sentAt = monotonicMs();
    try {
      found = await lookupSecret(this.options.pool, digests);
    } catch (error) {
      if (spent) unknownSecrets.refund(client); // the database failed, not the client
      this.options.metrics.verificationRefusals.labels('unavailable').inc();
      if (monotonicMs() - this.unavailableLoggedAt > LOG_EVERY_MS) {
        this.unavailableLoggedAt = monotonicMs();
        this.options.logger.error({ err: error }, 'verification lookup failed: answering 503 until the database answers in time');
      }
      throw new VerificationUnavailable();
    }
    if (found) this.options.clock.observe(found.dbNowMs, sentAt, monotonicMs());
    if (found && found.digest !== digest) this.rekey(found.digest, digest);
    const entry: Entry = found
      ? { digest, found: found.token, body: JSON.stringify({ valid: true, code: 'VALID', token: found.token.summary }) }
      : { digest, found: null };
    cache.fill(key, entry, begun); // negatives too: a repeated unknown secret costs no lookup
    if (found && spent) unknownSecrets.refund(client);
    return this.answer(entry);
  }

  private answer(entry: Entry): string {
    const now = new Date(this.options.clock.now());
    const code = verdict(entry.found, now);
    this.options.metrics.countVerification(code);
    if (code !== 'VALID') return INVALID[code];
    // Once a minute per secret at most: admins read last-used to the minute, and a busy token
    // would otherwise cost a row update, and its WAL, at every flush.
    const at = now.getTime();
    if (entry.usedAt === undefined || at - entry.usedAt >= LAST_USED_RESOLUTION_MS) {
      entry.usedAt = at;
      this.options.lastUsed.record(entry.found!.tokenId, now);
    }
    return entry.body!;
  }

  /** A secret found under a previous key is stored under the current one from now on. */
  private rekey(from: string, to: string) {
    rekeySecret(this.options.pool, from, to).then(
      () => this.options.logger.info('re-keyed a token secret digest to the current TOKEN_HASH_SECRET'),
      (error) => this.options.logger.warn({ err: error }, 'could not re-key a token secret digest'),
    );
  }
}
