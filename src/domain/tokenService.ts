// The token lifecycle: every operation of README's contract, permission-checked, validated and
// audited. A refused attempt is audited too. Secrets leave this service only in the return
// value of create, duplicate and reset, for one delivery to the user.
import type { Catalog } from './catalog.js';
import { validatePolicy } from './policy.js';
import type { TokenUsage } from './usage.js';
import { refusalSnapshot, type AuditAction, type AuditDraft } from './audit.js';
import { firstReminderAt, keptUntil, nextReviewAt, type ReminderSettings } from './reminders.js';
import { DomainError, UnavailableError, ValidationError } from './errors.js';
import type { AuditEntry, Change, ChangeResult, ContactDirectory, ContactStatus, Decision, ListQuery, NewToken, OwnerRef, RevocationRequest, Schedule, Settlement, TokenStore, Voided } from './ports.js';
import { can, LEAK_ACTOR, SYSTEM_ACTOR, visibility, type Action, type Actor, type Owner } from './permissions.js';
import { digestSecret, generateDisplayId, generateSecret } from './secret.js';
import { redactSecrets, truncate, withoutUnsafeCharacters } from './text.js';
import {
  GRACE_PERIODS,
  copyLabel,
  type CopySuffix,
  diff,
  effectiveStatus,
  isGracePeriod,
  refuseResetIfExpired,
  resolveExpiry,
  sameLifetime,
  validateFields,
  validateVersion,
  type EffectiveStatus,
  type GracePeriod,
  type Token,
} from './tokens.js';

export type CreateInput = {
  owner: string; // "org:<slug>" or "domain:<name>"
  label: string;
  description?: string;
  apiVersion?: string;
  scopes: string[];
  primaryContact: string;
  developerEmails?: string | string[];
  expiry?: string;
  expiryDate?: string;
  /** SPEC §5: addresses or CIDR ranges (text as typed, or a list), and `n/s|min|h|day`; empty: none. */
  allowedIps?: string | string[];
  rateLimit?: string;
};
export type EditInput = Partial<{ label: string; description: string; primaryContact: string; developerEmails: string | string[]; scopes: string[]; allowedIps: string | string[]; rateLimit: string }>;
export type ListFilter = Partial<Pick<ListQuery, 'status' | 'created' | 'organizationSlug' | 'domainName' | 'expiringBefore' | 'unusedDays'>> & { words?: string[] };
/** A new secret on its way to its one holder: it works only once `handedOver` confirms that it
 *  arrived. Undelivered, it is voided (`voidIssued`, or the delivery sweep if the process died). */
export type Issued = { token: Token; secret: string };
/** A reset's new secret: the token's previous secrets end at `oldSecretsUntil` once it arrives. */
export type Reset = Issued & { oldSecretsUntil: Date | null };

/** `pendingDelivery`: the secret goes to someone else (a DM), and works only once `handedOver`
 *  confirms it arrived. Otherwise the caller holds it in hand, and it works at once. */
export type IssueOptions = { pendingDelivery?: boolean };

/** Stores a new token with its first (pending) secret and audit entries; null: not stored. */
export type PersistToken = (token: NewToken, digest: string, audit: AuditDraft[], schedule: Schedule) => Promise<Token | null>;

/** How long a secret may stay undelivered before the sweep voids it. */
export const DELIVERY_WINDOW_MS = 120_000;

export type TokenServiceOptions = {
  store: TokenStore;
  catalog: Catalog;
  tokenPrefix: string;
  hashSecret: string;
  workspaceAdmins: string[];
  /** Told after every committed change, so verification caches drop the token. */
  onChanged?: (tokenId: string) => void;
  /** Told after a change that integrations notice (reset, disable, revoke, upgrade, delete). */
  onIntegrationChange?: (token: Token, action: string) => void;
  /** Reminder thresholds and the contact review period (defaults: 30,7,1 and 90 days). */
  reminders?: ReminderSettings;
  /** Told when a direct revoke or delete closed pending revocation requests. */
  onRequestsClosed?: (requests: RevocationRequest[]) => void;
  /** Revoking needs a second admin's approval (an approvals channel is set): a user's direct
   *  revoke is refused with approval_required, and only an approved request revokes. */
  revocationNeedsApproval?: boolean;
  /** Who may be a primary contact (Slack's users.info); unset: anyone with a user id. */
  contacts?: ContactDirectory;
  now?: () => Date;
};

/** Primary contacts who would read no reminder, and how each is refused. */
const CONTACT_REFUSALS: Partial<Record<ContactStatus, 'contact_deactivated' | 'contact_bot' | 'contact_unknown'>> = {
  deactivated: 'contact_deactivated',
  bot: 'contact_bot',
  unknown: 'contact_unknown',
};

/** Changes that the API's clients notice: their developers are told by e-mail. */
const INTEGRATION_ACTIONS = new Set<AuditAction>(['token.reset', 'token.disable', 'token.revoke', 'token.upgrade', 'token.extend', 'token.delete']);

const revocation = (reason: string | undefined | null): Pick<Change, 'update'> => ({ update: { status: 'revoked', statusReason: reason || null } });

const settlement = (request: RevocationRequest, state: Settlement['state'], decidedBy: string | null, outcomeReason: string | null): Settlement => ({
  requestId: request.id,
  state,
  decidedBy,
  outcomeReason,
});

/** An audit entry about a revocation request. */
export const requestAudit = (actor: Actor, action: AuditAction, request: RevocationRequest, reason?: string | null): AuditDraft => ({
  actor: actor.userId,
  action,
  outcome: 'ok',
  reason: reason ?? undefined,
  tokenId: request.tokenId ?? undefined,
  displayId: request.displayId,
  snapshot: { requestId: request.id },
});

/** How a change decides: the token and its pending revocation request, both locked. */
type Decide = (token: Token, pending: RevocationRequest | null) => (Omit<Change, 'audit'> & { audit?: AuditDraft[]; auditAfter?: AuditDraft[]; action?: AuditAction }) | null;

export function parseOwnerRef(text: string): OwnerRef | undefined {
  const [kind, name] = [text.slice(0, text.indexOf(':')), text.slice(text.indexOf(':') + 1)];
  if (!name) return undefined;
  if (kind === 'org') return { type: 'organization', slug: name };
  if (kind === 'domain') return { type: 'domain', name };
  return undefined;
}

export class TokenService {
  private readonly store: TokenStore;
  private readonly catalog: Catalog;
  private readonly now: () => Date;

  constructor(private readonly options: TokenServiceOptions) {
    this.store = options.store;
    this.catalog = options.catalog;
    this.now = options.now ?? (() => new Date());
  }

  async actor(userId: string): Promise<Actor> {
    const grants = await this.store.grantsOf(userId);
    if (this.options.workspaceAdmins.includes(userId) && !grants.some((g) => g.role === 'workspace_admin')) {
      grants.push({ role: 'workspace_admin' });
    }
    return { userId, grants };
  }

  /** Workspace admins from ADMIN_USER_IDS, who hold the role without a grant. */
  configuredAdmins(): string[] {
    return [...this.options.workspaceAdmins];
  }

  private issueSecret() {
    const secret = generateSecret(this.options.tokenPrefix);
    return { secret, digest: digestSecret(secret, this.options.hashSecret) };
  }

  /** Tells caches and integrations of a committed change: this service's own, or another's
   * (an approved revocation). */
  private changed(token: Token, action: AuditAction): void {
    this.options.onChanged?.(token.id);
    if (INTEGRATION_ACTIONS.has(action)) this.options.onIntegrationChange?.(token, action);
  }

  /** Runs `work`; a DomainError it throws is audited as a refused attempt, then rethrown. */
  async audited<T>(actor: Actor, action: AuditAction, displayId: string | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof UnavailableError) throw error; // no refusal (and the database may be what is unavailable)
      if (error instanceof DomainError || error instanceof ValidationError) {
        const errors = error instanceof DomainError ? [error] : error.errors;
        const reason = errors.map((e) => e.code).join(',');
        const snapshot = refusalSnapshot(errors, (text) => redactSecrets(withoutUnsafeCharacters(text), this.options.tokenPrefix));
        await this.store.recordAudit({ actor: actor.userId, action, outcome: 'refused', reason, displayId, snapshot });
      }
      throw error;
    }
  }

  private async ownerFor(actor: Actor, ref: string, action: Action): Promise<Owner> {
    const parsed = parseOwnerRef(ref);
    const owner = parsed && (await this.store.findOwner(parsed));
    if (!owner) throw new DomainError('owner_not_found', 'owner');
    if (!can(actor, action, { owner })) throw new DomainError('not_permitted', 'owner');
    return owner;
  }

  async create(actor: Actor, input: CreateInput, issue: IssueOptions = {}): Promise<Issued> {
    return this.audited(actor, 'token.create', undefined, async () => {
      const owner = await this.ownerFor(actor, input.owner, 'token.create');
      return this.issued(await this.insert(actor, await this.validated(owner, input), 'token.create'), issue);
    });
  }

  /** The organization or domain `org:<slug>` / `domain:<name>` names, if it exists. */
  async ownerOf(ref: string): Promise<Owner | null> {
    const parsed = parseOwnerRef(ref);
    return parsed ? this.store.findOwner(parsed) : null;
  }

  /** Checks a token request's fields as a create would, whoever asks (any owner may be asked
   *  for); throws the ValidationError a create would. */
  async checkRequested(input: CreateInput): Promise<Owner> {
    const owner = await this.ownerOf(input.owner);
    if (!owner) throw new ValidationError([new DomainError('owner_not_found', 'owner')]);
    await this.validated(owner, input);
    return owner;
  }

  /**
   * Makes the token an approved request asked for, with the requester as its creator and primary
   * contact; `persist` stores it (linking it to its request in the same transaction) and answers
   * null when the request needs no token any more. The secret is pending until handed over.
   */
  async createRequested(requester: Actor, input: CreateInput, requestId: string, persist: PersistToken): Promise<Issued | null> {
    return this.audited(requester, 'token.create', undefined, async () => {
      const owner = await this.checkRequested(input);
      const fields = await this.validated(owner, { ...input, primaryContact: requester.userId });
      return this.insert(requester, fields, 'token.create', { requestId }, persist);
    });
  }

  /** The create form's fields, checked: every problem at once, as one ValidationError. */
  private async validated(owner: Owner, input: CreateInput): Promise<Omit<NewToken, 'displayId' | 'createdBy'>> {
    const errors: DomainError[] = [];
    const attempt = <T>(check: () => T): T | undefined => {
      try {
        return check();
      } catch (error) {
        if (error instanceof ValidationError) errors.push(...error.errors);
        else if (error instanceof DomainError) errors.push(error);
        else throw error;
        return undefined;
      }
    };
    const fields = attempt(() =>
      validateFields(
        {
          label: input.label,
          description: input.description ?? '',
          primaryContact: input.primaryContact,
          developerEmails: input.developerEmails ?? [],
          scopes: input.scopes,
        },
        this.catalog,
      ),
    );
    const policy = attempt(() => validatePolicy({ allowedIps: input.allowedIps ?? [], rateLimit: input.rateLimit ?? '' }));
    const apiVersion = attempt(() => validateVersion(input.apiVersion, this.catalog));
    const expiresAt = attempt(() => resolveExpiry(input, owner, this.catalog, this.now()));
    if (fields?.primaryContact) errors.push(...(await this.contactProblems(fields.primaryContact)));
    if (errors.length || !fields || !policy || !apiVersion || expiresAt === undefined) throw new ValidationError(errors);
    return { ...(fields as Required<typeof fields>), ...(policy as Required<typeof policy>), owner, apiVersion, expiresAt };
  }

  /** Why someone cannot be a primary contact: deactivated, a bot or unknown to Slack (none: they can). */
  private async contactProblems(userId: string): Promise<DomainError[]> {
    const refusal = CONTACT_REFUSALS[(await this.options.contacts?.statusOf(userId)) ?? 'unchecked'];
    return refusal ? [new DomainError(refusal, 'primary_contact')] : [];
  }

  /** Whether someone can be a primary contact: a form does not preselect one who cannot. */
  async canBeContact(userId: string): Promise<boolean> {
    return (await this.contactProblems(userId)).length === 0;
  }

  /** Refuses before asking anything: a reset of an expired token (extend it instead). */
  checkResettable(token: Token): void {
    refuseResetIfExpired(token, this.now());
  }

  private get reminders(): ReminderSettings {
    return this.options.reminders ?? { thresholds: [30, 7, 1], reviewDays: 90, staleDays: 30 };
  }

  /** `snapshot`: what the history keeps beside the fields, such as the token a copy was made of. */
  private async insert(actor: Actor, fields: Omit<NewToken, 'displayId' | 'createdBy'>, action: AuditAction, snapshot?: Record<string, unknown>): Promise<Issued>;
  private async insert(actor: Actor, fields: Omit<NewToken, 'displayId' | 'createdBy'>, action: AuditAction, snapshot: Record<string, unknown>, persist: PersistToken): Promise<Issued | null>;
  private async insert(actor: Actor, fields: Omit<NewToken, 'displayId' | 'createdBy'>, action: AuditAction, snapshot?: Record<string, unknown>, persist?: PersistToken): Promise<Issued | null> {
    const { secret, digest } = this.issueSecret();
    const now = this.now();
    const schedule = {
      nextReminderAt: firstReminderAt(fields.expiresAt, this.reminders.thresholds, now),
      nextReviewAt: nextReviewAt(now, this.reminders.reviewDays),
    };
    const token: NewToken = { ...fields, displayId: generateDisplayId(), createdBy: actor.userId };
    const { displayId, ...recorded } = token;
    const audit: AuditDraft = { actor: actor.userId, action, outcome: 'ok', displayId, changes: diff({} as NewToken, { ...recorded, status: 'enabled' } as Partial<NewToken>), snapshot };
    const stored = await (persist ?? this.store.insertToken.bind(this.store))(token, digest, [audit], schedule);
    return stored && { token: stored, secret };
  }

  async list(actor: Actor, filter: ListFilter, page: { offset: number; limit: number }): Promise<{ tokens: Token[]; hasMore: boolean }> {
    const rows = await this.store.listTokens({
      ...filter,
      // Search words are not stored, but PostgreSQL cannot even compare a NUL.
      words: (filter.words ?? []).map((word) => withoutUnsafeCharacters(word).trim()).filter(Boolean),
      visibility: visibility(actor),
      now: this.now(),
      offset: page.offset,
      limit: page.limit + 1,
    });
    return { tokens: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
  }

  /** A token the actor may see; not_permitted or token_not_found otherwise (audited). */
  /** What verification recorded of a token the caller was shown (SPEC §5). */
  usageOf(token: Token): Promise<TokenUsage> {
    return this.store.usageOf(token.id, this.now());
  }

  async show(actor: Actor, displayId: string): Promise<Token> {
    return this.audited(actor, 'token.view', displayId, async () => {
      const token = await this.store.getToken(displayId);
      if (!token) throw new DomainError('token_not_found');
      if (!can(actor, 'token.view', { owner: token.owner })) throw new DomainError('not_permitted');
      return token;
    });
  }

  /** A token for its primary contact (who may not be an admin), or for whoever may see it. */
  async showToContact(actor: Actor, displayId: string): Promise<Token> {
    const token = await this.store.getToken(displayId);
    if (token && token.primaryContact === actor.userId) return token;
    return this.show(actor, displayId);
  }

  status(token: Token): EffectiveStatus {
    return effectiveStatus(token, this.now());
  }

  /**
   * The one path of every change to a token: `decide` runs with the token and its pending
   * revocation request locked (after the permission check, unless `permit` replaces it), its
   * audit entries are written in the change's transaction, and caches and integrations are told
   * after the commit. A refusal is audited as `action`.
   */
  private async change(actor: Actor, displayId: string, action: AuditAction, decide: Decide, permit?: (token: Token) => boolean): Promise<ChangeResult> {
    return this.audited(actor, action, displayId, async () => {
      let made: AuditAction | undefined;
      let closed = false;
      const result = await this.store.changeToken(displayId, (token, pending) => {
        if (!(permit ? permit(token) : can(actor, 'token.change', { owner: token.owner }))) throw new DomainError('not_permitted');
        const decided = decide(token, pending);
        if (!decided) return null;
        const { action: tokenAction = action, auditAfter = [], ...rest } = decided;
        const change: Change = { ...rest, audit: decided.audit ?? [] };
        const changesToken = change.update || change.newSecret || change.remove || change.rearmReminders !== undefined || change.nextReviewAt || change.staleKeptUntil;
        if (changesToken) {
          made = tokenAction;
          change.audit.push(this.tokenAudit(actor, tokenAction, token, change));
        }
        // A revoke or delete by any path settles the token's pending request.
        const ends = change.remove || change.update?.status === 'revoked';
        if (ends && pending && !change.settle) {
          const why = change.remove ? 'token_deleted' : 'revoked_directly';
          change.settle = { requestId: pending.id, state: 'closed', decidedBy: null, outcomeReason: why };
          change.audit.unshift(requestAudit(actor, 'revocation.close', pending, why));
          closed = true;
        }
        change.audit.push(...auditAfter);
        return change;
      });
      if (made) this.changed(result.after ?? result.before, made);
      if (closed && result.request) this.options.onRequestsClosed?.([result.request]);
      return result;
    });
  }

  private tokenAudit(actor: Actor, action: AuditAction, token: Token, change: Change): AuditDraft {
    const changes = diff(token, change.update ?? {});
    if (change.newSecret) changes.secret = { before: 'previous', after: 'new', oldSecretsValidUntil: change.newSecret.oldSecretsUntil } as never;
    const snapshot = change.remove ? { label: token.label, owner: token.owner, status: token.status } : change.settle ? { requestId: change.settle.requestId } : undefined;
    return { actor: actor.userId, action, outcome: 'ok', tokenId: token.id, displayId: token.displayId, changes, snapshot };
  }

  private static notRevoked(token: Token) {
    if (token.status === 'revoked') throw new DomainError('token_revoked');
  }

  /** Saves the edit form; a new expiry in it (`expiry`/`expiryDate`) follows the renewal rules. */
  async edit(actor: Actor, displayId: string, input: EditInput & { expiry?: string; expiryDate?: string }): Promise<Token> {
    const { expiry, expiryDate, allowedIps, rateLimit, ...fields } = input;
    const contact = fields.primaryContact;
    if (contact) {
      await this.audited(actor, 'token.edit', displayId, async () => {
        const problems = await this.contactProblems(contact);
        if (problems.length) throw new ValidationError(problems);
      });
    }
    const { after } = await this.change(actor, displayId, 'token.edit', (token) => {
      TokenService.notRevoked(token);
      const update = validateEditable(fields, { allowedIps, rateLimit }, this.catalog);
      if (!expiry && !expiryDate) return { update };
      const expiresAt = resolveExpiry({ expiry, expiryDate }, token.owner, this.catalog, this.now());
      return { update: { ...update, expiresAt }, rearmReminders: firstReminderAt(expiresAt, this.reminders.thresholds, this.now()) };
    });
    return after!;
  }

  async duplicate(actor: Actor, displayId: string, issue: IssueOptions = {}, copySuffix?: CopySuffix): Promise<Issued> {
    const source = await this.show(actor, displayId);
    return this.audited(actor, 'token.duplicate', displayId, async () => {
      if (!can(actor, 'token.create', { owner: source.owner })) throw new DomainError('not_permitted');
      const fields = {
        description: source.description,
        owner: source.owner,
        apiVersion: this.catalog.apiVersions.includes(source.apiVersion) ? source.apiVersion : this.catalog.latestVersion,
        scopes: source.scopes,
        primaryContact: source.primaryContact,
        developerEmails: source.developerEmails,
        allowedIps: source.allowedIps,
        rateLimit: source.rateLimit,
        expiresAt: sameLifetime(source, this.catalog, this.now()),
      };
      for (let attempt = 1; ; attempt++) {
        try {
          return this.issued(await this.insert(actor, { ...fields, label: copyLabel(source.label, attempt, copySuffix) }, 'token.duplicate', { source: source.displayId }), issue);
        } catch (error) {
          if (!(error instanceof DomainError && error.code === 'label_taken') || attempt >= 20) throw error;
        }
      }
    });
  }

  async reset(actor: Actor, displayId: string, grace: GracePeriod = 'none', issue: IssueOptions = {}): Promise<Reset> {
    if (!isGracePeriod(grace)) throw new DomainError('grace_invalid');
    const { secret, digest } = this.issueSecret();
    const graceMs = GRACE_PERIODS[grace];
    const oldSecretsUntil = graceMs ? new Date(this.now().getTime() + graceMs) : null;
    const { after } = await this.change(actor, displayId, 'token.reset', (token) => {
      TokenService.notRevoked(token);
      refuseResetIfExpired(token, this.now());
      return {
        newSecret: { digest, oldSecretsUntil },
        // A new secret is a new start: each threshold it enters from now fires again.
        rearmReminders: firstReminderAt(token.expiresAt, this.reminders.thresholds, this.now()),
      };
    });
    return this.issued({ token: after!, secret, oldSecretsUntil }, issue);
  }

  private async issued<T extends Issued>(issued: T, issue: IssueOptions): Promise<T> {
    if (!issue.pendingDelivery) await this.handedOver(issued);
    return issued;
  }

  /** The secret reached its holder: from now on it works (and a reset's previous secrets end as
   *  chosen). false when it was voided meanwhile (its delivery took longer than the window). */
  async handedOver(issued: Issued | Reset): Promise<boolean> {
    const oldSecretsUntil = 'oldSecretsUntil' in issued ? issued.oldSecretsUntil : null;
    const confirmed = await this.store.confirmSecret(digestSecret(issued.secret, this.options.hashSecret), oldSecretsUntil);
    if (confirmed) this.options.onChanged?.(issued.token.id);
    return confirmed;
  }

  /** A secret nobody saw must not work: a new token is deleted, a reset undone. Audited as void. */
  async voidIssued(actor: Actor, issued: Issued | Reset): Promise<void> {
    await this.voidPending(actor, digestSecret(issued.secret, this.options.hashSecret), null);
  }

  /** Voids the secrets whose delivery was cut off (a process killed between issuing and
   *  delivering): no token stays live with nobody holding its secret. */
  async voidUndelivered(windowMs = DELIVERY_WINDOW_MS): Promise<Voided[]> {
    const voided: Voided[] = [];
    for (const digest of await this.store.stalePendingSecrets(windowMs, 100)) {
      const done = await this.voidPending(SYSTEM_ACTOR, digest, windowMs);
      if (done) voided.push(done);
    }
    return voided;
  }

  private async voidPending(actor: Actor, digest: string, olderThanMs: number | null): Promise<Voided | null> {
    const voided = await this.store.voidPendingSecret(digest, olderThanMs, ({ token, removed }) => [
      {
        actor: actor.userId,
        action: removed ? 'token.void' : 'token.reset.void',
        outcome: 'ok',
        tokenId: token.id,
        displayId: token.displayId,
        snapshot: removed ? { label: token.label, owner: token.owner, status: token.status } : undefined,
      },
    ]);
    if (voided) this.options.onChanged?.(voided.token.id);
    return voided;
  }

  async upgrade(actor: Actor, displayId: string, version?: string): Promise<Token> {
    const { after } = await this.change(actor, displayId, 'token.upgrade', (token) => {
      TokenService.notRevoked(token);
      const apiVersion = validateVersion(version, this.catalog);
      if (apiVersion === token.apiVersion) throw new DomainError('version_unchanged', 'api_version', { version: apiVersion });
      return { update: { apiVersion } };
    });
    return after!;
  }

  /** A reason as typed: without unsafe characters or anything shaped like a secret, at most 500 characters. */
  reasonOf(text: string | undefined | null): string | undefined {
    return text ? truncate(redactSecrets(withoutUnsafeCharacters(text), this.options.tokenPrefix).trim(), 500) || undefined : undefined;
  }

  /**
   * Renewal: a new expiry, a preset counted from today (7d…365d, `never` where the catalog allows
   * it) or a date, under the catalog's policy as at creation. The secret stays; every expiry
   * reminder fires again for the new date.
   */
  async extend(actor: Actor, displayId: string, choice: { expiry?: string; expiryDate?: string }): Promise<Token> {
    if (!choice.expiry && !choice.expiryDate) throw new DomainError('expiry_invalid', 'expiry');
    const { after } = await this.change(actor, displayId, 'token.extend', (token) => {
      TokenService.notRevoked(token);
      const expiresAt = resolveExpiry(choice, token.owner, this.catalog, this.now());
      return { update: { expiresAt }, rearmReminders: firstReminderAt(expiresAt, this.reminders.thresholds, this.now()) };
    });
    return after!;
  }

  async disable(actor: Actor, displayId: string, reason?: string): Promise<Token> {
    reason = this.reasonOf(reason);
    const { after } = await this.change(actor, displayId, 'token.disable', (token) => {
      TokenService.notRevoked(token);
      if (token.status === 'disabled') throw new DomainError('already_disabled');
      return { update: { status: 'disabled', statusReason: reason ?? null } };
    });
    return after!;
  }

  async enable(actor: Actor, displayId: string): Promise<Token> {
    const { after } = await this.change(actor, displayId, 'token.enable', (token) => {
      TokenService.notRevoked(token);
      if (token.status === 'enabled') throw new DomainError('already_enabled');
      return { update: { status: 'enabled', statusReason: null } };
    });
    return after!;
  }

  /** Final: a revoked token never works again. Where revoking needs approval, a user asks
   *  through RevocationService.request instead, and this refuses with approval_required. */
  async revoke(actor: Actor, displayId: string, reason?: string): Promise<Token> {
    return this.revokeNow(actor, displayId, reason, this.options.revocationNeedsApproval);
  }

  /**
   * A leak's action, as LEAK_ACTOR: revoke at once whatever the approval rule (the one way
   * around it), disable, or only notify. One transaction records it: the token's change, the leak marked
   * applied in the ledger, and `leakAudit` after the change's own entries. A token revoked or
   * disabled by someone else first is left as it is; the leak is recorded all the same.
   */
  async applyLeak(leak: { id: number; displayId: string; action: 'revoke' | 'disable' | 'notify' }, reason: string, leakAudit: AuditDraft): Promise<void> {
    const why = this.reasonOf(reason) ?? null;
    const revoking = leak.action === 'revoke';
    await this.change(LEAK_ACTOR, leak.displayId, revoking ? 'token.revoke' : 'token.disable', (token) => {
      const acts = revoking ? token.status !== 'revoked' : leak.action === 'disable' && token.status === 'enabled';
      const update = !acts ? {} : revoking ? revocation(why) : { update: { status: 'disabled' as const, statusReason: why } };
      return { ...update, leakApplied: leak.id, auditAfter: [leakAudit] };
    });
  }

  private async revokeNow(actor: Actor, displayId: string, reason: string | undefined, needsApproval = false, permit?: (token: Token) => boolean) {
    reason = this.reasonOf(reason);
    const { after } = await this.change(
      actor,
      displayId,
      'token.revoke',
      (token) => {
        TokenService.notRevoked(token);
        if (needsApproval) throw new DomainError('approval_required');
        return revocation(reason);
      },
      permit,
    );
    return after!;
  }

  /**
   * Decides a pending revocation request, as a change of its token (so an approval revokes
   * through the same path as a direct revoke): only an admin of the owner other than the
   * requester may approve or reject; a request past its time is expired instead, whoever asks.
   */
  async settleRevocation(actor: Actor, request: RevocationRequest, decision: 'approved' | 'rejected' | 'expired', reason?: string): Promise<Decision> {
    reason = this.reasonOf(reason);
    const action: AuditAction = decision === 'approved' ? 'revocation.approve' : decision === 'rejected' ? 'revocation.reject' : 'revocation.expire';
    let decidedNow = false;
    const result = await this.change(
      actor,
      request.displayId,
      action,
      (token, pending) => {
        if (pending?.id !== request.id) return null; // decided, expired or closed meanwhile
        const expired = pending.expiresAt <= this.now();
        if (decision === 'expired') {
          decidedNow = expired;
          return expired ? { settle: settlement(pending, 'expired', null, null), audit: [requestAudit(SYSTEM_ACTOR, 'revocation.expire', pending)] } : null;
        }
        if (pending.requestedBy === actor.userId) throw new DomainError('own_request');
        if (!can(actor, 'revocation.decide', { owner: token.owner, requestedBy: pending.requestedBy })) throw new DomainError('not_permitted');
        if (expired) return { settle: settlement(pending, 'expired', null, null), audit: [requestAudit(SYSTEM_ACTOR, 'revocation.expire', pending)] };
        decidedNow = true;
        if (decision === 'rejected') return { settle: settlement(pending, 'rejected', actor.userId, reason ?? null), audit: [requestAudit(actor, 'revocation.reject', pending, reason)] };
        return { ...revocation(pending.reason), action: 'token.revoke', settle: settlement(pending, 'approved', actor.userId, null), audit: [requestAudit(actor, 'revocation.approve', pending)] };
      },
      () => true, // checked above, with the request
    );
    return { request: decidedNow && result.request ? result.request : request, token: result.after, decidedNow };
  }

  /** The primary contact (or an admin) says the token is still needed: asked again a review period later. */
  async keep(actor: Actor, displayId: string): Promise<{ token: Token; next: Date }> {
    const next = nextReviewAt(this.now(), this.reminders.reviewDays);
    const { after } = await this.change(actor, displayId, 'token.review.keep', () => ({ nextReviewAt: next }), (token) => token.primaryContact === actor.userId || can(actor, 'token.change', { owner: token.owner }));
    return { token: after!, next };
  }

  /** An admin keeps a token the unused-token digest listed: silent for one STALE_TOKEN_DAYS period. */
  async keepUnused(actor: Actor, displayId: string): Promise<{ token: Token; next: Date }> {
    const next = keptUntil(this.now(), this.reminders.staleDays ?? 30);
    const { after } = await this.change(actor, displayId, 'token.stale.keep', () => ({ staleKeptUntil: next }));
    return { token: after!, next };
  }

  /** Permanent; the audit trail keeps the label and owner. */
  async delete(actor: Actor, displayId: string): Promise<Token> {
    const { before } = await this.change(actor, displayId, 'token.delete', () => ({ remove: true }));
    return before;
  }

  /** The token's history, newest first; also for deleted tokens, from their snapshot. */
  async audit(actor: Actor, displayId: string): Promise<AuditEntry[]> {
    const token = await this.store.getToken(displayId);
    const entries = await this.store.auditOf(displayId);
    const owner = token?.owner ?? (entries.find((entry) => entry.snapshot?.owner)?.snapshot?.owner as Owner | undefined);
    return this.audited(actor, 'token.audit', displayId, async () => {
      if (!owner) throw new DomainError('token_not_found');
      if (!can(actor, 'token.view', { owner })) throw new DomainError('not_permitted');
      return entries;
    });
  }
}

/** The edit form's fields and policy, every problem of both at once. */
function validateEditable(fields: Omit<EditInput, 'allowedIps' | 'rateLimit'>, policy: Pick<EditInput, 'allowedIps' | 'rateLimit'>, catalog: Catalog) {
  const errors: DomainError[] = [];
  const collect = <T>(check: () => T): T | undefined => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      errors.push(...error.errors);
      return undefined;
    }
  };
  const update = collect(() => validateFields(fields, catalog));
  const policyUpdate = collect(() => validatePolicy(policy));
  if (errors.length) throw new ValidationError(errors);
  return { ...update, ...policyUpdate };
}
