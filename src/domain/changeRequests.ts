// Approval policies for changes of existing tokens (README: Token requests and approval policies):
// a revoke, reset or extend (an edit that moves the expiry later included) that a catalog rule
// covers becomes a request on the same engine as token requests (RequestService: distinct
// approvers, progress, escalation, expiry, withdrawal), and is carried out once approved,
// exactly once: the change links its request in the change's own transaction. A token's primary
// contact who administers nothing of it may ask for its revocation or its extension.
import { changeRule, ruleFor, type ApprovalRule, type ChangeOperation } from './approvals.js';
import type { AuditDraft } from './audit.js';
import type { Catalog } from './catalog.js';
import { DomainError, UnavailableError, ValidationError } from './errors.js';
import { can, type Actor, type Owner } from './permissions.js';
import {
  requestedChange,
  requestSnapshot,
  type ApprovalRequest,
  type ApprovalStore,
  type RequestedChange,
} from './ports.js';
import type { Reset, TokenService } from './tokenService.js';
import { editOf, type EditChoice } from './tokenOps/edit.js';
import { isGracePeriod, resolveExpiry, type Token } from './tokens.js';

/** What a change's request asks: the operation on a token, with its own choices. */
export type ChangeAsk = {
  operation: ChangeOperation;
  displayId: string;
  reason?: string;
  grace?: string;
  expiry?: string;
  expiryDate?: string;
};

/** What carrying out an approved change did: changed the token (a reset's new secret pending
 *  until delivered), refused (the refusal codes), or nothing (carried out before, or not approved). */
export type Carried =
  { kind: 'changed'; token: Token; reset?: Reset } | { kind: 'refused'; codes: string[] } | { kind: 'nothing' };

const ownerRefOf = (owner: Owner) =>
  owner.type === 'domain' ? `domain:${owner.domainName}` : `org:${owner.organizationSlug}`;

/** What a primary contact may ask for without administering the token (and may see it for). */
const CONTACT_ASKS: ReadonlySet<string> = new Set<ChangeOperation>(['revoke', 'extend']);
export const contactMayAsk = (operation: string): operation is ChangeOperation => CONTACT_ASKS.has(operation);

/** Whether `actor` holds `token` only as its primary contact: they administer nothing of it. */
export const contactOnly = (actor: Actor, token: Pick<Token, 'owner' | 'primaryContact'>) =>
  token.primaryContact === actor.userId && !can(actor, 'token.change', { owner: token.owner });

export class ChangeRequests {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: ApprovalStore;
      tokens: TokenService;
      /** A token by display id, whoever may see it: for checks at decision time. */
      findToken: (displayId: string) => Promise<Token | null>;
      catalog: Catalog;
      ttlHours: number;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** The rule `operation` on `token` follows, when the policy asks for approval of it. */
  ruleFor(operation: ChangeOperation, token: Pick<Token, 'owner' | 'scopes'>): ApprovalRule | undefined {
    return changeRule(this.options.catalog.approvals, operation, token);
  }

  /**
   * The rule `operation` on `token` follows when `actor` asks for it; undefined: the policy leaves
   * it to those who may make it. An extension asked by a primary contact who administers nothing
   * of the token always needs someone who does: the policy's `extend` rule, else one admin of its
   * owner (never the requester, as for every request).
   */
  ruleForAsker(actor: Actor, operation: ChangeOperation, token: Token): ApprovalRule | undefined {
    if (operation !== 'extend' || !contactOnly(actor, token)) return this.ruleFor(operation, token);
    return ruleFor(this.options.catalog.approvals, { operation, owner: token.owner, scopes: token.scopes }, true);
  }

  /** Whether `operation` on the token `displayId` (as `actor` may see it) is asked for approval. */
  async needsApproval(
    actor: Actor,
    operation: ChangeOperation,
    displayId: string,
    asContact = false,
  ): Promise<boolean> {
    const token = asContact
      ? await this.options.tokens.showToContact(actor, displayId)
      : await this.options.tokens.show(actor, displayId);
    return this.ruleForAsker(actor, operation, token) !== undefined;
  }

  /**
   * The extension an edit is, where the policy asks for approval of it: an edit that moves the
   * expiry later (or to never), and changes nothing else, of a token an `extend` rule covers is
   * asked for as `/token extend` would be. undefined: TokenService.edit saves it, or refuses it
   * (invalid, or an extension mixed with other changes: never half saved).
   */
  async extensionIn(actor: Actor, displayId: string, input: EditChoice): Promise<ChangeAsk | undefined> {
    if (!input.expiry && !input.expiryDate) return undefined;
    const token = await this.options.tokens.show(actor, displayId);
    if (!this.ruleFor('extend', token)) return undefined;
    try {
      const { extension, others } = editOf(token, input, this.options.catalog, this.now());
      if (!extension || others) return undefined;
    } catch (error) {
      if (error instanceof DomainError || error instanceof ValidationError) return undefined; // the edit refuses it, audited
      throw error;
    }
    const { expiry, expiryDate } = input;
    return { operation: 'extend', displayId: token.displayId, expiry, expiryDate };
  }

  /** Checks the change as it would run now: a refusal code per problem, none when it could. */
  private problems(
    operation: ChangeOperation,
    token: Token,
    ask: Omit<ChangeAsk, 'operation' | 'displayId'>,
  ): string[] {
    if (token.status === 'revoked') return ['token_revoked'];
    try {
      if (operation === 'extend')
        resolveExpiry(
          { expiry: ask.expiry, expiryDate: ask.expiryDate },
          token.owner,
          this.options.catalog,
          this.now(),
        );
      if (operation === 'reset') this.options.tokens.checkResettable(token);
      return [];
    } catch (error) {
      if (error instanceof ValidationError) return error.errors.map((e) => e.code);
      if (error instanceof DomainError) return [error.code];
      throw error;
    }
  }

  /**
   * Asks for approval of a change the policy covers (ruleForAsker). Refused as the change itself
   * would be (the token's admins may ask, and `asContact` its primary contact for a revocation or
   * an extension; a revoked token, a bad expiry or grace period). A pending request of the same
   * kind for the token is returned instead of a second one (created: false).
   */
  async ask(
    actor: Actor,
    ask: ChangeAsk,
    options: { asContact?: boolean } = {},
  ): Promise<{ request: ApprovalRequest; created: boolean; token: Token }> {
    const { tokens } = this.options;
    const token = options.asContact
      ? await tokens.showToContact(actor, ask.displayId)
      : await tokens.show(actor, ask.displayId);
    return tokens.audited(actor, 'request.submit', ask.displayId, async () => {
      const contact = options.asContact && contactMayAsk(ask.operation) && token.primaryContact === actor.userId;
      if (!contact && !can(actor, 'token.change', { owner: token.owner })) throw new DomainError('not_permitted');
      const rule = this.ruleForAsker(actor, ask.operation, token);
      if (!rule) throw new DomainError('not_permitted'); // callers ask only where the policy says so
      if (ask.operation === 'reset' && ask.grace !== undefined && !isGracePeriod(ask.grace))
        throw new DomainError('grace_invalid');
      if (ask.operation === 'extend' && !ask.expiry && !ask.expiryDate)
        throw new DomainError('expiry_invalid', 'expiry');
      const [problem] = this.problems(ask.operation, token, ask);
      if (problem) throw new DomainError(problem as never, ask.operation === 'extend' ? 'expiry' : undefined);
      const reason = tokens.reasonOf(ask.reason) ?? '';
      if (ask.operation === 'revoke' && !reason) throw new DomainError('reason_required');
      const input: RequestedChange = {
        displayId: token.displayId,
        label: token.label,
        grace: ask.grace,
        expiry: ask.expiry,
        expiryDate: ask.expiryDate,
        ...(contactOnly(actor, token) ? { byContact: true } : {}),
      };
      const expiresAt = new Date(this.now().getTime() + this.options.ttlHours * 3_600_000);
      const fields = {
        kind: ask.operation,
        requestedBy: actor.userId,
        owner: ownerRefOf(token.owner),
        scopes: token.scopes,
        input,
        reason,
        rule,
        expiresAt,
      };
      const made = await this.options.store.createForToken(fields, (request) => audit(actor.userId, request, reason));
      return { ...made, token };
    });
  }

  /** Why an approved change could not be carried out now (refusal codes), or undefined. */
  async problemsNow(request: ApprovalRequest): Promise<string | undefined> {
    const change = requestedChange(request)!;
    const token = await this.options.findToken(change.displayId);
    if (!token) return 'token_not_found';
    return this.problems(request.kind as ChangeOperation, token, change).join(',') || undefined;
  }

  /** Carries out an approved change as its requester, once (whoever calls, however often). */
  async carryOut(request: ApprovalRequest): Promise<Carried> {
    const change = requestedChange(request);
    if (!change || request.state !== 'approved' || request.tokenId || request.deliveredAt) return { kind: 'nothing' };
    const { tokens } = this.options;
    const requester = await tokens.actor(request.requestedBy);
    try {
      switch (request.kind as ChangeOperation) {
        case 'revoke':
          return {
            kind: 'changed',
            token: await tokens.revoke(requester, change.displayId, request.reason, request.id),
          };
        case 'extend':
          return {
            kind: 'changed',
            token: await tokens.extend(
              requester,
              change.displayId,
              { expiry: change.expiry, expiryDate: change.expiryDate },
              request.id,
            ),
          };
        case 'reset': {
          const reset = await tokens.reset(
            requester,
            change.displayId,
            (change.grace ?? 'none') as never,
            { pendingDelivery: true },
            request.id,
          );
          return { kind: 'changed', token: reset.token, reset };
        }
      }
    } catch (error) {
      if (error instanceof DomainError && error.code === 'request_not_found') return { kind: 'nothing' }; // carried out meanwhile
      if (error instanceof UnavailableError || !(error instanceof DomainError || error instanceof ValidationError))
        throw error;
      return {
        kind: 'refused',
        codes: error instanceof ValidationError ? error.errors.map((e) => e.code) : [error.code],
      };
    }
  }
}

function audit(actor: string, request: ApprovalRequest, reason: string): AuditDraft {
  return {
    actor,
    action: 'request.submit',
    outcome: 'ok',
    reason: reason || undefined,
    displayId: requestedChange(request)!.displayId,
    snapshot: requestSnapshot(request),
  };
}
