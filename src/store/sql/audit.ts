// The audit trail's SQL: keyset pages and purge batches in (created_at, id) order (index
// audit_events_created_at_id_idx).
// Built from Prisma.sql fragments: every value is a bound parameter.
import { Prisma } from '../../generated/prisma/client.js';
import type { AuditQuery } from '../../domain/auditTrail.js';

export function auditPage(query: AuditQuery): Prisma.Sql {
  const where: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (query.after) where.push(Prisma.sql`(created_at, id) > (${query.after.createdAt}, ${query.after.id}::uuid)`);
  if (query.since) where.push(Prisma.sql`created_at >= ${query.since}`);
  if (query.until) where.push(Prisma.sql`created_at < ${query.until}`);
  if (query.action) where.push(Prisma.sql`action = ${query.action}`);
  // A deleted token's entries are found by the owner its deletion entry keeps.
  if (query.owner?.type === 'organization') {
    const slug = query.owner.slug;
    where.push(Prisma.sql`(token_id IN (SELECT t.id FROM tokens t JOIN organizations o ON o.id = t.organization_id WHERE o.slug = ${slug})
      OR display_id IN (SELECT display_id FROM audit_events WHERE action IN ('token.delete', 'token.void') AND snapshot->'owner'->>'organizationSlug' = ${slug}))`);
  } else if (query.owner?.type === 'domain') {
    const name = query.owner.name;
    where.push(Prisma.sql`(token_id IN (SELECT t.id FROM tokens t JOIN domains d ON d.id = t.domain_id WHERE d.name = ${name})
      OR display_id IN (SELECT display_id FROM audit_events WHERE action IN ('token.delete', 'token.void') AND snapshot->'owner'->>'domainName' = ${name}))`);
  }
  return Prisma.sql`
    SELECT id, created_at AS "createdAt", actor, action, outcome, reason, token_id AS "tokenId", display_id AS "displayId", changes, snapshot
    FROM audit_events WHERE ${Prisma.join(where, ' AND ')}
    ORDER BY created_at, id LIMIT ${query.limit}`;
}

/** Deletes the `limit` oldest entries older than `before`, in (created_at, id) order (the same
 *  index): one short statement. A purge running at the same time takes other rows (SKIP LOCKED)
 *  instead of waiting for these. */
export const purgeBatch = (before: Date, limit: number): Prisma.Sql => Prisma.sql`
  WITH doomed AS (
    SELECT id FROM audit_events WHERE created_at < ${before} ORDER BY created_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED
  )
  DELETE FROM audit_events e USING doomed WHERE e.id = doomed.id`;
