// createVerifier: the answer of POST /v1/tokens/verify, from this process's cache while the
// change stream proves it current, else from tokenops, else VerificationUnavailable (never a
// stale VALID). Malformed secrets are answered locally. Policy is applied as tokenops applies
// it: FORBIDDEN is kept per client IP, missing scopes are worked out from the token's scopes.
// Answers of rate-limited tokens (they carry `rateLimit`) are never cached: tokenops counts
// every request, across all instances of your API.
import { VerificationUnavailable, type VerifiedToken, type VerifyAnswer, type VerifyRequest } from './answer.js';
import { AnswerCache, keyOf, type Entry } from './cache.js';
import { hasValidFormat } from './format.js';
import { ChangeStream } from './stream.js';

export type VerifierOptions = {
  /** tokenops' base URL, e.g. https://tokenops.example.com, or with the path a gateway serves it
   *  under (https://gw.example.com/tokenops): the endpoints are found below it. */
  url: string;
  /** One of tokenops' VERIFY_API_KEYS. */
  apiKey: string;
  /** TOKEN_PREFIX of that tokenops (default `tko`). */
  tokenPrefix?: string;
  /** Answers kept (LRU; default 100,000: see bench/RESULTS.md for their memory). */
  maxEntries?: number;
  /** How long after tokenops' last proof of currency cached answers are still served (default
   *  and maximum 750 ms: with tokenops' poll interval, a change is honoured within 1 s). */
  staleBoundMs?: number;
  /** Deadline of a call to tokenops (default 2,000 ms). */
  timeoutMs?: number;
  /** How often tokenops is asked again about a cached answer in use (default 60,000 ms): a token
   *  in use reaches tokenops that often, so its last use (≤ 60 s behind), its client addresses
   *  and the unused-token digest hold for tokens verified through this cache too. The call is
   *  made in the background, one at a time per secret and address, while the cached answer,
   *  still kept true by the change stream, goes on being served. */
  revisitMs?: number;
};

/** Kept by a caller per connection: the secret last asked about there and its cache key. A
 *  kept-alive connection presents the same token request after request; its key is then not
 *  derived again (the SHA-256 was most of a cached answer's cost). */
export type SecretMemo = { secret?: string; key?: string };

export type Verifier = {
  verify(secret: string, request?: VerifyRequest): Promise<VerifyAnswer>;
  /** The answer from this process's cache when it may be used (no call, no wait); else undefined.
   *  `memo`: the connection's, when the caller keeps one. */
  cached?(secret: string, request?: VerifyRequest, memo?: SecretMemo): VerifyAnswer | undefined;
  /** For health checks and dashboards. */
  stats(): { cached: number; streamCurrent: boolean; fromCache: number; fromServer: number };
  close(): void;
};

/** Within this much of an expiry, the server decides (clocks may disagree by that much). */
const EXPIRY_MARGIN_MS = 5_000;
/** A revisit that failed is tried again after this long (the answer stays served meanwhile only
 *  while the change stream proves it current). */
const REVISIT_RETRY_MS = 5_000;
const MALFORMED: VerifyAnswer = Object.freeze({ valid: false, code: 'MALFORMED' });

/** `path` below `base`, the base's own path kept (new URL('/v1/…', base) would drop it). */
function below(base: string, path: string): URL {
  const url = new URL(base);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return new URL(path, url);
}

/** INSUFFICIENT_SCOPE for a VALID answer whose token lacks any of `scopes`. */
function scoped(answer: VerifyAnswer, scopes: string[] | undefined): VerifyAnswer {
  if (!scopes?.length || !answer.valid || !answer.token) return answer;
  const { scopes: has } = answer.token;
  const missingScopes = scopes.filter((scope) => !has.includes(scope));
  return missingScopes.length ? { ...answer, valid: false, code: 'INSUFFICIENT_SCOPE', missingScopes } : answer;
}

export function createVerifier(options: VerifierOptions): Verifier {
  const prefix = options.tokenPrefix ?? 'tko';
  const timeoutMs = options.timeoutMs ?? 2_000;
  const revisitMs = options.revisitMs ?? 60_000;
  const cache = new AnswerCache(options.maxEntries ?? 100_000);
  const stream = new ChangeStream({
    url: below(options.url, 'v1/tokens/changes'),
    apiKey: options.apiKey,
    boundMs: Math.min(options.staleBoundMs ?? 750, 750),
    events: { change: (tokenId) => cache.invalidate(tokenId), reset: () => cache.clear() },
  });
  const endpoint = below(options.url, 'v1/tokens/verify');
  const counts = { fromCache: 0, fromServer: 0 };

  async function ask(secret: string, request: VerifyRequest): Promise<VerifyAnswer> {
    const begun = performance.now();
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ token: secret, ip: request.ip, scopes: request.scopes }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new VerificationUnavailable('tokenops could not be reached in time');
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      const retryAfter = Number(response.headers.get('retry-after')) || 1;
      if (response.status === 401) throw new VerificationUnavailable('tokenops refused the verification API key', 60);
      throw new VerificationUnavailable(`tokenops answered ${response.status}`, retryAfter);
    }
    let answer: VerifyAnswer | null;
    try {
      answer = (await response.json()) as VerifyAnswer | null;
    } catch {
      // Cut short, past the deadline (it covers the body too), or not JSON (a proxy's page).
      throw new VerificationUnavailable('tokenops’ answer could not be read');
    }
    if (typeof answer?.valid !== 'boolean') throw new VerificationUnavailable('tokenops answered no verification');
    counts.fromServer++;
    const { token } = answer;
    const cacheable =
      token &&
      !answer.rateLimit &&
      (answer.code === 'VALID' || answer.code === 'FORBIDDEN' || answer.code === 'INSUFFICIENT_SCOPE');
    if (!cacheable) {
      cache.forget(keyOf(secret), request.ip); // a revisit's answer that is not kept replaces the one that was
      return answer;
    }
    const secretEnds = Date.parse(response.headers.get('tokenops-secret-expires-at') ?? '');
    const tokenEnds = token.expiresAt === null ? Infinity : Date.parse(token.expiresAt);
    // INSUFFICIENT_SCOPE is the token's VALID answer, checked against each call's scopes.
    const kept: VerifyAnswer & { token: VerifiedToken } =
      answer.code === 'FORBIDDEN' ? { valid: false, code: 'FORBIDDEN', token } : { valid: true, code: 'VALID', token };
    // Served until the token's expiry or its old secret's end, whichever comes first.
    const notAfter = Math.min(tokenEnds, secretEnds || Infinity);
    cache.fill(keyOf(secret), request.ip, kept, { notAfter, revisitAt: Date.now() + revisitMs }, begun);
    return answer;
  }

  /** Asks tokenops about a cached answer again, in the background: its use is recorded there. */
  function revisit(secret: string, request: VerifyRequest, entry: Entry): void {
    entry.revisitAt = Infinity; // one call at a time: a hot token's hits do not each ask
    ask(secret, request).catch(() => {
      entry.revisitAt = Date.now() + REVISIT_RETRY_MS;
    });
  }

  function cached(secret: string, request: VerifyRequest = {}, memo?: SecretMemo): VerifyAnswer | undefined {
    // A hit needs no format check: only well-formed secrets' answers are kept.
    const now = performance.now();
    if (now >= stream.servingUntil) return undefined;
    let key = memo?.secret === secret ? memo.key : undefined;
    if (key === undefined) {
      key = keyOf(secret);
      if (memo) {
        memo.secret = secret;
        memo.key = key;
      }
    }
    const entry = cache.get(key, request.ip);
    const wallNow = now + stream.wallOffset;
    if (entry === undefined || entry.notAfter - EXPIRY_MARGIN_MS <= wallNow) return undefined;
    if (entry.revisitAt <= wallNow) revisit(secret, request, entry);
    counts.fromCache++;
    return scoped(entry.answer, request.scopes);
  }

  return {
    cached,
    async verify(secret, request = {}) {
      const hit = cached(secret, request);
      if (hit) return hit;
      if (!hasValidFormat(secret, prefix)) return MALFORMED;
      // The same scope rule on tokenops' answers: a tokenops from before scopes were checked
      // at verification answers VALID whatever the scopes asked.
      return scoped(await ask(secret, request), request.scopes);
    },
    stats: () => ({ cached: cache.size, streamCurrent: stream.current, ...counts }),
    close: () => stream.close(),
  };
}
