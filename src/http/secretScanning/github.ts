// POST /v1/secret-scanning/github: GitHub's secret scanning partner program. GitHub signs the
// raw body (see githubKeys.ts); an unsigned or badly signed request is refused before anything
// is read from it. Each reported token gets the leak action and a label in GitHub's feedback
// array, which names the token by its SHA-256 rather than repeating it.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { LeakService } from '../../domain/leaks.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import { parsedBody, readBody } from '../request.js';
import { sendJson, type Handler } from '../server.js';
import type { GithubKeys } from './githubKeys.js';

const MAX_BODY_BYTES = 1_048_576;
const MAX_TOKENS = 1_000;

const reportSchema = z
  .array(
    z.object({
      token: z.string().max(1_000),
      type: z.string().max(200),
      url: z.string().max(2_000).optional(),
      source: z.string().max(100).optional(),
    }),
  )
  .max(MAX_TOKENS);

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

export function githubSecretScanningRoute(options: {
  keys: GithubKeys;
  leaks: LeakService;
  metrics: Metrics;
  logger: Logger;
}): Handler {
  return async (req, res) => {
    const body = await readBody(req, MAX_BODY_BYTES);
    if (!body) return sendJson(res, 413, { error: 'body_too_large' });
    const keyId = req.headers['github-public-key-identifier'];
    const signature = req.headers['github-public-key-signature'];
    const check = await options.keys.check(
      body,
      typeof keyId === 'string' ? keyId : undefined,
      typeof signature === 'string' ? signature : undefined,
    );
    if (check === 'keys_unavailable') {
      options.logger.warn('GitHub secret scanning keys could not be fetched; report refused for now');
      res.setHeader('retry-after', '60');
      return sendJson(res, 503, { error: 'keys_unavailable' });
    }
    if (check !== 'valid') return sendJson(res, 401, { error: 'bad_signature' });

    const reports = parsedBody(res, body, reportSchema, 'Expected a JSON array of {token, type, url, source}.');
    if (!reports) return;
    const feedback = [];
    for (const report of reports) {
      const label = await options.leaks.report({
        secret: report.token,
        reporter: 'github',
        location: report.url,
        origin: report.source,
      });
      options.metrics.leakReports.inc({ source: 'github', label });
      feedback.push({ token_hash: sha256Hex(report.token), token_type: report.type, label });
    }
    sendJson(res, 200, feedback);
  };
}
