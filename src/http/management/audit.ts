// GET /v1/audit (README: Automating tokenops): the audit trail as NDJSON, oldest first, for a workspace key;
// the next page's address in a Link header (rel="next"), while there is more.
import type { z } from 'zod';
import type { AuditEntry } from '../../domain/audit.js';
import type { AuditCursor, AuditTrail } from '../../domain/auditTrail.js';
import { parseOwnerRef } from '../../domain/tokenService.js';
import { storable } from '../../domain/time.js';
import { AUDIT_LIMIT, auditQuery, type auditLine } from '../contracts/audit.js';
import type { Handler } from '../server.js';
import { ProblemError, sendProblem } from './problems.js';
import { answerError, bounded, type Gate } from './routes.js';
import type { Logger } from '../../observability/logger.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const cursorOf = (cursor: AuditCursor) =>
  Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`).toString('base64url');
function parseCursor(text: string): AuditCursor {
  const [at = '', id = '', ...more] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at);
  // Only the exact shape cursorOf writes: a time the database can compare, and an entry's id.
  if (more.length || !UUID.test(id) || !storable(createdAt) || createdAt.toISOString() !== at)
    throw new ProblemError('invalid-request', 'The cursor is not one this API gave.');
  return { createdAt, id };
}

const lineOf = (entry: AuditEntry): z.infer<typeof auditLine> => ({
  id: entry.id,
  at: entry.createdAt.toISOString(),
  actor: entry.actor,
  action: entry.action,
  outcome: entry.outcome,
  reason: entry.reason ?? null,
  token: entry.displayId ?? null,
  ...(entry.changes ? { changes: entry.changes } : {}),
  ...(entry.snapshot ? { snapshot: entry.snapshot } : {}),
});

export function auditExportRoute(options: { gate: Gate; trail: AuditTrail; logger: Logger }): Handler {
  return bounded(async (req, res) => {
    const caller = await options.gate(req, res);
    if (!caller) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parsed = auditQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success)
      return sendProblem(res, 'invalid-request', {
        errors: parsed.error.issues.map((issue) => ({
          field: issue.path.join('.'),
          code: issue.code,
          detail: issue.message,
        })),
      });
    const query = parsed.data;
    try {
      const owner = query.owner === undefined ? undefined : parseOwnerRef(query.owner.toLowerCase());
      if (query.owner !== undefined && !owner)
        throw new ProblemError('invalid-request', 'owner is org:<slug> or domain:<name>.');
      const page = await options.trail.page(caller.actor, {
        after: query.after ? parseCursor(query.after) : undefined,
        since: query.since ? new Date(query.since) : undefined,
        until: query.until ? new Date(query.until) : undefined,
        owner,
        action: query.action,
        limit: query.limit ?? AUDIT_LIMIT.default,
      });
      if (page.next) {
        url.searchParams.set('after', cursorOf(page.next));
        res.setHeader('link', `<${url.pathname}?${url.searchParams}>; rel="next"`);
      }
      const text = page.entries.map((entry) => `${JSON.stringify(lineOf(entry))}\n`).join('');
      res.writeHead(200, {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'workspace_admin_only')
        return sendProblem(res, 'forbidden', {
          detail: 'The audit export needs a workspace key (/token apikey create workspace).',
        });
      answerError(res, caller.language, error, options.logger);
    }
  });
}
