// The one writer of audit rows, called inside the transaction of the change it records (or on
// its own for a refused attempt), and the reader of a token's history.
import type { Prisma } from '../generated/prisma/client.js';
import type { AuditDraft, AuditEntry } from '../domain/audit.js';
import { wellFormed } from '../domain/text.js';
import type { Token } from '../domain/tokens.js';
import { writeAuditEvents } from './events.js';
import type { Db } from './prisma.js';

/** PostgreSQL refuses a lone surrogate in JSON (`\ud800`): typed text that reaches an audit
 *  entry's details, say a refused value, must not make the audit, and so the refusal, fail. */
function storable(value: unknown): unknown {
  if (typeof value === 'string') return wellFormed(value);
  if (Array.isArray(value)) return value.map(storable);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [wellFormed(key), storable(item)]));
}

/** Writes `drafts` in order: each a millisecond after the one before, so a history read newest
 *  first shows one change's entries in the order they were made. `tokenId` fills in a new token's
 *  id; `firstId`, the first entry's id (what a change whose commit went unanswered is found by).
 *  The changes' events go to the outbox in the same transaction; `subject` is the token as the
 *  change left it (read when not given). */
export async function writeAudit(
  db: Db | Prisma.TransactionClient,
  drafts: AuditDraft[],
  tokenId?: string,
  firstId?: string,
  subject?: Token,
): Promise<void> {
  if (!drafts.length) return;
  await writeAuditEvents(db, drafts, tokenId, subject);
  const start = Date.now();
  await db.auditEvent.createMany({
    data: drafts.map((draft, i) => ({
      ...(i === 0 && firstId ? { id: firstId } : {}),
      ...draft,
      tokenId: draft.tokenId ?? tokenId,
      changes: storable(draft.changes) as Prisma.InputJsonValue | undefined,
      snapshot: storable(draft.snapshot) as Prisma.InputJsonValue | undefined,
      createdAt: new Date(start + i),
    })),
  });
}

export async function auditOf(db: Db, displayId: string): Promise<AuditEntry[]> {
  const rows = await db.auditEvent.findMany({ where: { displayId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  return rows.map(auditEntryOf);
}

/** An audit_events row as the domain reads it (the Prisma model's field names). */
export type AuditRow = {
  id: string;
  createdAt: Date;
  actor: string;
  action: string;
  outcome: string;
  reason: string | null;
  tokenId: string | null;
  displayId: string | null;
  changes: unknown;
  snapshot: unknown;
};

export function auditEntryOf(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    createdAt: row.createdAt,
    actor: row.actor,
    action: row.action as AuditEntry['action'],
    outcome: row.outcome as AuditEntry['outcome'],
    reason: row.reason ?? undefined,
    tokenId: row.tokenId ?? undefined,
    displayId: row.displayId ?? undefined,
    changes: (row.changes as AuditEntry['changes']) ?? undefined,
    snapshot: (row.snapshot as AuditEntry['snapshot']) ?? undefined,
  };
}
