// POST /v1/tokens/verify (README: HTTP endpoints): transport only. Authenticates the caller, reads and
// parses the body, asks the Verifier and writes its answer; refusals are counted by reason.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import {
  TooManyUnknownSecrets,
  VerificationUnavailable,
  type SecretSeen,
  type Verifier,
} from '../verification/verifier.js';
import type { VerifyRequest } from '../domain/verification.js';
import { authorizationOf } from '@tokenops/verify/node';
import { bearerChecker, onBody, wrongKeyThrottle } from './request.js';
import { requestFailed, sendJson, type Handler } from './server.js';
import { TurnWriter } from './turnWrites.js';

const MAX_BODY_BYTES = 4_096;
const MAX_SCOPES = 100;
/** A call that names no address and no scopes. */
const NO_POLICY_ASKED: VerifyRequest = Object.freeze({});
/** The route's label in logs and metrics, as the server's table names it. */
const ROUTE = 'POST /v1/tokens/verify';

/** Told, for a VALID secret that stops working at a set time (a reset's grace period), when. */
const SECRET_EXPIRES_HEADER = 'tokenops-secret-expires-at';
/** The verifier tells the secret's end before its policy is checked: only VALID answers carry it. */
const VALID_HEAD = '{"valid":true';

const TOKEN_HEAD = Buffer.from('{"token":"');
const IP_HEAD = Buffer.from(',"ip":"');
const SCOPES_HEAD = Buffer.from(',"scopes":[');
const [QUOTE, COMMA, CLOSE_ARRAY, CLOSE_OBJECT] = [0x22, 0x2c, 0x5d, 0x7d];

/** Where the JSON string that starts at `from` (after its opening quote) ends (its closing
 *  quote), when it holds only printable ASCII other than a quote or backslash (then it means its
 *  bytes as they are); else -1. */
function plainStringEnd(raw: Buffer, from: number): number {
  for (let i = from; i < raw.length; i++) {
    const byte = raw[i]!;
    if (byte === QUOTE) return i;
    if (byte < 0x20 || byte > 0x7e || byte === 0x5c) return -1;
  }
  return -1;
}

function startsAt(raw: Buffer, at: number, head: Buffer): boolean {
  if (raw.length - at < head.length) return false;
  for (let i = 0; i < head.length; i++) if (raw[at + i] !== head[i]) return false;
  return true;
}

/**
 * The secret's bytes when the body is exactly `{"token":"<plain string>"}`, as the SDK sends a
 * call without address or scopes; else undefined. Such a body means what JSON.parse would read
 * from it, and its secret is hashed for the cache as it came: a warm verification decodes and
 * parses nothing.
 */
export function tokenOnlyBody(raw: Buffer): Buffer | undefined {
  const end = raw.length - 2;
  if (!startsAt(raw, 0, TOKEN_HEAD) || plainStringEnd(raw, TOKEN_HEAD.length) !== end) return undefined;
  return raw[end + 1] === CLOSE_OBJECT ? raw.subarray(TOKEN_HEAD.length, end) : undefined;
}

/**
 * The secret's bytes and what the call asks, when the body is exactly
 * `{"token":"…","ip":"…","scopes":["…",…]}` (ip and scopes each optional, in that order, at most
 * MAX_SCOPES, every string plain), as the SDK sends a call with an address or scopes; else
 * undefined, and the body is parsed as JSON. Read as JSON.parse would read it, without building
 * the text and the object it would (~1.6 % of a policed verification's CPU: bench/RESULTS.md).
 */
export function policyBody(raw: Buffer): { token: Buffer; request: VerifyRequest } | undefined {
  if (!startsAt(raw, 0, TOKEN_HEAD)) return undefined;
  let end = plainStringEnd(raw, TOKEN_HEAD.length);
  if (end < 0) return undefined;
  const token = raw.subarray(TOKEN_HEAD.length, end);
  let at = end + 1;
  let ip: string | undefined;
  let scopes: string[] | undefined;
  if (startsAt(raw, at, IP_HEAD)) {
    at += IP_HEAD.length;
    if ((end = plainStringEnd(raw, at)) < 0) return undefined;
    ip = raw.toString('latin1', at, end);
    at = end + 1;
  }
  if (startsAt(raw, at, SCOPES_HEAD)) {
    at += SCOPES_HEAD.length;
    scopes = [];
    while (raw[at] === QUOTE) {
      if ((end = plainStringEnd(raw, at + 1)) < 0 || scopes.length === MAX_SCOPES) return undefined;
      scopes.push(raw.toString('latin1', at + 1, end));
      at = end + 1;
      if (raw[at] !== COMMA) break;
      if (raw[++at] !== QUOTE) return undefined;
    }
    if (raw[at++] !== CLOSE_ARRAY) return undefined;
  }
  return at === raw.length - 1 && raw[at] === CLOSE_OBJECT ? { token, request: { ip, scopes } } : undefined;
}

/** A loop, not `every`: no closure per verification. */
function allStrings(values: unknown[]): boolean {
  for (const value of values) if (typeof value !== 'string') return false;
  return true;
}

export function verifyRoute(options: {
  apiKeys: string[];
  verifier: Verifier;
  metrics: Metrics;
  logger: Logger;
}): Handler {
  const { verifier, metrics, logger } = options;
  const authorized = bearerChecker(options.apiKeys);
  const throttled = wrongKeyThrottle();
  const refused = (reason: string) => metrics.verificationRefusals.labels(reason).inc();
  const answers = new TurnWriter((res, error) => requestFailed(logger, res, ROUTE, error));
  const sendRaw = (res: ServerResponse, body: string, seen: SecretSeen) => {
    if (seen.secretExpiresAt && body.startsWith(VALID_HEAD))
      res.setHeader(SECRET_EXPIRES_HEADER, seen.secretExpiresAt.toISOString());
    answers.send(res, body);
  };

  /** What the verifier could not answer, or a body that could not be read. */
  const failed = (res: ServerResponse, error: unknown) => {
    if (error instanceof TooManyUnknownSecrets) {
      res.setHeader('retry-after', String(error.retryAfterSeconds));
      return sendJson(res, 429, {
        error: 'too_many_unknown_tokens',
        message: 'Too many unknown tokens from this client; wait before retrying.',
      });
    }
    if (error instanceof VerificationUnavailable) {
      res.setHeader('retry-after', '1');
      return sendJson(res, 503, {
        error: 'unavailable',
        message: 'Verification is temporarily unavailable: the token could not be checked. Retry shortly.',
      });
    }
    requestFailed(logger, res, ROUTE, error);
  };

  /** The rest of a request once its body is read: parsed, checked, answered. */
  const answer = (req: IncomingMessage, res: ServerResponse, raw: Buffer | undefined) => {
    if (raw === undefined) {
      refused('body_too_large');
      return sendJson(res, 400, {
        error: 'body_too_large',
        message: `The body must be at most ${MAX_BODY_BYTES} bytes.`,
      });
    }
    const tokenOnly = tokenOnlyBody(raw);
    if (tokenOnly) return verified(req, res, tokenOnly, NO_POLICY_ASKED);
    const read = policyBody(raw);
    if (read) return verified(req, res, read.token, read.request);
    let body: { token?: unknown; ip?: unknown; scopes?: unknown } | null;
    try {
      body = JSON.parse(raw.toString('utf8')) as typeof body;
    } catch {
      refused('invalid_json');
      return sendJson(res, 400, { error: 'invalid_json', message: 'The body must be JSON: {"token": "<secret>"}.' });
    }
    const secret = body?.token;
    if (typeof secret !== 'string') {
      refused('token_missing');
      return sendJson(res, 400, { error: 'token_missing', message: 'The body must be JSON: {"token": "<secret>"}.' });
    }
    const { ip, scopes } = body!;
    if (ip !== undefined && typeof ip !== 'string') {
      refused('ip_invalid');
      return sendJson(res, 400, {
        error: 'ip_invalid',
        message: '"ip", when given, must be a string: the end client\'s address as your API saw it.',
      });
    }
    if (scopes !== undefined && !(Array.isArray(scopes) && scopes.length <= MAX_SCOPES && allStrings(scopes))) {
      refused('scopes_invalid');
      return sendJson(res, 400, {
        error: 'scopes_invalid',
        message: `"scopes", when given, must be an array of at most ${MAX_SCOPES} scope names.`,
      });
    }
    verified(req, res, secret, { ip, scopes: scopes as string[] | undefined });
  };

  /** Asks the verifier and writes its answer: a cached one at once; a lookup or a rate-limit
   *  round trip is waited for. */
  const verified = (req: IncomingMessage, res: ServerResponse, secret: string | Buffer, request: VerifyRequest) => {
    const seen: SecretSeen = {};
    let answered;
    try {
      answered = verifier.verify(secret, req.socket, request, seen);
    } catch (error) {
      return failed(res, error);
    }
    if (typeof answered === 'string') return sendRaw(res, answered, seen);
    answered.then(
      (text) => sendRaw(res, text, seen),
      (error: unknown) => failed(res, error),
    );
  };

  // Not async: a cached verification runs from the body's 'end' to the answer without a promise.
  return (req, res) => {
    if (!authorized(req)) {
      req.resume();
      if (throttled(req, res)) return refused('unauthorized_throttled');
      refused('unauthorized');
      logger.warn(
        { client: req.socket.remoteAddress ?? 'unknown', keyPresented: authorizationOf(req) !== undefined },
        'verification API call refused: wrong or missing key',
      );
      res.setHeader('www-authenticate', 'Bearer');
      return sendJson(res, 401, {
        error: 'unauthorized',
        message: 'Send Authorization: Bearer <verification API key>.',
      });
    }
    onBody(
      req,
      MAX_BODY_BYTES,
      (raw) => answer(req, res, raw),
      (error) => failed(res, error),
    );
  };
}
