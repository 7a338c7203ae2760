// The whole audit trail, for the workspace: exported in pages, oldest first (GET /v1/audit),
// and purged past its retention (AUDIT_RETENTION_DAYS) by a job whose purge is audited too.
import type { AuditDraft, AuditEntry } from './audit.js';
import { DomainError } from './errors.js';
import { isWorkspaceAdmin, type Actor } from './permissions.js';
import type { OwnerRef } from './ports.js';
import { SYSTEM_ACTOR } from './permissions.js';
import { DAY_MS } from './time.js';

/** Where a page starts: after this entry, in (createdAt, id) order. */
export type AuditCursor = { createdAt: Date; id: string };

/** How old an entry must be, by the database's clock (which stamps it), before the export serves
 *  it: far longer than a transaction that writes one stays open (Prisma ends tokenops' after 5 s),
 *  so no entry can still appear before a cursor the export gave. README: Automating tokenops. */
export const EXPORT_LAG_MS = 60_000;
/** With the horizon, a cursor after everything older than it. */
const NIL_ID = '00000000-0000-0000-0000-000000000000';

export type AuditQuery = {
  after?: AuditCursor;
  since?: Date;
  until?: Date;
  /** Entries about the tokens of this owner (a domain's, or an organization's and its domains'). */
  owner?: OwnerRef;
  action?: string;
  limit: number;
};

export interface AuditTrailStore {
  /** Up to `limit` entries matching the query, oldest first, among those older than the horizon:
   *  `lagMs` before the database's clock when the page is read. */
  page(query: AuditQuery, lagMs: number): Promise<{ entries: AuditEntry[]; horizon: Date }>;
  /** Deletes the entries older than `before` and writes `audit` (given how many) in the same
   *  transaction; returns how many were removed. */
  purge(before: Date, audit: (removed: number) => AuditDraft): Promise<number>;
}

export class AuditTrail {
  constructor(
    private readonly store: AuditTrailStore,
    private readonly retentionDays: number,
    private readonly now: () => Date = () => new Date(),
    private readonly lagMs = EXPORT_LAG_MS,
  ) {}

  /** One page, and where the next starts: after its last entry when it is full, else at the
   *  horizon, where a client caught up polls from (every entry before it was served, and none can
   *  still appear there). None only once a range with `until` is read to its end. For workspace
   *  admins (a workspace key) only. */
  async page(actor: Actor, query: AuditQuery): Promise<{ entries: AuditEntry[]; next?: AuditCursor }> {
    if (!isWorkspaceAdmin(actor)) throw new DomainError('workspace_admin_only');
    const { entries: rows, horizon } = await this.store.page({ ...query, limit: query.limit + 1 }, this.lagMs);
    const entries = rows.slice(0, query.limit);
    const last = entries.at(-1);
    if (rows.length > query.limit && last) return { entries, next: { createdAt: last.createdAt, id: last.id } };
    if (query.until && query.until <= horizon) return { entries };
    // A cursor never moves back: one past the horizon (the database's clock stepped back) is kept.
    if (query.after && query.after.createdAt >= horizon) return { entries, next: query.after };
    return { entries, next: { createdAt: horizon, id: NIL_ID } };
  }

  /** Removes what is older than the retention period; the removal is itself an audit entry. */
  async purge(): Promise<number> {
    const before = new Date(this.now().getTime() - this.retentionDays * DAY_MS);
    return this.store.purge(before, (removed) => ({
      actor: SYSTEM_ACTOR.userId,
      action: 'audit.purge',
      outcome: 'ok',
      snapshot: { removed, before: before.toISOString(), retentionDays: this.retentionDays },
    }));
  }
}
