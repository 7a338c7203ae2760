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
  /** Up to `limit` entries matching the query, oldest first. */
  page(query: AuditQuery): Promise<AuditEntry[]>;
  /** Deletes the entries older than `before` and writes `audit` (given how many) in the same
   *  transaction; returns how many were removed. */
  purge(before: Date, audit: (removed: number) => AuditDraft): Promise<number>;
}

export class AuditTrail {
  constructor(
    private readonly store: AuditTrailStore,
    private readonly retentionDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** One page, and whether there is more: for workspace admins (a workspace key) only. */
  async page(actor: Actor, query: AuditQuery): Promise<{ entries: AuditEntry[]; next?: AuditCursor }> {
    if (!isWorkspaceAdmin(actor)) throw new DomainError('workspace_admin_only');
    const rows = await this.store.page({ ...query, limit: query.limit + 1 });
    const entries = rows.slice(0, query.limit);
    const last = entries.at(-1);
    return {
      entries,
      next: rows.length > query.limit && last ? { createdAt: last.createdAt, id: last.id } : undefined,
    };
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
