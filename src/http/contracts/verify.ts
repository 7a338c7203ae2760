import { z } from 'zod';
import { VERIFY_CODES } from '../../domain/verification.js';
import { failure, HEADERS, tokenOwner, type Endpoint } from './contract.js';

/** The public description of a token, as a verification answer and an event carry it. */
const tokenSummary = z.object({
  id: z.string(),
  label: z.string(),
  owner: tokenOwner,
  scopes: z.array(z.string()),
  apiVersion: z.string(),
  expiresAt: z.string().nullable(),
});

const verifyRequest = z.object({
  token: z.string(),
  /** the address the calling API saw the request come from (checked against an allow-list) */
  ip: z.string().optional(),
  /** the scopes the call needs (checked against the token's) */
  scopes: z.array(z.string()).optional(),
});
const verifyAnswer = z.object({
  valid: z.boolean(),
  code: z.enum(VERIFY_CODES),
  token: tokenSummary.optional(),
  /** INSUFFICIENT_SCOPE: the scopes asked for that the token does not have */
  missingScopes: z.array(z.string()).optional(),
  /** on every answer that carries a rate-limited token */
  rateLimit: z.object({ limit: z.number().int(), remaining: z.number().int(), resetAt: z.string() }).optional(),
});

export const verifyEndpoints: Endpoint[] = [
  {
    method: 'post',
    path: '/v1/tokens/verify',
    summary: 'Is this token valid, now?',
    tag: 'verification',
    auth: 'verifyKey',
    request: { schema: verifyRequest },
    responses: {
      200: {
        description: 'the verdict (also for an invalid token)',
        schema: verifyAnswer,
        headers: HEADERS.secretExpiresAt,
      },
      400: failure('not JSON, too large, without a token, or with an ip or scopes that are not strings'),
      401: failure('missing or wrong verification key', HEADERS.wwwAuthenticate),
      429: failure('too many wrong keys or unknown tokens from this client', HEADERS.retryAfter),
      503: failure('verification is unavailable', HEADERS.retryAfter),
    },
  },
  {
    method: 'get',
    path: '/v1/tokens/changes',
    summary: 'Server-Sent Events: changes that invalidate verification answers, heartbeats, resume with Last-Event-ID',
    tag: 'verification',
    auth: 'verifyKey',
    responses: {
      200: { description: 'event: change {"tokenId"}, heartbeat {"asOf"}, reset {}', contentType: 'text/event-stream' },
      401: failure('missing or wrong verification key', HEADERS.wwwAuthenticate),
      429: failure('too many wrong keys from this client', HEADERS.retryAfter),
    },
  },
];
