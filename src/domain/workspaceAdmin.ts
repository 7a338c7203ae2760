// Work that only a workspace admin may do (tenants, webhook endpoints), audited either way.
import type { AuditAction, AuditDraft } from './audit.js';
import { DomainError, UnavailableError } from './errors.js';
import { can, type Actor } from './permissions.js';
import type { AuditLog } from './ports.js';

/** Runs `work` for a workspace admin with its success's audit entry; a refusal is audited
 *  instead (not an unavailable store: that entry could not be written either). */
export async function asWorkspaceAdmin<T>(
  log: AuditLog,
  actor: Actor,
  action: AuditAction,
  details: Record<string, unknown>,
  work: (audit: AuditDraft) => Promise<T>,
): Promise<T> {
  try {
    if (!can(actor, 'tenants.manage')) throw new DomainError('workspace_admin_only');
    return await work({ actor: actor.userId, action, outcome: 'ok', snapshot: details });
  } catch (error) {
    if (error instanceof DomainError && !(error instanceof UnavailableError)) {
      await log.recordAudit({ actor: actor.userId, action, outcome: 'refused', reason: error.code, snapshot: details });
    }
    throw error;
  }
}
