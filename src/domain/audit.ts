// The audit trail: every change and every refused attempt, as one closed set of actions. The
// services build the entries; storage writes them in the transaction of the change they record.
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
  | 'token.leak'
  | 'revocation.request'
  | 'revocation.approve'
  | 'revocation.reject'
  | 'revocation.expire'
  | 'revocation.close'
  | 'revocation.discard'
  | 'tenants.organization.create'
  | 'tenants.domain.create'
  | 'tenants.grant'
  | 'tenants.ungrant'
  | 'tenants.roles';

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
