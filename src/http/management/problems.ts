// RFC 9457 problem details for the management API: one stable `type` URI per kind of problem,
// a title in English, and a detail in the caller's language (Accept-Language: en or ja).
import type { ServerResponse } from 'node:http';
import type { z } from 'zod';
import { DomainError, UnavailableError, ValidationError, type ErrorCode } from '../../domain/errors.js';
import { isMessageKey, translator, type Language, type MessageKey } from '../../i18n/index.js';
import { PROBLEM_JSON } from '../contracts/contract.js';

const PROBLEMS = {
  'invalid-request': { status: 400, title: 'The request is malformed' },
  unauthorized: { status: 401, title: 'A valid management API key is required' },
  forbidden: { status: 403, title: 'This key may not do that' },
  'not-found': { status: 404, title: 'No such resource for this key' },
  'method-not-allowed': { status: 405, title: 'This path does not take this method' },
  conflict: { status: 409, title: 'The resource is in a state that forbids this' },
  'idempotency-in-flight': { status: 409, title: 'A request with this Idempotency-Key is still in progress' },
  'body-too-large': { status: 413, title: 'The body is too large' },
  'unsupported-media-type': { status: 415, title: 'Send application/json' },
  'invalid-values': { status: 422, title: 'Some values are invalid' },
  'idempotency-key-reused': { status: 422, title: 'This Idempotency-Key was used with another request' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'internal-error': { status: 500, title: 'Something went wrong in tokenops' },
  unavailable: { status: 503, title: 'A dependency did not answer; nothing is known to have changed' },
  'outcome-unknown': { status: 503, title: 'The outcome is unknown; check before retrying' },
} as const;
type ProblemType = keyof typeof PROBLEMS;

/** Stable, never dereferenced: clients match on it. */
const problemUri = (type: ProblemType) => `urn:tokenops:problem:${type}`;

/** Thrown by an operation to answer with a problem of this type. */
export class ProblemError extends Error {
  constructor(
    readonly type: ProblemType,
    readonly detail?: string,
  ) {
    super(type);
    this.name = 'ProblemError';
  }
}

type ProblemExtras = {
  detail?: string;
  errors?: Array<{ field?: string; code: string; detail: string }>;
  requestId?: string;
};

/** When to try again after `unavailable`: a dependency that did not answer is retried soon. */
const RETRY_AFTER_SECONDS = 1;

export function sendProblem(res: ServerResponse, type: ProblemType, extras: ProblemExtras = {}): void {
  const { status, title } = PROBLEMS[type];
  const text = JSON.stringify({ type: problemUri(type), title, status, ...extras });
  if (type === 'unavailable') res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
  res.writeHead(status, {
    'content-type': `${PROBLEM_JSON}; charset=utf-8`,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** A /v1 path no route takes: 404, or 405 when the path takes other methods (`allow`, also in
 *  the Allow header the server set). */
export function sendUnrouted(res: ServerResponse, allow: string[] | undefined): void {
  if (allow) return sendProblem(res, 'method-not-allowed', { detail: `This path takes ${allow.join(', ')}.` });
  sendProblem(res, 'not-found', { detail: 'No endpoint has this path; GET /openapi.json lists them.' });
}

/** Refusals that are about the token's state rather than the values sent. */
const CONFLICTS = new Set<ErrorCode>([
  'token_revoked',
  'token_expired',
  'already_disabled',
  'already_enabled',
  'version_unchanged',
  'label_taken',
]);
/** Who may not see a token is told it does not exist (404, not 403). */
const NOT_FOUND = new Set<ErrorCode>([
  'token_not_found',
  'not_permitted',
  'apikey_not_found',
  'owner_not_found',
  'organization_not_found',
]);

/** Slack's markup out of a catalog message: it is read as plain text here. */
const plainText = (text: string) =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/[*`]/g, '');

/** The refusal in words: the API's own text where the one Slack shows names a /token command
 *  (api.error.*: the endpoint to use instead), else the same text as in Slack. `id`: the token
 *  the call names in its path, for texts that name an endpoint of it when the error does not. */
function detailOf(language: Language, error: DomainError, id?: string): string {
  const t = translator(language) as unknown as (key: MessageKey, params?: Record<string, unknown>) => string;
  const own = `api.error.${error.code}`;
  return plainText(t(isMessageKey(own) ? own : (`error.${error.code}` as MessageKey), { id, ...error.params }));
}

/** Answers a refusal of the domain (or a dependency that did not answer); `id`: the token the
 *  call names in its path. */
export function sendDomainProblem(
  res: ServerResponse,
  language: Language,
  error: DomainError | ValidationError,
  id?: string,
): void {
  if (error instanceof ValidationError) {
    const errors = error.errors.map((e) => ({
      ...(e.field ? { field: e.field } : {}),
      code: e.code,
      detail: detailOf(language, e, id),
    }));
    return sendProblem(res, errors.some((e) => CONFLICTS.has(e.code as ErrorCode)) ? 'conflict' : 'invalid-values', {
      errors,
    });
  }
  if (error instanceof UnavailableError)
    return sendProblem(res, error.code === 'outcome_unknown' ? 'outcome-unknown' : 'unavailable', {
      detail: detailOf(language, error, id),
    });
  if (NOT_FOUND.has(error.code)) {
    // The same answer whether it does not exist or is outside the key's scope.
    if (error.field !== 'owner')
      return sendProblem(res, 'not-found', { detail: detailOf(language, new DomainError('token_not_found')) });
    const detail = detailOf(language, new DomainError('owner_not_found'));
    return sendProblem(res, 'not-found', { detail, errors: [{ field: 'owner', code: 'owner_not_found', detail }] });
  }
  const detail = detailOf(language, error, id);
  if (CONFLICTS.has(error.code))
    return sendProblem(res, 'conflict', {
      detail,
      errors: [{ ...(error.field ? { field: error.field } : {}), code: error.code, detail }],
    });
  sendProblem(res, 'invalid-values', {
    errors: [{ ...(error.field ? { field: error.field } : {}), code: error.code, detail }],
  });
}

/** A body or query that does not fit its schema: every issue, by field. */
export function sendSchemaProblem(res: ServerResponse, issues: z.core.$ZodIssue[]): void {
  const errors = issues.slice(0, 20).map((issue) => ({
    ...(issue.path.length ? { field: issue.path.join('.') } : {}),
    code: issue.code === 'unrecognized_keys' ? 'unknown_field' : issue.code,
    detail: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
  sendProblem(res, 'invalid-request', { errors });
}
