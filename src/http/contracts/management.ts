// The management API (README: Automating tokenops): tokens by display id, with a management key.
import { z } from 'zod';
import { EXPIRY_PRESETS, GRACE_PERIODS } from '../../domain/tokens.js';
import { HEADERS, PROBLEM_JSON, problem, tokenOwner, type Body, type Endpoint } from './contract.js';

export const LIST_LIMIT = { default: 50, max: 200 };

const expiry = z.enum([...EXPIRY_PRESETS, 'never']);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const reason = z.string().max(500);
/** README: Governing use: addresses or CIDR ranges; an empty list (or none) means any address. */
const allowedIps = z
  .array(z.string().max(100))
  .max(500)
  .describe('IPv4/IPv6 addresses or CIDR ranges, at most 50 distinct; [] for any address');
/** `<n>/<s|min|h|day>`; null or "" means no limit. */
const rateLimit = z
  .string()
  .max(100)
  .nullable()
  .describe('<n>/<s|min|h|day>, n from 1 to 1,000,000 (e.g. 600/min); null or "" for no limit');

/** A token as the management API shows it: never its secret. */
export const tokenView = z.object({
  id: z.string(),
  label: z.string(),
  description: z.string(),
  owner: tokenOwner,
  api_version: z.string(),
  scopes: z.array(z.string()),
  primary_contact: z.string(),
  developer_emails: z.array(z.string()),
  allowed_ips: z.array(z.string()),
  rate_limit: z.string().nullable(),
  expires_at: z.string().nullable(),
  status: z.enum(['enabled', 'disabled', 'revoked', 'expired']),
  disabled: z
    .boolean()
    .describe(
      'Whether the token is disabled, whatever its status says: an expired token reads `expired` even when also disabled, and an extension alone does not make it work',
    ),
  status_reason: z.string().nullable(),
  created_by: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  last_used_at: z.string().nullable(),
});

/** Field names as the create modal's block ids. Unknown fields are refused. */
export const createBody = z.strictObject({
  owner: z.string().max(300),
  label: z.string().max(1_000),
  description: z.string().max(5_000).optional(),
  api_version: z.string().max(100).optional(),
  primary_contact: z.string().max(100),
  developer_emails: z.array(z.string().max(1_000)).max(100).optional(),
  scopes: z.array(z.string().max(200)).max(500),
  expiry: expiry.optional(),
  expiry_date: date.optional(),
  allowed_ips: allowedIps.optional(),
  rate_limit: rateLimit.optional(),
});
export const editBody = z.strictObject({
  api_version: z.string().max(100).optional(),
  label: z.string().max(1_000).optional(),
  description: z.string().max(5_000).optional(),
  primary_contact: z.string().max(100).optional(),
  developer_emails: z.array(z.string().max(1_000)).max(100).optional(),
  scopes: z.array(z.string().max(200)).max(500).optional(),
  expiry: expiry.optional(),
  expiry_date: date.optional(),
  allowed_ips: allowedIps.optional(),
  rate_limit: rateLimit.optional(),
});
export const reasonBody = z.strictObject({ reason: reason.optional() });
export const extendBody = z.strictObject({
  expiry: expiry.optional(),
  expiry_date: date.optional(),
  reason: reason.optional(),
});
export const resetBody = z.strictObject({
  grace: z.enum(Object.keys(GRACE_PERIODS) as [keyof typeof GRACE_PERIODS]).optional(),
  reason: reason.optional(),
});
export const emptyBody = z.strictObject({});

export const listQuery = z.strictObject({
  status: z
    .enum(['enabled', 'disabled', 'revoked', 'expired'])
    .describe(
      'enabled: working (enabled, not expired); disabled: every token an admin disabled, expired or not; expired: every expired token but revoked ones, disabled or not (its status reads expired)',
    )
    .optional(),
  created: z.enum(['7d', '30d', 'older']).optional(),
  org: z.string().max(200).optional(),
  domain: z.string().max(300).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(LIST_LIMIT.max).optional(),
  cursor: z
    .string()
    .max(200)
    .describe("the page before's next_cursor, sent with the same filters (another filter is refused)")
    .optional(),
});

/** The answer of a call that issues a secret: on an idempotent replay, without it. */
const withSecret = tokenView.extend({
  secret: z.string().optional(),
  old_secrets_valid_until: z
    .string()
    .nullable()
    .optional()
    .describe(
      "After a reset: when the previous secrets stop working, the grace period's end or the token's expiry when that comes first (an extension makes them work again, to the grace period's end); null when they stopped at once",
    ),
});
const pending = z.object({ status: z.literal('pending'), requestId: z.string() });
const approval = { 202: { description: 'posted for approval', schema: pending, headers: HEADERS.replayed } };

/** Headers a problem carries, by status. */
const PROBLEM_HEADERS: Record<number, Record<string, string>> = {
  401: HEADERS.wwwAuthenticate,
  429: HEADERS.retryAfter,
  503: { 'retry-after': 'with `unavailable`: seconds to wait before retrying' },
};
const problems = (...statuses: number[]): Record<string, Body> =>
  Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: PROBLEM_STATUS[status]!,
        schema: problem,
        contentType: PROBLEM_JSON,
        ...(PROBLEM_HEADERS[status] ? { headers: PROBLEM_HEADERS[status] } : {}),
      },
    ]),
  );
const PROBLEM_STATUS: Record<number, string> = {
  400: 'malformed request (not JSON, unknown fields, wrong types)',
  401: 'missing, wrong, expired or revoked management key',
  404: 'no such token that this key may see',
  409: 'the token is in a state that forbids this, an approval policy names nobody in Slack who could decide, or the same Idempotency-Key is in flight',
  413: 'body too large',
  415: 'not application/json',
  422: 'invalid values, or an Idempotency-Key reused with another body',
  429: 'rate limit of this key, or too many wrong keys from this address',
  500: 'a fault in tokenops (`internal-error`), logged',
  503: 'a dependency did not answer: `unavailable` (nothing changed; retry) or `outcome-unknown` (a change may have been made; check before retrying)',
};
const common = [400, 401, 413, 415, 429, 500, 503];
const idempotency = {
  'idempotency-key': { description: 'honoured for 24 hours: a retry gets the first answer (without any secret)' },
};
/** An endpoint of the tokens API: tagged `tokens`, for management API keys. */
type TokensEndpoint = Omit<Endpoint, 'tag' | 'auth'>;
const tokensApi = (endpoint: TokensEndpoint): Endpoint => ({
  ...endpoint,
  tag: 'tokens',
  auth: 'managementKey',
});
const tokenOp = (action: string, summary: string, body: z.ZodType, extra: Record<string, Body> = {}) =>
  tokensApi({
    method: 'post',
    path: `/v1/tokens/{id}/${action}`,
    summary,
    headers: idempotency,
    request: { schema: body },
    responses: {
      200: {
        description: 'the token after the change',
        schema: action === 'reset' ? withSecret : tokenView,
        headers: HEADERS.replayed,
      },
      ...extra,
      ...problems(...common, 404, 409, 422),
    },
  });

/** The endpoints on tokens themselves; tokenOp makes those of their operations. */
const tokenEndpoints: TokensEndpoint[] = [
  {
    method: 'get',
    path: '/v1/tokens',
    summary: 'List tokens (filters status, created, org, domain and q, as in /token list), newest first',
    query: listQuery,
    responses: {
      200: {
        description: 'one page',
        schema: z.object({ tokens: z.array(tokenView), next_cursor: z.string().nullable() }),
      },
      ...problems(400, 401, 429, 500, 503),
    },
  },
  {
    method: 'post',
    path: '/v1/tokens',
    summary: 'Create a token: its secret is in this answer, once',
    headers: idempotency,
    request: { schema: createBody },
    responses: {
      201: {
        description: 'created; keep the secret',
        schema: withSecret,
        headers: { location: 'the token', ...HEADERS.replayed },
      },
      ...problems(...common, 404, 409, 422),
    },
  },
  {
    method: 'get',
    path: '/v1/tokens/{id}',
    summary: 'One token',
    responses: {
      200: { description: 'the token', schema: tokenView },
      ...problems(400, 401, 404, 413, 415, 429, 500, 503),
    },
  },
  {
    method: 'patch',
    path: '/v1/tokens/{id}',
    summary: 'Edit label, description, contact, e-mails, scopes, expiry, allowed addresses or rate limit',
    request: { schema: editBody },
    responses: {
      200: { description: 'the token after the edit', schema: tokenView },
      202: { description: 'only a later expiry, which an approval rule covers: posted for approval', schema: pending },
      ...problems(...common, 404, 409, 422),
    },
  },
  {
    method: 'delete',
    path: '/v1/tokens/{id}',
    summary: 'Delete a token for good',
    responses: { 204: { description: 'deleted' }, ...problems(400, 401, 404, 413, 415, 429, 500, 503) },
  },
];

export const managementEndpoints: Endpoint[] = [
  ...tokenEndpoints.map(tokensApi),
  tokenOp(
    'revoke',
    'Revoke (final); where revocations need approval (an approval policy, or the approvals channel), asks for it',
    reasonBody,
    approval,
  ),
  tokenOp('disable', 'Disable (reversible)', reasonBody),
  tokenOp('enable', 'Enable', reasonBody),
  tokenOp(
    'extend',
    'New expiry, same secret; where an approval policy covers it, asks for approval',
    extendBody,
    approval,
  ),
  tokenOp(
    'reset',
    'New secret (in this answer, once); the old one ends after the grace period. Where an approval policy covers it, asks for approval; approved, the new secret goes to the primary contact by DM',
    resetBody,
    approval,
  ),
];
