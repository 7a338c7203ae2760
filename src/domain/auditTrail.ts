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
  /** Deletes the `limit` oldest entries older than `before` (fewer when there are fewer) and
   *  writes `audit` (given how many) in the same transaction; returns how many were removed. */
  purge(before: Date, limit: number, audit: (removed: number) => AuditDraft): Promise<number>;
}

/** Entries removed per transaction: one short statement, far from any transaction timeout. */
export const PURGE_BATCH = 5_000;
/** How long one purge goes on: a backlog beyond it is left to the next run (jobs stay short). */
const PURGE_BUDGET_MS = 30_000;

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

  /**
   * Removes what is older than the retention period, oldest first, batch by batch: each batch is
   * its own transaction with its own audit entry (how many it removed; a run's batches share
   * `before`), so a large backlog is worked off and each batch's progress kept, whatever happens
   * to the next. Goes on until none is left (`done`) or `budgetMs` is spent. A run writes at least
   * one entry, if only to say it removed nothing.
   */
  async purge(budgetMs = PURGE_BUDGET_MS): Promise<{ removed: number; done: boolean }> {
    const before = new Date(this.now().getTime() - this.retentionDays * DAY_MS);
    const until = performance.now() + budgetMs;
    let removed = 0;
    for (;;) {
      const batch = await this.store.purge(before, PURGE_BATCH, (count) => ({
        actor: SYSTEM_ACTOR.userId,
        action: 'audit.purge',
        outcome: 'ok',
        snapshot: { removed: count, before: before.toISOString(), retentionDays: this.retentionDays },
      }));
      removed += batch;
      if (batch < PURGE_BATCH || performance.now() >= until) return { removed, done: batch < PURGE_BATCH };
    }
  }
}
