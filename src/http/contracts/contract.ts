// One description per HTTP endpoint: its method and path, what it reads and what it answers.
// The OpenAPI document (openapi.ts) is built from these, and the tests check every answer they
// receive against that document, so code and document cannot drift apart.
import { z } from 'zod';

export type Body = { schema?: z.ZodType; contentType?: string; description: string; headers?: Record<string, string> };

export type Endpoint = {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** OpenAPI form: `/v1/tokens/{id}`. */
  path: string;
  summary: string;
  tag: string;
  /** The bearer credential it wants, if any. */
  auth?: 'verifyKey' | 'managementKey' | 'gitlabKey' | 'githubSignature' | 'slackSignature';
  query?: z.ZodObject;
  headers?: Record<string, { description: string; required?: boolean }>;
  request?: { schema?: z.ZodType; contentType?: string };
  responses: Record<string, Body>;
};

/** Response headers, described once (names in lower case, as Node sends them). */
export const HEADERS = {
  retryAfter: { 'retry-after': 'seconds to wait before retrying' },
  wwwAuthenticate: { 'www-authenticate': 'Bearer: the credential this endpoint wants' },
  replayed: {
    'idempotent-replayed':
      '"true" on the kept answer to an earlier request with the same Idempotency-Key (without any secret)',
  },
  secretExpiresAt: {
    'tokenops-secret-expires-at':
      "on a VALID answer for an old secret in a reset's grace period: when it stops working (ISO 8601: the grace period's end, or the token's expiry if sooner); no change event announces that moment",
  },
} satisfies Record<string, Record<string, string>>;

/** A token's owner, as every answer that shows a token gives it. */
export const tokenOwner = z.object({
  type: z.enum(['organization', 'domain']),
  organization: z.string(),
  domain: z.string().nullable(),
});

/** The small error body of the endpoints that predate problem+json (a stable `error` code). */
export const errorBody = z.object({
  error: z.string(),
  message: z.string().optional(),
  types: z.array(z.string()).optional(),
});

/** An answer with the small error body: `401: failure('wrong key')`. */
export const failure = (description: string, headers?: Record<string, string>): Body => ({
  description,
  schema: errorBody,
  ...(headers ? { headers } : {}),
});

/** RFC 9457 problem details; `type` is a stable URI per kind of problem. */
export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  /** Field problems of a request body, each with a stable code. */
  errors: z.array(z.object({ field: z.string().optional(), code: z.string(), detail: z.string() })).optional(),
  requestId: z.string().optional(),
});

export const PROBLEM_JSON = 'application/problem+json';
