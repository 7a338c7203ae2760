// The management API's transport: the key (Authorization: Bearer <management key>), its rate,
// the body (JSON, bounded, checked against its contract), Idempotency-Key on POST, and the
// answer or problem. What each call does is in tokens.ts and audit.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { ApiKey, ApiKeyService } from '../../domain/apiKeys.js';
import { DomainError, UnavailableError, ValidationError } from '../../domain/errors.js';
import type { Actor } from '../../domain/permissions.js';
import { languageOf, type Language } from '../../i18n/index.js';
import type { Logger } from '../../observability/logger.js';
import { deadline, withDeadline } from '../../store/requestDeadline.js';
import { listQuery } from '../contracts/management.js';
import { bearerOf, readBody, wrongKeyThrottle } from '../request.js';
import { sendJson, type Handler, type Routes } from '../server.js';
import type { Idempotency } from './idempotency.js';
import { ProblemError, sendDomainProblem, sendProblem, sendSchemaProblem } from './problems.js';
import type { Answer, Operation, tokenOperations } from './tokens.js';

export const MAX_BODY_BYTES = 65_536;
const IDEMPOTENCY_KEY_MAX = 255;

/** How long a call's storage work may take: far beyond a healthy call's (a transaction is ended
 *  by Prisma after 5 s), so that a database that stopped answering gets 503 instead of a request
 *  held open, and the call's record (requestDeadline.ts) says what a fault was. */
const STORAGE_BUDGET_MS = 10_000;

type RateLimit = (key: string) => Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
type Caller = { key: ApiKey; actor: Actor; language: Language };

/** Authentication and rate for every management endpoint (the audit export too). */
export function managementGate(options: { apiKeys: ApiKeyService; rateLimit: RateLimit; logger: Logger }) {
  const throttled = wrongKeyThrottle((res) =>
    sendProblem(res, 'rate-limited', {
      detail: 'Too many requests with a wrong or missing key from this address; wait before retrying.',
    }),
  );
  return async (req: IncomingMessage, res: ServerResponse): Promise<Caller | undefined> => {
    const header = req.headers.authorization;
    let found: Awaited<ReturnType<ApiKeyService['authenticate']>>;
    let rate: Awaited<ReturnType<RateLimit>> | undefined;
    try {
      const key = bearerOf(header)?.trim();
      found = key ? await options.apiKeys.authenticate(key) : null;
      rate = found ? await options.rateLimit(found.key.id) : undefined;
    } catch (error) {
      // The key's store or the rate's: a problem document like every other answer, not a bare 500.
      options.logger.warn({ err: error }, 'management API call: could not check its key');
      req.resume();
      sendProblem(res, 'unavailable', {
        detail: 'The key could not be checked now; nothing was changed. Retry shortly.',
      });
      return undefined;
    }
    if (!found) {
      req.resume();
      if (throttled(req, res)) return undefined;
      options.logger.warn(
        { client: req.socket.remoteAddress, keyPresented: header !== undefined },
        'management API call refused: wrong, expired or revoked key',
      );
      res.setHeader('www-authenticate', 'Bearer');
      sendProblem(res, 'unauthorized', {
        detail:
          'Send Authorization: Bearer <management API key> (/token apikey create); expired and revoked keys do not work.',
      });
      return undefined;
    }
    if (rate && !rate.allowed) {
      req.resume();
      res.setHeader('retry-after', String(rate.retryAfterSeconds));
      sendProblem(res, 'rate-limited', {
        detail: `Wait ${rate.retryAfterSeconds} s before the next request with this key.`,
      });
      return undefined;
    }
    // Bookkeeping with a deadline and record of its own: its write is not the call's.
    void withDeadline(STORAGE_BUDGET_MS, () => options.apiKeys.keyUsed(found.key)).catch((error: unknown) =>
      options.logger.warn({ err: error }, 'could not record when a management key was used'),
    );
    return { ...found, language: languageOf(req.headers['accept-language']) };
  };
}
export type Gate = ReturnType<typeof managementGate>;

/** The body as JSON: an empty one is `{}`; undefined when a problem was answered. */
async function jsonBody(req: IncomingMessage, res: ServerResponse): Promise<{ value: unknown } | undefined> {
  const raw = await readBody(req, MAX_BODY_BYTES);
  if (!raw) {
    sendProblem(res, 'body-too-large', { detail: `The body must be at most ${MAX_BODY_BYTES} bytes.` });
    return undefined;
  }
  const text = raw.toString('utf8');
  if (!text.trim()) return { value: {} };
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    sendProblem(res, 'unsupported-media-type', { detail: 'Send the body as application/json.' });
    return undefined;
  }
  try {
    return { value: JSON.parse(text) };
  } catch {
    sendProblem(res, 'invalid-request', { detail: 'The body is not JSON.' });
    return undefined;
  }
}

function send(res: ServerResponse, answer: Answer, replayed = false) {
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  if (replayed) res.setHeader('idempotent-replayed', 'true');
  if (answer.body === undefined) res.writeHead(answer.status).end();
  else sendJson(res, answer.status, answer.body);
}

/** `handler` with its storage work under the call's deadline. */
export const bounded =
  (handler: Handler): Handler =>
  (req, res, params) =>
    withDeadline(STORAGE_BUDGET_MS, async () => handler(req, res, params));

/** What a call threw, with a database that did not answer (a connection lost, the deadline
 *  passed: the call's record says so, see `bounded`) told as such: `unavailable` when nothing
 *  was written, else `outcome_unknown`. */
function dependencyFault(error: unknown): unknown {
  const record = deadline();
  if (error instanceof DomainError || error instanceof ValidationError || !record?.unreachable) return error;
  return new UnavailableError(record.inDoubt || record.committed ? 'outcome_unknown' : 'unavailable');
}

/** Answers what an operation threw, always as a problem document: a refusal, a dependency that
 *  did not answer (503), or a fault of ours (500, logged). `id`: the token the call names in its path. */
export function answerError(
  res: ServerResponse,
  language: Language,
  error: unknown,
  logger: Logger,
  id?: string,
): void {
  if (error instanceof ProblemError) return sendProblem(res, error.type, { detail: error.detail });
  const fault = dependencyFault(error);
  if (fault !== error) logger.warn({ err: error }, 'management API call: the database did not answer');
  if (fault instanceof DomainError || fault instanceof ValidationError)
    return sendDomainProblem(res, language, fault, id);
  logger.error({ err: error }, 'management API call failed');
  sendProblem(res, 'internal-error', { detail: 'The failure is logged; what it changed, if anything, is unknown.' });
}

export function managementRoutes(options: {
  gate: Gate;
  operations: ReturnType<typeof tokenOperations>;
  idempotency: Idempotency;
  logger: Logger;
}): Routes {
  const { gate, operations, logger } = options;

  const handle =
    (method: string, operation: Operation): Handler =>
    async (req, res, params) => {
      const caller = await gate(req, res);
      if (!caller) return;
      const body = await jsonBody(req, res);
      if (!body) return;
      const parsed = (operation.schema as z.ZodType).safeParse(body.value);
      if (!parsed.success) return sendSchemaProblem(res, parsed.error.issues);
      const idempotencyKey = method === 'POST' ? req.headers['idempotency-key'] : undefined;
      if (typeof idempotencyKey === 'string' && (!idempotencyKey || idempotencyKey.length > IDEMPOTENCY_KEY_MAX)) {
        return sendProblem(res, 'invalid-request', {
          detail: `Idempotency-Key must be 1 to ${IDEMPOTENCY_KEY_MAX} characters.`,
        });
      }
      let claim: Awaited<ReturnType<Idempotency>> | undefined;
      try {
        claim =
          typeof idempotencyKey === 'string'
            ? await options.idempotency(
                caller.key.id,
                idempotencyKey,
                method,
                req.url ?? '',
                JSON.stringify(parsed.data) ?? '',
              )
            : undefined;
      } catch {
        // Redis did not answer: without the key's record a retry could run twice, so nothing runs.
        return sendProblem(res, 'unavailable', {
          detail: 'The Idempotency-Key could not be checked now; nothing was changed. Retry shortly.',
        });
      }
      if (claim?.kind === 'mismatch')
        return sendProblem(res, 'idempotency-key-reused', {
          detail: 'This Idempotency-Key was used with another request in the last 24 hours.',
        });
      if (claim?.kind === 'in_flight')
        return sendProblem(res, 'idempotency-in-flight', { detail: 'Retry once the first request has been answered.' });
      if (claim?.kind === 'replay') return send(res, claim, true);
      if (claim?.kind === 'unknown')
        return sendProblem(res, 'outcome-unknown', {
          detail:
            'The first request with this Idempotency-Key may have been carried out: check (GET /v1/tokens) before sending it again with a new key.',
        });
      let answer: Answer;
      try {
        answer = await operation.run({ actor: caller.actor, params, body: parsed.data });
      } catch (error) {
        const fault = dependencyFault(error);
        // A fault of ours after a write (an error past a commit) leaves the outcome unknown too:
        // a retry with the key must not run it again.
        const record = deadline();
        const ours = !(
          fault instanceof DomainError ||
          fault instanceof ValidationError ||
          fault instanceof ProblemError
        );
        const unknown =
          (fault instanceof UnavailableError && fault.code === 'outcome_unknown') ||
          (ours && Boolean(record?.committed || record?.inDoubt));
        // Redis failing here leaves the key running: it frees itself in 60 s (a retry then runs).
        await (unknown ? claim?.unknown() : claim?.abandon())?.catch(() => undefined);
        return answerError(res, caller.language, error, logger, params.id);
      }
      // Kept before it is sent: a client that lost the answer gets it again (without the secret).
      await claim?.finish(answer.status, answer.body, answer.headers).catch(() => undefined);
      send(res, answer);
    };

  const list: Handler = async (req, res) => {
    const caller = await gate(req, res);
    if (!caller) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = listQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) return sendSchemaProblem(res, query.error.issues);
    try {
      send(res, await operations.list(caller.actor, query.data));
    } catch (error) {
      answerError(res, caller.language, error, logger);
    }
  };

  return {
    'GET /v1/tokens': bounded(list),
    'POST /v1/tokens': bounded(handle('POST', operations.create)),
    'GET /v1/tokens/{id}': bounded(handle('GET', operations.get)),
    'PATCH /v1/tokens/{id}': bounded(handle('PATCH', operations.edit)),
    'DELETE /v1/tokens/{id}': bounded(handle('DELETE', operations.delete)),
    ...Object.fromEntries(
      (['revoke', 'disable', 'enable', 'extend', 'reset'] as const).map((action) => [
        `POST /v1/tokens/{id}/${action}`,
        bounded(handle('POST', operations[action])),
      ]),
    ),
  };
}
