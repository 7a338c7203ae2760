// What every token operation shares: the options, the audit of refused attempts, and `change`,
// the one path of every change to a token. One module per operation (or small group) uses it;
// TokenService (../tokenService.ts) is their public face.
import type { Catalog } from '../catalog.js';
import { refusalSnapshot, type AuditAction, type AuditDraft } from '../audit.js';
import type { ReminderSettings, RemindersAnswered } from '../reminders.js';
import { DomainError, UnavailableError, ValidationError } from '../errors.js';
import type {
  Change,
  ChangeResult,
  ContactDirectory,
  ContactStatus,
  OwnerRef,
  RevocationRequest,
  TokenStore,
} from '../ports.js';
import { can, type Action, type Actor, type Owner } from '../permissions.js';
import { digestSecret, generateSecret } from '../secret.js';
import { redactSecrets, truncate, withoutUnsafeCharacters } from '../text.js';
import { diff, type Token } from '../tokens.js';

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
  /** Told after a change that answers the reminders or notices sent about a token (reminders.ts),
   *  once for each thing it answers, so that every recipient's copy is brought up to date, not
   *  only the one clicked. */
  onRemindersAnswered?: (answered: RemindersAnswered) => void;
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

/** Changes that the API's clients notice: their developers are told by e-mail (a reset once its
 *  new secret is confirmed: secrets.ts, handedOver; one undone never happened). */
const INTEGRATION_ACTIONS = new Set<AuditAction>([
  'token.disable',
  'token.revoke',
  'token.upgrade',
  'token.extend',
  'token.delete',
]);

/** An audit entry about a revocation request. */
export const requestAudit = (
  actor: Actor,
  action: AuditAction,
  request: RevocationRequest,
  reason?: string | null,
): AuditDraft => ({
  actor: actor.userId,
  action,
  outcome: 'ok',
  reason: reason ?? undefined,
  tokenId: request.tokenId ?? undefined,
  displayId: request.displayId,
  snapshot: { requestId: request.id },
});

/** How a change decides: the token and its pending revocation request, both locked. */
type Decide = (
  token: Token,
  pending: RevocationRequest | null,
) =>
  | (Omit<Change, 'audit'> & { audit?: AuditDraft[]; auditAfter?: AuditDraft[]; action?: AuditAction; reason?: string })
  | null;

export function parseOwnerRef(text: string): OwnerRef | undefined {
  const [kind, name] = [text.slice(0, text.indexOf(':')), text.slice(text.indexOf(':') + 1)];
  if (!name) return undefined;
  if (kind === 'org') return { type: 'organization', slug: name };
  if (kind === 'domain') return { type: 'domain', name };
  return undefined;
}

export function notRevoked(token: Token): void {
  if (token.status === 'revoked') throw new DomainError('token_revoked');
}

export class TokenCore {
  readonly store: TokenStore;
  readonly catalog: Catalog;
  readonly now: () => Date;

  constructor(readonly options: TokenServiceOptions) {
    this.store = options.store;
    this.catalog = options.catalog;
    this.now = options.now ?? (() => new Date());
  }

  get reminders(): ReminderSettings {
    return this.options.reminders ?? { thresholds: [30, 7, 1], reviewDays: 90 };
  }

  issueSecret() {
    const secret = generateSecret(this.options.tokenPrefix);
    return { secret, digest: digestSecret(secret, this.options.hashSecret) };
  }

  /** Tells caches and integrations of a committed change: this service's own, or another's
   * (an approved revocation). */
  changed(token: Token, action: AuditAction): void {
    this.options.onChanged?.(token.id);
    if (INTEGRATION_ACTIONS.has(action)) this.options.onIntegrationChange?.(token, action);
  }

  /** Runs `work`; a DomainError it throws is audited as a refused attempt, then rethrown. */
  async audited<T>(
    actor: Actor,
    action: AuditAction,
    displayId: string | undefined,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof UnavailableError) throw error; // no refusal (and the database may be what is unavailable)
      if (error instanceof DomainError || error instanceof ValidationError) {
        const errors = error instanceof DomainError ? [error] : error.errors;
        const reason = errors.map((e) => e.code).join(',');
        const snapshot = refusalSnapshot(errors, (text) =>
          redactSecrets(withoutUnsafeCharacters(text), this.options.tokenPrefix),
        );
        await this.store.recordAudit({ actor: actor.userId, action, outcome: 'refused', reason, displayId, snapshot });
      }
      throw error;
    }
  }

  async ownerFor(actor: Actor, ref: string, action: Action): Promise<Owner> {
    const parsed = parseOwnerRef(ref);
    const owner = parsed && (await this.store.findOwner(parsed));
    if (!owner) throw new DomainError('owner_not_found', 'owner');
    if (!can(actor, action, { owner })) throw new DomainError('not_permitted', 'owner');
    return owner;
  }

  /** Why someone cannot be a primary contact: deactivated, a bot or unknown to Slack (none: they can). */
  async contactProblems(userId: string): Promise<DomainError[]> {
    const refusal = CONTACT_REFUSALS[(await this.options.contacts?.statusOf(userId)) ?? 'unchecked'];
    return refusal ? [new DomainError(refusal, 'primary_contact')] : [];
  }

  /** A reason as typed: without unsafe characters or anything shaped like a secret, at most 500 characters. */
  reasonOf(text: string | undefined | null): string | undefined {
    return text
      ? truncate(redactSecrets(withoutUnsafeCharacters(text), this.options.tokenPrefix).trim(), 500) || undefined
      : undefined;
  }

  /**
   * The one path of every change to a token: `decide` runs with the token and its pending
   * revocation request locked (after the permission check, unless `permit` replaces it), its
   * audit entries are written in the change's transaction, and caches and integrations are told
   * after the commit. A refusal is audited as `action`.
   */
  async change(
    actor: Actor,
    displayId: string,
    action: AuditAction,
    decide: Decide,
    permit?: (token: Token) => boolean,
  ): Promise<ChangeResult> {
    return this.audited(actor, action, displayId, async () => {
      let made: AuditAction | undefined;
      let answered: Answer[] = [];
      let closed = false;
      const result = await this.store.changeToken(displayId, (token, pending) => {
        if (!(permit ? permit(token) : can(actor, 'token.change', { owner: token.owner })))
          throw new DomainError('not_permitted');
        const decided = decide(token, pending);
        if (!decided) return null;
        const { action: tokenAction = action, auditAfter = [], reason, ...rest } = decided;
        const change: Change = { ...rest, audit: decided.audit ?? [] };
        const changesToken =
          change.update ||
          change.newSecret ||
          change.remove ||
          change.rearmReminders !== undefined ||
          change.nextReviewAt ||
          change.staleKeptUntil;
        answered = answeredBy(token, change);
        if (changesToken) {
          made = tokenAction;
          change.audit.push({ ...tokenAudit(actor, tokenAction, token, change), ...(reason ? { reason } : {}) });
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
      if (made) {
        const { id, displayId, label } = result.after ?? result.before; // deleted: as it was
        for (const answer of answered)
          this.options.onRemindersAnswered?.({ tokenId: id, displayId, label, by: actor.userId, ...answer });
      }
      if (closed && result.request) this.options.onRequestsClosed?.([result.request]);
      return result;
    });
  }
}

/** What a change answers, apart from who made it and of which token. */
type Answer<A = RemindersAnswered> = A extends unknown ? Omit<A, 'tokenId' | 'displayId' | 'label' | 'by'> : never;

/** What reminders and notices a change of `token` answers: a review's or the unused-token
 *  digest's "keep", or a new expiry; a new primary contact (the notice of a deactivated one); the
 *  token stopping (disabled, revoked or deleted: the notice of its pasted secret). */
function answeredBy(token: Token, change: Change): Answer[] {
  const ends = change.remove ? 'deleted' : change.update?.status === 'revoked' ? 'revoked' : undefined;
  const stops = ends ?? (change.update?.status === 'disabled' && token.status === 'enabled' ? 'disabled' : undefined);
  const answers: Answer[] = stops ? [{ kind: 'pasted', status: stops }] : [];
  if (ends) return answers; // a revoked or deleted token's reminders ask nothing any more
  if (change.nextReviewAt) answers.push({ kind: 'review', until: change.nextReviewAt });
  else if (change.staleKeptUntil) answers.push({ kind: 'stale', until: change.staleKeptUntil });
  else if (change.update?.expiresAt !== undefined) answers.push({ kind: 'expiry', until: change.update.expiresAt });
  const contact = change.update?.primaryContact;
  if (contact && contact !== token.primaryContact) answers.push({ kind: 'orphan', contact });
  return answers;
}

function tokenAudit(actor: Actor, action: AuditAction, token: Token, change: Change): AuditDraft {
  const changes = diff(token, change.update ?? {});
  if (change.newSecret)
    changes.secret = {
      before: 'previous',
      after: 'new',
      oldSecretsValidUntil: change.newSecret.oldSecretsUntil,
    } as never;
  const snapshot = change.remove
    ? { label: token.label, owner: token.owner, status: token.status }
    : change.settle
      ? { requestId: change.settle.requestId }
      : change.approved
        ? { requestId: change.approved }
        : undefined;
  return {
    actor: actor.userId,
    action,
    outcome: 'ok',
    tokenId: token.id,
    displayId: token.displayId,
    changes,
    snapshot,
  };
}
