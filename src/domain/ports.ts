// What the domain needs from storage. src/store implements it over PostgreSQL; each method is
// one transaction.
import type { Grant, Owner } from './permissions.js';
import type { EffectiveStatus, Token } from './tokens.js';
import type { RevocationRequest } from './revocations.js';

export type NewToken = Omit<Token, 'id' | 'createdAt' | 'updatedAt' | 'lastUsedAt' | 'status' | 'statusReason'>;

/** What one operation does to one token, decided by the domain with the row locked. */
export type Change = {
  action: string;
  update?: Partial<Pick<Token, 'label' | 'description' | 'apiVersion' | 'scopes' | 'primaryContact' | 'developerEmails' | 'status' | 'statusReason' | 'expiresAt'>>;
  /** A new secret; the existing ones stop at `oldSecretsUntil` (null: at once). */
  newSecret?: { digest: string; oldSecretsUntil: Date | null };
  /** Undoes a reset whose secret could not be delivered: drops that secret, restores the others. */
  undoReset?: { digest: string; previous: SecretExpiry[] };
  remove?: boolean;
  /** Expiry reminders start over (a reset): the next one is due then. */
  rearmReminders?: Date | null;
};

/** When a new token's first reminder and first contact review are due. */
export type Schedule = { nextReminderAt: Date | null; nextReviewAt: Date };

/** A secret's end before a reset changed it (null: it had none). */
export type SecretExpiry = { id: string; expiresAt: Date | null };

export type AuditDraft = {
  actor: string;
  action: string;
  outcome: 'ok' | 'refused';
  reason?: string;
  tokenId?: string;
  displayId?: string;
  changes?: Record<string, { before: unknown; after: unknown }>;
  snapshot?: Record<string, unknown>;
};
export type AuditEntry = AuditDraft & { id: string; createdAt: Date };

export type OwnerRef = { type: 'organization'; slug: string } | { type: 'domain'; name: string };

export type ListQuery = {
  visibility: 'all' | { organizationIds: string[]; domainIds: string[] };
  status?: EffectiveStatus;
  created?: '7d' | '30d' | 'older';
  /** Only tokens that expire before this time; sorted by expiry, soonest first. */
  expiringBefore?: Date;
  organizationSlug?: string;
  domainName?: string;
  words: string[];
  now: Date;
  offset: number;
  limit: number;
};

export type Organization = { id: string; slug: string; name: string };
export type Domain = { id: string; name: string; organizationId: string; organizationSlug: string };
export type GrantRecord = { userId: string; grant: Grant; target?: string; grantedBy: string; createdAt: Date };
export type GrantTarget = { role: 'workspace_admin' } | { role: 'org_admin'; slug: string } | { role: 'domain_admin'; name: string };

export interface TokenStore {
  grantsOf(userId: string): Promise<Grant[]>;
  findOwner(ref: OwnerRef): Promise<Owner | null>;
  /** Inserts the token with its first secret and the audit event; label_taken when the label is in use. */
  insertToken(token: NewToken, digest: string, audit: AuditDraft, schedule: Schedule): Promise<Token>;
  /** Locks the token, lets `decide` (which may throw a DomainError) say what changes, applies it
   *  and its audit event atomically. token_not_found when there is no such token. */
  changeToken(
    displayId: string,
    actor: string,
    decide: (token: Token) => Change,
  ): Promise<{ before: Token; after: Token | null; previousSecrets: SecretExpiry[]; closedRequests: RevocationRequest[] }>;
  getToken(displayId: string): Promise<Token | null>;
  listTokens(query: ListQuery): Promise<Token[]>;
  recordAudit(draft: AuditDraft): Promise<void>;
  auditOf(displayId: string): Promise<AuditEntry[]>;
}

export interface TenantStore {
  createOrganization(slug: string, name: string, actor: string): Promise<Organization>;
  createDomain(organizationSlug: string, name: string, actor: string): Promise<Domain>;
  grant(userId: string, target: GrantTarget, actor: string): Promise<void>;
  /** false when the user did not hold that role. */
  ungrant(userId: string, target: GrantTarget, actor: string): Promise<boolean>;
  listGrants(userId?: string): Promise<GrantRecord[]>;
  /** Every organization and domain, organizations first, by name. */
  listOwners(): Promise<Owner[]>;
}
