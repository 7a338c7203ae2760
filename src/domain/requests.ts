// Token requests (README: Token requests and approval policies): anyone asks for a token; the people the catalog's approval policy
// names approve it (as many distinct ones as it requires), and the token is then made with the
// requester as its creator and primary contact. The first rejection, withdrawal or expiry ends a
// request; every step is audited. Issuing is idempotent per request (ApprovalStore.issue): a
// crash between approval and delivery is picked up again by `undelivered`, never twice.
import { eligibility, progress, ruleFor, type Eligibility } from './approvals.js';
import type { AuditAction, AuditDraft } from './audit.js';
import type { Catalog } from './catalog.js';
import { DomainError, UnavailableError, ValidationError, type ErrorCode } from './errors.js';
import type { Actor, Owner } from './permissions.js';
import { validatePolicy } from './policy.js';
import { Approvers } from './approvers.js';
import type { ChangeRequests } from './changeRequests.js';
import {
  requestedChange,
  requestSnapshot,
  requestedToken,
  type ApprovalPatch,
  type ApprovalRequest,
  type ApprovalStore,
  type GroupDirectory,
  type PostedMessage,
  type RequestedToken,
} from './ports.js';
import { DELIVERY_WINDOW_MS, type CreateInput, type Issued, type Reset, type TokenService } from './tokenService.js';
import type { Token } from './tokens.js';
import { HOUR_MS, MINUTE_MS } from './time.js';

/** How long after an approval the sweep leaves its token to the click that approved it. */
const ISSUING_GRACE_MS = 5_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The request form: the create form without a primary contact (the requester is), plus why. */
type RequestInput = Omit<CreateInput, 'primaryContact'> & { reason: string };

/** What a click did: `decidedNow` false when the request was decided (or ended) before it. */
type RequestDecision = { request: ApprovalRequest; decidedNow: boolean };

/** Schedules a posted request's expiry and escalation, and what follows its end (implemented by
 *  the job queue). */
export type RequestScheduler = {
  requestPosted(request: ApprovalRequest, escalateAt?: Date): Promise<unknown>;
  /** The request ended (decided, expired, withdrawn, closed): what its requester was shown to
   *  withdraw it is rewritten to say how it ended. */
  requestEnded(requestId: string): Promise<unknown>;
};

/** The outcome of carrying out an approved request: its token made, its change made (a reset's
 *  new secret on its way), or failed. */
type Issuance =
  | { kind: 'issued'; request: ApprovalRequest; issued: Issued }
  | { kind: 'changed'; request: ApprovalRequest; token: Token; reset?: Reset }
  | { kind: 'failed'; request: ApprovalRequest }
  | { kind: 'nothing' };

/** The create form's fields of a token request, its requester the primary contact. */
const createInputOf = (request: ApprovalRequest): CreateInput => ({
  ...requestedToken(request)!,
  primaryContact: request.requestedBy,
});

const REFUSALS: Record<Exclude<Eligibility, 'eligible'>, ErrorCode> = {
  own_request: 'request_own',
  already_approved: 'request_already_approved',
  not_an_approver: 'request_not_approver',
  group_unreadable: 'request_group_unreadable',
};

type RequestServiceOptions = {
  store: ApprovalStore;
  tokens: TokenService;
  /** Requests to change existing tokens (revoke, reset, extend): their checks and their carrying out. */
  changes: ChangeRequests;
  catalog: Catalog;
  /** Slack user groups (usergroups.users.list); unset: no group can be read. */
  groups?: GroupDirectory;
  /** The admins of an owner, for DMs when there is no approvals channel. */
  adminsOf?: (owner: Owner) => Promise<string[]>;
  ttlHours: number;
  now?: () => Date;
};

export class RequestService {
  private readonly store: ApprovalStore;
  private readonly tokens: TokenService;
  private readonly now: () => Date;
  /** Who may decide a request, and whom to ask. */
  readonly approvers: Approvers;

  /** How long a request waits for its decision (APPROVAL_TTL_HOURS). */
  get ttlHours(): number {
    return this.options.ttlHours;
  }

  constructor(private readonly options: RequestServiceOptions) {
    this.store = options.store;
    this.tokens = options.tokens;
    this.now = options.now ?? (() => new Date());
    this.approvers = new Approvers({ ...options, now: this.now });
  }

  private audit(
    actor: Actor | string,
    action: AuditAction,
    request: ApprovalRequest,
    reason?: string | null,
  ): AuditDraft {
    return {
      actor: typeof actor === 'string' ? actor : actor.userId,
      action,
      outcome: 'ok',
      reason: reason ?? undefined,
      tokenId: request.tokenId ?? undefined,
      displayId: request.displayId ?? requestedChange(request)?.displayId,
      snapshot: requestSnapshot(request),
    };
  }

  /** Asks for a token: checked as a create would be, then pending under the matching rule. */
  async submit(actor: Actor, input: RequestInput): Promise<ApprovalRequest> {
    return this.tokens.audited(actor, 'request.submit', undefined, async () => {
      const reason = this.tokens.reasonOf(input.reason);
      const asked: CreateInput = { ...input, primaryContact: actor.userId };
      let owner: Owner | undefined;
      const problems: DomainError[] = [];
      try {
        owner = await this.tokens.checkRequested(asked);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        problems.push(...error.errors.filter((e) => e.field !== 'primary_contact')); // the requester is the contact: not theirs to fix here
      }
      if (!reason) problems.push(new DomainError('request_reason_required', 'reason'));
      if (problems.length || !owner) throw new ValidationError(problems);
      const rule = ruleFor(this.options.catalog.approvals, { operation: 'request', owner, scopes: input.scopes })!;
      const requested: RequestedToken = {
        owner: input.owner,
        label: input.label.trim(),
        description: input.description ?? '',
        apiVersion: input.apiVersion,
        developerEmails:
          typeof input.developerEmails === 'string'
            ? input.developerEmails.split(/[\s,]+/).filter(Boolean)
            : (input.developerEmails ?? []),
        scopes: [...new Set(input.scopes)],
        // The catalog's default when none is chosen (a workflow step's is optional): the request
        // shows the period the token will get, not a blank.
        expiry: input.expiry ?? (input.expiryDate ? undefined : `${this.options.catalog.expiry.defaultDays}d`),
        expiryDate: input.expiryDate,
      };
      // Checked above: only normalised here.
      const policy = validatePolicy({ allowedIps: input.allowedIps ?? [], rateLimit: input.rateLimit ?? '' });
      if (policy.allowedIps?.length) requested.allowedIps = policy.allowedIps;
      if (policy.rateLimit) requested.rateLimit = policy.rateLimit;
      const expiresAt = new Date(this.now().getTime() + this.options.ttlHours * HOUR_MS);
      return this.store.create(
        {
          kind: 'request',
          requestedBy: actor.userId,
          owner: input.owner,
          scopes: requested.scopes,
          input: requested,
          reason: reason!,
          rule,
          expiresAt,
        },
        (request) => this.audit(actor, 'request.submit', request, reason),
      );
    });
  }

  async find(id: string): Promise<ApprovalRequest | null> {
    return UUID.test(id) ? this.store.get(id) : null;
  }

  private async found(id: string): Promise<ApprovalRequest> {
    const request = await this.find(id);
    if (!request) throw new DomainError('request_not_found');
    return request;
  }

  addMessages(id: string, messages: PostedMessage[]): Promise<void> {
    return this.store.addMessages(id, messages);
  }

  ownerOf(request: ApprovalRequest): Promise<Owner | null> {
    return this.tokens.ownerOf(request.owner);
  }

  /** Refuses, as a decision would, someone who may not decide the request: before a form asks
   *  them why they reject it. */
  async checkDecider(actor: Actor, request: ApprovalRequest): Promise<void> {
    await this.tokens.audited(actor, 'request.reject', request.displayId ?? undefined, async () => {
      const owner = await this.ownerOf(request);
      if (owner) await this.refuseIneligible(actor, request, owner); // without one, a decision closes it
      if (request.approvals.includes(actor.userId)) throw new DomainError('request_already_approved');
    });
  }

  private async refuseIneligible(actor: Actor, request: ApprovalRequest, owner: Owner): Promise<void> {
    const verdict = eligibility(
      actor,
      { ...request, owner, escalated: Boolean(request.escalatedAt) },
      await this.approvers.groupsFor(request),
    );
    if (verdict !== 'eligible') throw new DomainError(REFUSALS[verdict]);
  }

  /** Approves or rejects. Who may is checked now (roles and groups as they are at the click);
   *  each approval checks the request again, and closes it when it can no longer be granted
   *  (its owner or a scope gone, its name taken). A change's request is checked at every click: its
   *  token may be gone (deleted, revoked), and an approval of it would count toward nothing. */
  async decide(actor: Actor, id: string, decision: 'approve' | 'reject', reason?: string): Promise<RequestDecision> {
    const action: AuditAction = decision === 'approve' ? 'request.approve' : 'request.reject';
    const request = await this.found(id);
    return this.tokens.audited(actor, action, request.displayId ?? undefined, async () => {
      if (request.state !== 'pending') return { request, decidedNow: false };
      if (request.expiresAt <= this.now())
        return (await this.expire(id)) ?? { request: (await this.store.get(id)) ?? request, decidedNow: false };
      const owner = await this.ownerOf(request);
      if (!owner) return this.close(id, 'owner_not_found');
      await this.refuseIneligible(actor, request, owner);
      const cleaned = this.tokens.reasonOf(reason) ?? null;
      // Checked at every approval: one counted toward a request that can no longer be granted
      // (its name taken meanwhile, a scope gone) would be spent on nothing.
      if (decision === 'approve' || request.kind !== 'request') {
        const problem = await this.problemsNow(request);
        if (problem) return this.close(id, problem);
      }
      const result = await this.store.update(id, (locked) => {
        if (locked.state !== 'pending') return null;
        const now = this.now();
        if (locked.expiresAt <= now)
          return {
            patch: { state: 'expired', decidedAt: now },
            audit: [this.audit('tokenops', 'request.expire', locked)],
          };
        if (locked.approvals.includes(actor.userId)) throw new DomainError('request_already_approved');
        if (decision === 'reject')
          return {
            patch: { state: 'rejected', decidedBy: actor.userId, decidedAt: now, outcomeReason: cleaned },
            audit: [this.audit(actor, 'request.reject', locked, cleaned)],
          };
        const approvals = [...locked.approvals, actor.userId];
        const done = progress(locked.rule, approvals, locked.requestedBy).done;
        const patch: ApprovalPatch = done
          ? { approvals, state: 'approved', decidedBy: actor.userId, decidedAt: now }
          : { approvals };
        // The completing approval records the state it sets (its event: request.decided).
        const audit = this.audit(actor, 'request.approve', locked);
        return {
          patch,
          audit: [done ? { ...audit, changes: { state: { before: 'pending', after: 'approved' } } } : audit],
        };
      });
      if (!result) throw new DomainError('request_not_found');
      return { request: result.request, decidedNow: result.changed };
    });
  }

  /** Why the request could not be granted now (a refusal code), or undefined when it could. */
  private async problemsNow(request: ApprovalRequest): Promise<string | undefined> {
    if (request.kind !== 'request') return this.options.changes.problemsNow(request);
    try {
      await this.tokens.checkRequested(createInputOf(request));
      return undefined;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // The requester becomes the token's contact: one who left (deactivated) ends it, as issuing
      // would; any other doubt about them (Slack not answering) is no reason to refuse.
      const codes = error.errors
        .filter((e) => e.field !== 'primary_contact' || e.code === 'contact_deactivated')
        .map((e) => e.code);
      return codes.length ? [...new Set(codes)].join(',') : undefined;
    }
  }

  /** Ends a request that can no longer be granted, saying why. */
  private async close(id: string, why: string): Promise<RequestDecision> {
    const result = await this.store.update(id, (locked) =>
      locked.state === 'pending'
        ? {
            patch: { state: 'closed', outcomeReason: why, decidedAt: this.now() },
            audit: [this.audit('tokenops', 'request.close', locked, why)],
          }
        : null,
    );
    if (!result) throw new DomainError('request_not_found');
    return { request: result.request, decidedNow: result.changed };
  }

  /** The requester takes back a pending request. */
  async withdraw(actor: Actor, id: string): Promise<RequestDecision> {
    const request = await this.found(id);
    return this.tokens.audited(actor, 'request.withdraw', undefined, async () => {
      if (request.requestedBy !== actor.userId) throw new DomainError('request_not_requester');
      const result = await this.store.update(id, (locked) =>
        locked.state === 'pending'
          ? {
              patch: { state: 'withdrawn', decidedBy: actor.userId, decidedAt: this.now() },
              audit: [this.audit(actor, 'request.withdraw', locked)],
            }
          : null,
      );
      if (!result) throw new DomainError('request_not_found');
      return { request: result.request, decidedNow: result.changed };
    });
  }

  /** Closes a request that reached no approver (Slack refused, or nobody could be asked): not
   *  withdrawn, which would say that its requester did it. */
  async notPosted(id: string): Promise<void> {
    await this.close(id, 'not_posted');
  }

  /** Expires a pending request whose time is up; undefined when there was nothing to do. */
  async expire(id: string): Promise<RequestDecision | undefined> {
    const result = await this.store.update(id, (locked) =>
      locked.state === 'pending' && locked.expiresAt <= this.now()
        ? {
            patch: { state: 'expired', decidedAt: this.now() },
            audit: [this.audit('tokenops', 'request.expire', locked)],
          }
        : null,
    );
    return result?.changed ? { request: result.request, decidedNow: true } : undefined;
  }

  async expireDue(): Promise<ApprovalRequest[]> {
    const due = await this.store.due(this.now());
    const done = await Promise.all(due.map((request) => this.expire(request.id)));
    return done.flatMap((decision) => (decision ? [decision.request] : []));
  }

  /** Closes pending change requests that can no longer be granted (their token deleted or
   *  revoked since, say), so that their messages stop asking for approvals that count toward
   *  nothing. The closed ones, for their messages to be updated. */
  async closeUngrantable(): Promise<ApprovalRequest[]> {
    const closed: ApprovalRequest[] = [];
    for (const request of await this.store.pendingChanges(500)) {
      try {
        const problem = await this.options.changes.problemsNow(request);
        if (!problem) continue;
        const { request: after, decidedNow } = await this.close(request.id, problem);
        if (decidedNow) closed.push(after);
      } catch {
        continue; // decided meanwhile, or its token not readable now: the next sweep looks again
      }
    }
    return closed;
  }

  /** When a request is to be escalated (undefined: its rule has no escalation). */
  escalationAt(request: ApprovalRequest): Date | undefined {
    const minutes = request.rule.escalateAfterMinutes;
    return minutes === undefined || !request.rule.escalateTo.length
      ? undefined
      : new Date(request.createdAt.getTime() + minutes * MINUTE_MS);
  }

  /** Marks a pending request escalated once its time has come; undefined when nothing changed. */
  async escalate(id: string): Promise<ApprovalRequest | undefined> {
    const result = await this.store.update(id, (locked) => {
      const at = this.escalationAt(locked);
      if (locked.state !== 'pending' || locked.escalatedAt || !at || at > this.now()) return null;
      return { patch: { escalatedAt: this.now() }, audit: [this.audit('tokenops', 'request.escalate', locked)] };
    });
    return result?.changed ? result.request : undefined;
  }

  async escalationsDue(): Promise<ApprovalRequest[]> {
    const due = await this.store.escalationsDue(this.now());
    const done = await Promise.all(due.map((request) => this.escalate(request.id)));
    return done.filter((request): request is ApprovalRequest => request !== undefined);
  }

  /** Makes the token of an approved request, once (whoever calls, however often). A request that
   *  can no longer be granted (a label taken meanwhile, say) fails, with the refusal as reason. */
  async issue(id: string): Promise<Issuance> {
    const request = await this.store.get(id);
    if (!request || request.state !== 'approved' || request.tokenId || request.deliveredAt) return { kind: 'nothing' };
    if (request.kind !== 'request') {
      const carried = await this.options.changes.carryOut(request);
      if (carried.kind === 'refused') return this.fail(id, [...new Set(carried.codes)].join(','));
      return carried.kind === 'changed' ? { ...carried, request: (await this.store.get(id)) ?? request } : carried;
    }
    const requester = await this.tokens.actor(request.requestedBy);
    try {
      const issued = await this.tokens.createRequested(
        requester,
        createInputOf(request),
        id,
        (token, digest, audit, schedule) => this.store.issue(id, token, digest, audit, schedule),
      );
      return issued ? { kind: 'issued', request: (await this.store.get(id)) ?? request, issued } : { kind: 'nothing' };
    } catch (error) {
      if (error instanceof UnavailableError || !(error instanceof DomainError || error instanceof ValidationError))
        throw error;
      const codes = error instanceof ValidationError ? error.errors.map((e) => e.code) : [error.code];
      return this.fail(id, [...new Set(codes)].join(','));
    }
  }

  /** The secret reached the requester: the request is done. Confirming the secret records it
   *  already (ApprovalStore.issue); this records it for a request whose secret's digest was not
   *  kept (issued before requests kept it). Whether this call recorded it (an approved request
   *  not yet delivered). */
  async delivered(id: string): Promise<boolean> {
    const result = await this.store.update(id, (locked) =>
      locked.state === 'approved' && !locked.deliveredAt ? { patch: { deliveredAt: this.now() }, audit: [] } : null,
    );
    return Boolean(result?.changed);
  }

  /** The token could not be made or its secret not delivered (it was voided): the request ends.
   *  `tokenId`: the token whose secret was not delivered; the request is left as it is when it
   *  has another by now (a slow handover's token voided by the sweep, and the request issued
   *  again meanwhile: that token's run decides). */
  async fail(id: string, why: string, tokenId?: string): Promise<Issuance> {
    const result = await this.store.update(id, (locked) =>
      locked.state === 'approved' && !locked.deliveredAt && (!tokenId || !locked.tokenId || locked.tokenId === tokenId)
        ? {
            patch: { state: 'failed', outcomeReason: why },
            audit: [this.audit('tokenops', 'request.fail', locked, why)],
          }
        : null,
    );
    return result?.changed ? { kind: 'failed', request: result.request } : { kind: 'nothing' };
  }

  /** Approved requests whose token is missing: never made (a crash right after the approval) or
   *  voided undelivered (a crash mid-delivery). Issuing them again is safe. */
  undelivered(): Promise<ApprovalRequest[]> {
    // Left alone for a moment after the decision: the click that decided is making it then.
    return this.store.undelivered(50, new Date(this.now().getTime() - ISSUING_GRACE_MS));
  }

  /** Approved resets a killed process left undelivered, settled once the delivery sweep (voiding
   *  undelivered secrets after `windowMs`) has had its turn: the new secret voided, the request
   *  fails, so the requester is told to ask again; the new secret confirmed (the process died
   *  just after), it is delivered. The requests settled, for their messages and requester. */
  async abandonedResets(windowMs = DELIVERY_WINDOW_MS): Promise<ApprovalRequest[]> {
    const stale = await this.store.undeliveredResets(50, new Date(this.now().getTime() - 2 * windowMs));
    const settled = await Promise.all(
      stale.map(async ({ request, voided }) => {
        if (voided) {
          const failed = await this.fail(request.id, 'reset_undone');
          return failed.kind === 'failed' ? [failed.request] : [];
        }
        return (await this.delivered(request.id)) ? [request] : [];
      }),
    );
    return settled.flat();
  }

  /** The requester's requests, newest first (App Home's "My requests"). */
  mine(actor: Actor, limit = 10): Promise<ApprovalRequest[]> {
    return this.store.ofRequester(actor.userId, limit);
  }

  /** Pending requests this actor may decide now. */
  async decidable(actor: Actor): Promise<ApprovalRequest[]> {
    return this.approvers.decidable(actor, await this.store.pending(200));
  }
}
