// The audit trail: every change and every refused attempt, as one closed set of actions. The
// services build the entries; storage writes them in the transaction of the change they record.
import type { DomainError } from './errors.js';

export type AuditAction =
  | 'token.create'
  | 'token.duplicate'
  | 'token.view'
  | 'token.audit'
  | 'token.edit'
  | 'token.reset'
  | 'token.reset.void'
  | 'token.void'
  | 'token.upgrade'
  | 'token.extend'
  | 'token.disable'
  | 'token.enable'
  | 'token.revoke'
  | 'token.delete'
  | 'token.review.keep'
  | 'token.stale.keep'
  | 'token.leak'
  | 'revocation.request'
  | 'revocation.approve'
  | 'revocation.reject'
  | 'revocation.expire'
  | 'revocation.close'
  | 'revocation.discard'
  | 'request.submit'
  | 'request.approve'
  | 'request.reject'
  | 'request.withdraw'
  | 'request.expire'
  | 'request.escalate'
  | 'request.close'
  | 'request.fail'
  | 'tenants.organization.create'
  | 'tenants.domain.create'
  | 'tenants.grant'
  | 'tenants.ungrant'
  | 'tenants.roles'
  | 'webhook.add'
  | 'webhook.remove'
  | 'webhook.rotate'
  | 'webhook.test'
  | 'webhook.disable'
  | 'apikey.create'
  | 'apikey.void'
  | 'apikey.revoke'
  | 'apikey.leak'
  | 'audit.purge';

export type AuditDraft = {
  actor: string;
  action: AuditAction;
  outcome: 'ok' | 'refused';
  reason?: string;
  tokenId?: string;
  displayId?: string;
  changes?: Record<string, { before: unknown; after: unknown }>;
  snapshot?: Record<string, unknown>;
};

export type AuditEntry = AuditDraft & { id: string; createdAt: Date };

/** A refused attempt's values by refusal code (the policy's limit, the version asked for…), so
 *  that its history states them; people's text passes through `clean` (no secrets, no control
 *  characters). Undefined when no refusal had values. */
export function refusalSnapshot(
  errors: DomainError[],
  clean: (text: string) => string,
):
  | {
      params: Record<string, Record<string, string | number>>;
      reasons: Array<{ code: string; params: Record<string, string | number> }>;
    }
  | undefined {
  const reasons = errors.map((error) => ({
    code: error.code,
    params: Object.fromEntries(
      Object.entries(error.params).map(([name, value]) => [
        name,
        typeof value === 'number' ? value : clean(value).slice(0, 200),
      ]),
    ),
  }));
  const params: Record<string, Record<string, string | number>> = {};
  for (const reason of reasons)
    if (Object.keys(reason.params).length && !params[reason.code]) params[reason.code] = reason.params;
  return Object.keys(params).length ? { params, reasons } : undefined;
}
