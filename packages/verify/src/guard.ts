// What every middleware does, framework aside: read the bearer token, verify it, and either let
// the request in (with the token's id, owner and scopes) or say how to refuse it: 401 with
// WWW-Authenticate for a token that does not work (RFC 6750), 403 for an address or scope the
// token is not allowed, 429 with Retry-After when its rate limit is spent, 503 with Retry-After
// when tokenops could not say (never let in).
import { VerificationUnavailable, type VerifiedToken, type VerifyAnswer } from './answer.js';
import type { SecretMemo, Verifier } from './verifier.js';

/** What a middleware puts on the request as `tokenops`. */
export type TokenopsAuth = { tokenId: string; owner: VerifiedToken['owner']; scopes: string[]; token: VerifiedToken };

export type Outcome =
  | { ok: true; auth: TokenopsAuth }
  | {
      ok: false;
      status: 401 | 403 | 429 | 503;
      headers: Record<string, string>;
      body: { error: string; message: string };
    };

/** `scopes`: what the route needs; `ip`: the end client's address (default: the socket's). */
export type GuardOptions<Request> = {
  scopes?: string[] | ((req: Request) => string[]);
  ip?: (req: Request) => string | undefined;
};

const MESSAGES: Record<string, string> = {
  missing_token: 'Send Authorization: Bearer <token>.',
  MALFORMED: 'The token is not a valid token.',
  NOT_FOUND: 'The token is not known.',
  DISABLED: 'The token is disabled.',
  REVOKED: 'The token has been revoked.',
  EXPIRED: 'The token has expired.',
  FORBIDDEN: 'The token may not be used from this address.',
  INSUFFICIENT_SCOPE: 'The token lacks a scope this request needs.',
  RATE_LIMITED: 'The token has made too many requests; retry later.',
  unavailable: 'The token could not be checked right now; retry shortly.',
};

/** The Authorization scheme, in any case (RFC 7235): `bearer` and `BEARER` are Bearer too. */
const BEARER = /^bearer /i;

const refuse = (status: 401 | 403 | 429 | 503, error: string, headers: Record<string, string> = {}): Outcome => ({
  ok: false,
  status,
  headers,
  body: { error: error.toLowerCase(), message: MESSAGES[error]! },
});

function outcomeOf(answer: VerifyAnswer): Outcome {
  const { code, token } = answer;
  if (answer.valid && token)
    return { ok: true, auth: { tokenId: token.id, owner: token.owner, scopes: token.scopes, token } };
  if (code === 'FORBIDDEN') return refuse(403, code);
  if (code === 'INSUFFICIENT_SCOPE') {
    const scope = (answer.missingScopes ?? []).join(' ');
    return refuse(403, code, { 'www-authenticate': `Bearer error="insufficient_scope", scope="${scope}"` });
  }
  if (code === 'RATE_LIMITED') {
    const resetAt = answer.rateLimit ? Date.parse(answer.rateLimit.resetAt) : NaN;
    const seconds = Number.isFinite(resetAt) ? Math.max(1, Math.ceil((resetAt - Date.now()) / 1000)) : 1;
    return refuse(429, code, { 'retry-after': String(seconds) });
  }
  const error = code in MESSAGES ? code : 'NOT_FOUND';
  return refuse(401, error, {
    'www-authenticate': `Bearer error="invalid_token", error_description="${MESSAGES[error]}"`,
  });
}

/** The outcome for a request with this Authorization header. */
export async function authenticate(
  verifier: Verifier,
  authorization: string | undefined,
  request: { ip?: string; scopes?: string[] },
): Promise<Outcome> {
  return outcomeFor(verifier, authorization, request);
}

/** A connection's memo (the verifier's, and the Authorization header its secret was read from). */
type ConnectionMemo = SecretMemo & { authorization?: string };
const MEMO = Symbol('tokenops: the last token presented on this connection');

/** The memo kept on a request's connection (node:http's socket) for its next request. The last
 *  secret presented on a connection stays on it until the connection closes or presents another
 *  (every request brings it into this process anyway); the answer cache keeps only SHA-256s. */
export function memoOf(socket: object | null | undefined): ConnectionMemo | undefined {
  if (!socket) return undefined;
  let memo = (socket as { [MEMO]?: ConnectionMemo })[MEMO];
  // Not enumerable: util.inspect of a socket or request (a debug log) does not print the secret.
  if (memo === undefined) Object.defineProperty(socket, MEMO, { value: (memo = {}) });
  return memo;
}

/** authenticate's work, at once when the answer is cached (a middleware's hot path: no promise).
 *  `memo`: the connection's (memoOf), where a middleware has one. */
export function outcomeFor(
  verifier: Verifier,
  authorization: string | undefined,
  request: { ip?: string; scopes?: string[] },
  memo?: ConnectionMemo,
): Outcome | Promise<Outcome> {
  let secret: string;
  if (memo !== undefined && authorization !== undefined && memo.authorization === authorization) secret = memo.secret!;
  else {
    secret = authorization !== undefined && BEARER.test(authorization) ? authorization.slice(7).trim() : '';
    if (memo) {
      memo.authorization = authorization;
      memo.secret = secret;
      memo.key = undefined; // the verifier's, for this secret
    }
  }
  if (!secret) return refuse(401, 'missing_token', { 'www-authenticate': 'Bearer' });
  const hit = verifier.cached?.(secret, request, memo);
  if (hit) return outcomeOf(hit);
  // Promise.resolve: a hand-made Verifier may answer with another kind of thenable, and callers
  // tell a cached outcome from a pending one by `instanceof Promise`.
  return Promise.resolve(verifier.verify(secret, request)).then(outcomeOf, (error: unknown) => {
    if (!(error instanceof VerificationUnavailable)) throw error;
    return refuse(503, 'unavailable', { 'retry-after': String(error.retryAfterSeconds) });
  });
}

export const scopesOf = <Request>(options: GuardOptions<Request>, req: Request): string[] | undefined =>
  typeof options.scopes === 'function' ? options.scopes(req) : options.scopes;
