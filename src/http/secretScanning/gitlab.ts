// GitLab's token revocation API, as GitLab's secret detection calls it:
// GET /v1/revocable_token_types names the one type we revoke, POST /v1/revoke_tokens takes
// [{type, token, location}] and answers 204 once every token is dealt with (idempotent: a
// repeated report does nothing more). Both want one of GITLAB_REVOCATION_API_KEYS in
// Authorization (as sent, or after "Bearer "), and are rate-limited per key; wrong keys are
// throttled per client address, like the verification API's.
import { z } from 'zod';
import type { LeakService } from '../../domain/leaks.js';
import { GITLAB_TOKEN_TYPE } from '../../domain/scannerRules.js';
import type { Metrics } from '../../observability/metrics.js';
import { keyChecker, parsedBody, readBody, wrongKeyThrottle } from '../request.js';
import { sendJson, type Handler, type Routes } from '../server.js';
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY_BYTES = 1_048_576;
const MAX_TOKENS = 1_000;

const requestSchema = z
  .array(
    z.object({ type: z.string().max(200), token: z.string().max(1_000), location: z.string().max(2_000).optional() }),
  )
  .max(MAX_TOKENS);

/** Whether one more request of this key fits its rate; when not, how long to wait. */
type RateLimit = (key: string) => Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;

export function gitlabRevocationRoutes(options: {
  apiKeys: string[];
  rateLimit: RateLimit;
  leaks: LeakService;
  metrics: Metrics;
}): Routes {
  const authorized = keyChecker(options.apiKeys);
  const throttled = wrongKeyThrottle();
  /** Checks the key and the rate; answers and returns false when the request may not go on. */
  const admitted = async (req: IncomingMessage, res: ServerResponse) => {
    const key = req.headers.authorization?.replace(/^bearer /i, '');
    if (!authorized(key)) {
      req.resume();
      if (!throttled(req, res)) sendJson(res, 401, { error: 'unauthorized' });
      return false;
    }
    const rate = await options.rateLimit(key!);
    if (!rate.allowed) {
      req.resume();
      res.setHeader('retry-after', String(rate.retryAfterSeconds));
      sendJson(res, 429, { error: 'rate_limited' });
      return false;
    }
    return true;
  };

  const types: Handler = async (req, res) => {
    if (await admitted(req, res)) sendJson(res, 200, { types: [GITLAB_TOKEN_TYPE] });
  };

  const revoke: Handler = async (req, res) => {
    if (!(await admitted(req, res))) return;
    const body = await readBody(req, MAX_BODY_BYTES);
    if (!body) return sendJson(res, 413, { error: 'body_too_large' });
    const tokens = parsedBody(res, body, requestSchema, 'Expected a JSON array of {type, token, location}.');
    if (!tokens) return;
    // GitLab's contract: an unsupported type makes the whole request invalid (and not retried).
    if (tokens.some((token) => token.type !== GITLAB_TOKEN_TYPE))
      return sendJson(res, 400, { error: 'unsupported_type', types: [GITLAB_TOKEN_TYPE] });
    for (const token of tokens) {
      const label = await options.leaks.report({ secret: token.token, reporter: 'gitlab', location: token.location });
      options.metrics.leakReports.inc({ source: 'gitlab', label });
    }
    res.writeHead(204).end();
  };

  return { 'GET /v1/revocable_token_types': types, 'POST /v1/revoke_tokens': revoke };
}
