// POST /v1/tokens/verify (README: HTTP endpoints): transport only. Authenticates the caller, reads and
// parses the body, asks the Verifier and writes its answer; refusals are counted by reason.
import type { ServerResponse } from 'node:http';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { TooManyUnknownSecrets, VerificationUnavailable, type Verifier } from '../verification/verifier.js';
import { bearerChecker, readBody, wrongKeyThrottle } from './request.js';
import { sendJson, type Handler } from './server.js';

const MAX_BODY_BYTES = 4_096;

function sendRaw(res: ServerResponse, body: string) {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function verifyRoute(options: { apiKeys: string[]; verifier: Verifier; metrics: Metrics; logger: Logger }): Handler {
  const { verifier, metrics, logger } = options;
  const authorized = bearerChecker(options.apiKeys);
  const throttled = wrongKeyThrottle();
  const refused = (reason: string) => metrics.verificationRefusals.labels(reason).inc();

  return async (req, res) => {
    const client = req.socket.remoteAddress ?? 'unknown';
    if (!authorized(req)) {
      req.resume();
      if (throttled(req, res)) return refused('unauthorized_throttled');
      refused('unauthorized');
      logger.warn({ client, keyPresented: req.headers.authorization !== undefined }, 'verification API call refused: wrong or missing key');
      res.setHeader('www-authenticate', 'Bearer');
      return sendJson(res, 401, { error: 'unauthorized', message: 'Send Authorization: Bearer <verification API key>.' });
    }
    const raw = (await readBody(req, MAX_BODY_BYTES))?.toString('utf8');
    if (raw === undefined) {
      refused('body_too_large');
      return sendJson(res, 400, { error: 'body_too_large', message: `The body must be at most ${MAX_BODY_BYTES} bytes.` });
    }
    let secret: unknown;
    try {
      secret = (JSON.parse(raw) as { token?: unknown })?.token;
    } catch {
      refused('invalid_json');
      return sendJson(res, 400, { error: 'invalid_json', message: 'The body must be JSON: {"token": "<secret>"}.' });
    }
    if (typeof secret !== 'string') {
      refused('token_missing');
      return sendJson(res, 400, { error: 'token_missing', message: 'The body must be JSON: {"token": "<secret>"}.' });
    }
    try {
      const answer = verifier.verify(secret, client);
      sendRaw(res, typeof answer === 'string' ? answer : await answer);
    } catch (error) {
      if (error instanceof TooManyUnknownSecrets) {
        res.setHeader('retry-after', String(error.retryAfterSeconds));
        return sendJson(res, 429, { error: 'too_many_unknown_tokens', message: 'Too many unknown tokens from this client; wait before retrying.' });
      }
      if (error instanceof VerificationUnavailable) {
        res.setHeader('retry-after', '1');
        return sendJson(res, 503, { error: 'unavailable', message: 'Verification is temporarily unavailable: the token could not be checked. Retry shortly.' });
      }
      throw error;
    }
  };
}
