// What the domain needs from storage: every storage port, and the records they carry.
// src/store implements them over PostgreSQL (tested against a real database: test/store/, and the
// domain's tests through test/support/domainServices.ts). Each method is one transaction.
import type { AuditDraft, AuditEntry } from './audit.js';
import type { ApprovalOperation, ApprovalRule } from './approvals.js';
import type { Grant, Owner } from './permissions.js';
import type { EffectiveStatus, Token } from './tokens.js';
import type { TokenUsage } from './usage.js';

export type { AuditDraft, AuditEntry } from './audit.js';
export type * from './reminderPorts.js';

export type NewToken = Omit<Token, 'id' | 'createdAt' | 'updatedAt' | 'lastUsedAt' | 'status' | 'statusReason'>;

/** What one operation does to one token (and its pending revocation request), decided by the
 *  domain with both locked; `audit` is written in the same transaction. */
export type Change = {
  update?: Partial<
    Pick<
      Token,
      | 'label'
      | 'description'
      | 'apiVersion'
      | 'scopes'
      | 'primaryContact'
      | 'developerEmails'
      | 'allowedIps'
      | 'rateLimit'
      | 'status'
      | 'statusReason'
      | 'expiresAt'
    >
  >;
  /** A new secret, pending until its delivery is confirmed (confirmSecret); the existing ones
   *  keep working until then, and end at `oldSecretsUntil` after (recorded in the audit). */
  newSecret?: { digest: string; oldSecretsUntil: Date | null };
  remove?: boolean;
  /** Expiry reminders start over (a reset): the next one is due then. */
  rearmReminders?: Date | null;
  /** The primary contact confirmed the token is needed: the next review is due then. */
  nextReviewAt?: Date;
  /** An admin keeps a token listed as unused: not listed again before then. */
  staleKeptUntil?: Date;
  /** The new state of the token's pending revocation request. */
  settle?: Settlement;
  /** A leak (its ledger id) whose action this is: recorded as applied in the same transaction. */
  leakApplied?: number;
  /** The approved request (approval_requests) this change carries out: linked to the token in the
   *  same transaction, so it is carried out once; one carried out already refuses the change
   *  (request_not_found). */
  approved?: string;
  audit: AuditDraft[];
};

export type Settlement = {
  requestId: string;
  state: 'approved' | 'rejected' | 'expired' | 'closed';
  decidedBy: string | null;
  /** A rejection's reason, or why the request was closed. */
  outcomeReason: string | null;
};

export type ChangeResult = {
  before: Token;
  /** null once deleted; the token as it was when nothing changed. */
  after: Token | null;
  /** The pending request after the change (settled or not), if the token had one. */
  request: RevocationRequest | null;
};

/** When a new token's first reminder and first contact review are due. */
export type Schedule = { nextReminderAt: Date | null; nextReviewAt: Date };

/** A pending secret voided: its token deleted when it was the token's first secret (a create
 *  or duplicate nobody received), else only that secret (a reset nobody received). */
export type Voided = { token: Token; removed: boolean };

export type OwnerRef = { type: 'organization'; slug: string } | { type: 'domain'; name: string };

export type ListQuery = {
  visibility: 'all' | { organizationIds: string[]; domainIds: string[] };
  /** `enabled`: enabled and not expired (it works); `disabled`: every token an admin disabled,
   *  expired or not; `expired`: every expired token but revoked ones, disabled or not; `revoked`. */
  status?: EffectiveStatus;
  created?: '7d' | '30d' | 'older';
  /** Only tokens that expire before this time; sorted by expiry, soonest first. */
  expiringBefore?: Date;
  organizationSlug?: string;
  domainName?: string;
  /** Only tokens not verified (VALID) for this many days, never-used ones included. */
  unusedDays?: number;
  words: string[];
  now: Date;
  /** Only tokens after this one in the list's (created_at, id) order, newest first: a keyset page
   *  that tokens created or removed meanwhile do not shift. Not with `expiringBefore`. */
  after?: ListKey;
  /** Only tokens before this one, nearest first (a page read backwards). Not with `expiringBefore`. */
  before?: ListKey;
  limit: number;
};

/** A token's place in the list, newest first. */
export type ListKey = { createdAt: Date; id: string };

export type Organization = { id: string; slug: string; name: string };
export type Domain = { id: string; name: string; organizationId: string; organizationSlug: string };
export type GrantRecord = { userId: string; grant: Grant; target?: string; grantedBy: string; createdAt: Date };
export type GrantTarget =
  { role: 'workspace_admin' } | { role: 'org_admin'; slug: string } | { role: 'domain_admin'; name: string };

/** Whether a Slack user can be a primary contact (someone who reads reminders): `unchecked`
 *  when Slack could not be asked (a contact can be changed later, and a lost one is reported). */
export type ContactStatus = 'active' | 'deactivated' | 'bot' | 'unknown' | 'unchecked';
export interface ContactDirectory {
  statusOf(userId: string): Promise<ContactStatus>;
}

/** Writes an audit entry of its own: a refused attempt, which changes nothing else. */
export type AuditLog = { recordAudit(draft: AuditDraft): Promise<void> };

export interface TokenStore extends AuditLog {
  grantsOf(userId: string): Promise<Grant[]>;
  findOwner(ref: OwnerRef): Promise<Owner | null>;
  /** Whether a live (not revoked) token of `owner` has that label, in any case. */
  labelTaken(owner: Owner, label: string): Promise<boolean>;
  /** Inserts the token with its first secret and its audit entries (given the token's id);
   *  label_taken when the label is in use. */
  /** The token's first secret is pending until confirmSecret. */
  insertToken(token: NewToken, digest: string, audit: AuditDraft[], schedule: Schedule): Promise<Token>;
  /** The pending secret reached its holder: it becomes valid, and the token's other valid
   *  secrets end at `oldSecretsUntil` (null: at once); the request it was made for (a token
   *  request, a reset) is delivered in the same transaction. false when it was voided meanwhile. */
  confirmSecret(digest: string, oldSecretsUntil: Date | null): Promise<boolean>;
  /** Voids a secret still pending (for `olderThanMs` at least, by the database's clock, when
   *  given), with the audit entries `audit` writes, in one transaction; null when it was
   *  confirmed or voided already. */
  voidPendingSecret(
    digest: string,
    olderThanMs: number | null,
    audit: (voided: Voided) => AuditDraft[],
  ): Promise<Voided | null>;
  /** Digests of secrets pending for longer than `olderThanMs` (their delivery was cut off). */
  stalePendingSecrets(olderThanMs: number, limit: number): Promise<string[]>;
  /** Locks the token, then its pending revocation request (always in this order), lets `decide`
   *  (which may throw a DomainError) say what changes (null: nothing), and applies it with its
   *  audit entries atomically. token_not_found when there is no such token. */
  changeToken(
    displayId: string,
    decide: (token: Token, pending: RevocationRequest | null) => Change | null,
  ): Promise<ChangeResult>;
  getToken(displayId: string): Promise<Token | null>;
  /** What verification recorded of the token (README: Governing use), as of `now`. */
  usageOf(tokenId: string, now: Date): Promise<TokenUsage>;
  listTokens(query: ListQuery): Promise<Token[]>;
  /** The live (not revoked) tokens whose primary contact is `userId`, but of the organizations
   *  and domains of `except`, the soonest expiry first (those that never expire last). */
  tokensOfContact(
    userId: string,
    except: { organizationIds: string[]; domainIds: string[] },
    limit: number,
  ): Promise<Token[]>;
  /** How many tokens the list holds (before `query.before`, when given). */
  countTokens(query: Omit<ListQuery, 'after' | 'limit'>): Promise<number>;
  auditOf(displayId: string): Promise<AuditEntry[]>;
  /** The token a secret belongs to, by the first of `digests` stored, and when that secret
   *  stops (a leak report: its digests under the current and previous keys, one round trip). */
  findByDigests(digests: string[]): Promise<{ token: Token; secretExpiresAt: Date | null } | null>;
}

export interface TenantStore {
  /** Each change writes `audit` in its own transaction. */
  createOrganization(slug: string, name: string, audit: AuditDraft): Promise<Organization>;
  createDomain(organizationSlug: string, name: string, audit: AuditDraft): Promise<Domain>;
  grant(userId: string, target: GrantTarget, audit: AuditDraft): Promise<void>;
  /** false (and nothing written) when the user did not hold that role. */
  ungrant(userId: string, target: GrantTarget, audit: AuditDraft): Promise<boolean>;
  listGrants(userId?: string): Promise<GrantRecord[]>;
  /** Every organization and domain, organizations first, by name. */
  listOwners(): Promise<Owner[]>;
}

type RevocationState = 'pending' | 'approved' | 'rejected' | 'expired' | 'closed';

export type RevocationRequest = {
  id: string;
  tokenId: string | null;
  displayId: string;
  requestedBy: string;
  reason: string;
  state: RevocationState;
  channelId: string | null;
  messageTs: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  /** A rejection's reason, or why the request was closed (token_deleted, already_revoked…). */
  outcomeReason: string | null;
  expiresAt: Date;
  createdAt: Date;
};

/** What deciding did: decided now, or found it already decided, expired or closed. */
export type Decision = { request: RevocationRequest; token: Token | null; decidedNow: boolean };

export interface RevocationStore {
  /** Locks the token, then: its pending request if there is one (created: false), else a new
   *  one with its audit entry. token_not_found / token_revoked when the token is gone or revoked. */
  create(
    displayId: string,
    request: { requestedBy: string; reason: string; expiresAt: Date },
    audit: (request: RevocationRequest) => AuditDraft,
  ): Promise<{ request: RevocationRequest; token: Token; created: boolean }>;
  attachMessage(id: string, channelId: string, messageTs: string): Promise<void>;
  /** Removes a request that could not be posted, so none is left dangling, with its audit entry. */
  discard(id: string, audit: (request: RevocationRequest) => AuditDraft): Promise<void>;
  get(id: string): Promise<{ request: RevocationRequest; token: Token | null } | null>;
  /** Pending requests whose time is up. */
  due(now: Date): Promise<RevocationRequest[]>;
  /** Pending requests with their token's owner and label. */
  pending(): Promise<Array<{ request: RevocationRequest; owner: Owner; label: string }>>;
}

// ---- Short-lived records, for the services the Slack layer calls ----

/** Keys with a lifetime, shared by every instance (Redis): claims and small saved values. */
/** A key held for a while by one holder, across instances. */
export type Hold = {
  /** Frees the key only while this hold still owns it: a holder that outlived the lifetime must
   *  not free the next holder's key. */
  release(): Promise<void>;
  /** Gives the hold its whole lifetime again, from now (a long work keeps a short hold, so that
   *  a holder that dies frees the key soon); false, and nothing held, once it lapsed or was
   *  released. */
  renew(): Promise<boolean>;
};

export interface ShortLivedStore {
  /** true when `key` was free and is now held for `ttlSeconds`. */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  release(key: string): Promise<void>;
  /** Holds `key` for `ttlSeconds` when it is free, else null. */
  hold(key: string, ttlSeconds: number): Promise<Hold | null>;
  put(key: string, value: string, ttlSeconds: number): Promise<void>;
  get(key: string): Promise<string | null>;
  /** Reserves the next of a series of moments spaced `intervalMs` apart, shared by every
   *  instance; resolves to how many ms to wait for it. */
  slot(key: string, intervalMs: number): Promise<number>;
}

// ---- Requests decided under approval policies (requests.ts) ----

type ApprovalState = 'pending' | 'approved' | 'rejected' | 'expired' | 'withdrawn' | 'closed' | 'failed';

/** What a token request asks for: the create form's fields. The requester is the primary contact. */
export type RequestedToken = {
  owner: string;
  label: string;
  description: string;
  apiVersion?: string;
  developerEmails: string[];
  scopes: string[];
  expiry?: string;
  expiryDate?: string;
  /** README: Governing use's policy fields, normalised (absent in requests made before they were asked). */
  allowedIps?: string[];
  rateLimit?: string;
};

/** What a request to change an existing token asks (revoke, reset, extend): the token, and the
 *  operation's own choices. */
export type RequestedChange = {
  displayId: string;
  label: string;
  grace?: string;
  expiry?: string;
  expiryDate?: string;
  /** Asked by the token's primary contact, who administers nothing of it (messages say so). */
  byContact?: boolean;
};

/** Where a request was posted for approval: the channel, or an approver's DM (`user`). */
export type PostedMessage = { channel: string; ts: string; user?: string };

export type ApprovalRequest = {
  id: string;
  /** `request`: a new token (input: RequestedToken); otherwise a change of the token input names (RequestedChange). */
  kind: ApprovalOperation;
  state: ApprovalState;
  /** A Slack user id, or a management key's id (the API asked). */
  requestedBy: string;
  owner: string;
  /** Asked for (a token request), or held by the token (a change). */
  scopes: string[];
  input: RequestedToken | RequestedChange;
  reason: string;
  rule: ApprovalRule;
  approvals: string[];
  messages: PostedMessage[];
  decidedBy: string | null;
  decidedAt: Date | null;
  /** A rejection's reason, or why it was closed or failed (a refusal code). */
  outcomeReason: string | null;
  /** The token made (a token request) or changed (a change), once carried out. */
  tokenId: string | null;
  displayId: string | null;
  deliveredAt: Date | null;
  escalatedAt: Date | null;
  expiresAt: Date;
  createdAt: Date;
};

type NewApprovalRequest = Pick<
  ApprovalRequest,
  'kind' | 'requestedBy' | 'owner' | 'scopes' | 'input' | 'reason' | 'rule' | 'expiresAt'
>;
export type ApprovalPatch = Partial<
  Pick<
    ApprovalRequest,
    'state' | 'approvals' | 'decidedBy' | 'decidedAt' | 'outcomeReason' | 'deliveredAt' | 'escalatedAt'
  >
>;

export interface ApprovalStore {
  create(request: NewApprovalRequest, audit: (request: ApprovalRequest) => AuditDraft): Promise<ApprovalRequest>;
  /** A change's request: locks the token it names first (as every change does), then returns its
   *  pending request of the same kind if there is one (created: false), else a new one with its
   *  audit entry. token_not_found / token_revoked when the token is gone or revoked. */
  createForToken(
    request: NewApprovalRequest & { input: RequestedChange },
    audit: (request: ApprovalRequest) => AuditDraft,
  ): Promise<{ request: ApprovalRequest; created: boolean }>;
  get(id: string): Promise<ApprovalRequest | null>;
  /** Locks the request, lets `decide` (which may throw a DomainError) say what changes (null:
   *  nothing) and writes it with its audit entries atomically. null: no such request. */
  update(
    id: string,
    decide: (request: ApprovalRequest) => { patch: ApprovalPatch; audit: AuditDraft[] } | null,
  ): Promise<{ request: ApprovalRequest; changed: boolean } | null>;
  addMessages(id: string, messages: PostedMessage[]): Promise<void>;
  /** Locks the request; when it is approved and holds no token and none was delivered, inserts
   *  the token with its pending secret and links it, in one transaction (so two issuers make one
   *  token), keeping the secret's digest: confirming the secret records the delivery
   *  (TokenStore.confirmSecret). null when there was nothing to issue. label_taken as insertToken. */
  issue(id: string, token: NewToken, digest: string, audit: AuditDraft[], schedule: Schedule): Promise<Token | null>;
  ofRequester(userId: string, limit: number): Promise<ApprovalRequest[]>;
  pending(limit: number): Promise<ApprovalRequest[]>;
  /** Pending requests whose time is up. */
  due(now: Date): Promise<ApprovalRequest[]>;
  /** Pending requests for changes of existing tokens (revoke, reset, extend), oldest first. */
  pendingChanges(limit: number): Promise<ApprovalRequest[]>;
  /** Pending requests undecided at `now` whose escalation is due (not yet escalated). */
  escalationsDue(now: Date): Promise<ApprovalRequest[]>;
  /** Requests approved before `decidedBefore` whose token is not (or no longer) there and was never delivered. */
  undelivered(limit: number, decidedBefore: Date): Promise<ApprovalRequest[]>;
  /** Approved resets carried out before `decidedBefore` and never recorded delivered whose new
   *  secret is no longer pending: `voided` when it is gone (the delivery sweep voided it after a
   *  process was killed mid-delivery: confirming it would have recorded the delivery), otherwise
   *  it arrived (a row whose delivery record was lost). */
  undeliveredResets(limit: number, decidedBefore: Date): Promise<Array<{ request: ApprovalRequest; voided: boolean }>>;
}

/** Whether the request's outcome is final: decided, expired, withdrawn, closed or failed, and
 *  once approved, carried out (a new token's or a reset's secret with its holder). */
export const hasEnded = (request: Pick<ApprovalRequest, 'state' | 'deliveredAt'>): boolean =>
  request.state !== 'pending' && (request.state !== 'approved' || request.deliveredAt !== null);

/** A token request's asked-for token (undefined for a change's request). */
export const requestedToken = (request: ApprovalRequest): RequestedToken | undefined =>
  request.kind === 'request' ? (request.input as RequestedToken) : undefined;
/** A change's request: what it asks of which token (undefined for a token request). */
export const requestedChange = (request: ApprovalRequest): RequestedChange | undefined =>
  request.kind === 'request' ? undefined : (request.input as RequestedChange);

/** What the history keeps of a request beside each of its entries. */
export const requestSnapshot = (request: ApprovalRequest) => ({
  requestId: request.id,
  kind: request.kind,
  owner: request.owner,
  label: request.input.label,
  scopes: request.scopes,
});

/** Slack user groups: the members of one, or null when it could not be read. */
export interface GroupDirectory {
  members(groupId: string): Promise<ReadonlySet<string> | null>;
}

export type LeakAction = 'revoke' | 'disable' | 'notify';
export type LeakReporter = 'github' | 'gitlab' | 'slack';

/** A leak as recorded: everything but the secret. */
export type Leak = {
  id: number;
  tokenId: string;
  displayId: string;
  reporter: LeakReporter;
  location: string | null;
  origin: string | null;
  action: LeakAction;
};

export interface LeakLedger {
  /**
   * Records the leak of the secret with this digest. `claimed`: the caller applies it (the
   * first report, or a later one when the first died before applying it for `staleMs`);
   * `known`: it is applied, or being applied right now.
   */
  claim(digest: string, leak: Omit<Leak, 'id'>, staleMs: number): Promise<{ state: 'claimed' | 'known'; leak: Leak }>;
  /** Whether a leak of this secret was ever recorded. */
  known(digest: string): Promise<boolean>;
  /** The owners' notices of the leak are queued. */
  noticesQueued(id: number): Promise<void>;
  /** Applied leaks whose notices have not been queued for `olderThanMs` (the outbox's backlog). */
  awaitingNotices(olderThanMs: number, limit: number): Promise<Leak[]>;
}
