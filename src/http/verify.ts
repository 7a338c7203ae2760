// POST /v1/tokens/verify (SPEC section 3): the company's API asks whether a secret is valid.
// Malformed secrets are answered without any lookup; known digests from the in-process cache.
import type { ServerResponse } from 'node:http';
import { digestSecret, hasValidFormat } from '../domain/secret.js';
import { toVerified, verdict, type VerifyCode } from '../domain/verification.js';
import type { TokenStore } from '../domain/ports.js';
import type { VerificationCache } from '../store/verificationCache.js';
import type { LastUsedRecorder } from '../store/lastUsed.js';
import { keyChecker, readBody } from './request.js';
import { sendJson, type Handler } from './server.js';

const MAX_BODY_BYTES = 4_096;
const invalid = (code: VerifyCode) => `{"valid":false,"code":"${code}"}`;

function sendRaw(res: ServerResponse, body: string) {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function verifyRoute(options: {
  apiKeys: string[];
  tokenPrefix: string;
  hashSecret: string;
  store: TokenStore;
  cache: VerificationCache;
  lastUsed: LastUsedRecorder;
}): Handler {
  const authorized = keyChecker(options.apiKeys);
  return async (req, res) => {
    if (!authorized(req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7) : undefined)) {
      req.resume();
      res.setHeader('www-authenticate', 'Bearer');
      return sendJson(res, 401, { error: 'unauthorized', message: 'Send Authorization: Bearer <verification API key>.' });
    }
    const raw = (await readBody(req, MAX_BODY_BYTES))?.toString('utf8');
    if (raw === undefined) return sendJson(res, 400, { error: 'body_too_large', message: `The body must be at most ${MAX_BODY_BYTES} bytes.` });
    let secret: unknown;
    try {
      secret = (JSON.parse(raw) as { token?: unknown })?.token;
    } catch {
      return sendJson(res, 400, { error: 'invalid_json', message: 'The body must be JSON: {"token": "<secret>"}.' });
    }
    if (typeof secret !== 'string') return sendJson(res, 400, { error: 'token_missing', message: 'The body must be JSON: {"token": "<secret>"}.' });
    if (!hasValidFormat(secret, options.tokenPrefix)) return sendRaw(res, invalid('MALFORMED'));

    const digest = digestSecret(secret, options.hashSecret);
    let entry = options.cache.get(digest);
    if (!entry) {
      const stored = await options.store.findByDigest(digest);
      const found = stored && toVerified(stored.token, stored.secretExpiresAt);
      entry = { found, body: found ? JSON.stringify({ valid: true, code: 'VALID', token: found.summary }) : undefined };
      options.cache.set(digest, entry);
    }
    const now = new Date();
    const code = verdict(entry.found, now);
    if (code !== 'VALID') return sendRaw(res, invalid(code));
    options.lastUsed.record(entry.found!.tokenId, now);
    sendRaw(res, entry.body!);
  };
}
