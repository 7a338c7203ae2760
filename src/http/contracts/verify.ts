import { z } from 'zod';
import { errorBody, type Endpoint } from './contract.js';

/** The public description of a token, as a verification answer and an event carry it. */
export const tokenSummary = z.object({
  id: z.string(),
  label: z.string(),
  owner: z.object({ type: z.enum(['organization', 'domain']), organization: z.string(), domain: z.string().nullable() }),
  scopes: z.array(z.string()),
  apiVersion: z.string(),
  expiresAt: z.string().nullable(),
});

export const verifyRequest = z.object({ token: z.string(), ip: z.string().optional(), scopes: z.array(z.string()).optional() });
export const verifyAnswer = z.object({
  valid: z.boolean(),
  code: z.enum(['VALID', 'MALFORMED', 'NOT_FOUND', 'DISABLED', 'REVOKED', 'EXPIRED', 'FORBIDDEN', 'INSUFFICIENT_SCOPE', 'RATE_LIMITED']),
  token: tokenSummary.optional(),
  missingScopes: z.array(z.string()).optional(),
  rateLimit: z.object({ limit: z.number(), remaining: z.number(), resetAt: z.string() }).optional(),
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
      200: { description: 'the verdict (also for an invalid token)', schema: verifyAnswer },
      400: { description: 'not JSON, too large, or without a token', schema: errorBody },
      401: { description: 'missing or wrong verification key', schema: errorBody },
      429: { description: 'too many wrong keys or unknown tokens from this client', schema: errorBody, headers: { 'retry-after': 'seconds to wait' } },
      503: { description: 'verification is unavailable', schema: errorBody },
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
      401: { description: 'missing or wrong verification key', schema: errorBody },
      429: { description: 'too many wrong keys from this client', schema: errorBody, headers: { 'retry-after': 'seconds to wait' } },
    },
  },
];
