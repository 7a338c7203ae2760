import { z } from 'zod';
import { storable } from '../../domain/time.js';
import { HEADERS, PROBLEM_JSON, problem, type Endpoint } from './contract.js';

export const AUDIT_LIMIT = { default: 500, max: 5_000 };

/** An ISO time the database can compare (years 1 to 9999). */
const storableTime = z.iso
  .datetime({ offset: true })
  .refine((text) => storable(new Date(text)), 'must be a time between the years 1 and 9999');

export const auditQuery = z.strictObject({
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(AUDIT_LIMIT.max).optional(),
  since: storableTime.optional(),
  until: storableTime.optional(),
  owner: z.string().max(300).optional(),
  action: z.string().max(100).optional(),
});

/** One line of the export. */
export const auditLine = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  outcome: z.enum(['ok', 'refused']),
  reason: z.string().nullable(),
  token: z.string().nullable(),
  changes: z.unknown().optional(),
  snapshot: z.unknown().optional(),
});

const problemOf = (description: string, headers?: Record<string, string>) => ({
  description,
  schema: problem,
  contentType: PROBLEM_JSON,
  ...(headers ? { headers } : {}),
});

export const auditEndpoints: Endpoint[] = [
  {
    method: 'get',
    path: '/v1/audit',
    summary: 'The audit trail as NDJSON, oldest first; the next page is in the Link header',
    tag: 'audit',
    auth: 'managementKey',
    query: auditQuery,
    responses: {
      200: {
        description: 'one JSON object per line',
        contentType: 'application/x-ndjson',
        schema: auditLine,
        headers: { link: '<…?after=…>; rel="next" when there is more' },
      },
      400: problemOf('bad query'),
      401: problemOf('missing, wrong, expired or revoked management key', HEADERS.wwwAuthenticate),
      403: problemOf('not a workspace key'),
      429: problemOf('rate limit of this key, or too many wrong keys from this address', HEADERS.retryAfter),
      500: problemOf('a fault in tokenops (`internal-error`), logged'),
      503: problemOf('a dependency did not answer; retry', HEADERS.retryAfter),
    },
  },
];
