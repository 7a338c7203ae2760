// The token lifecycle: every operation of README's contract, permission-checked, validated and
// audited. A refused attempt is audited too. Secrets leave this service only in the return
// value of create, duplicate and reset, for one delivery to the user. One module per operation
// (or small group) in tokenOps/, sharing `change()` (tokenOps/core.ts); this is their one face.
import type { AuditAction, AuditDraft } from './audit.js';
import type { Actor, Owner } from './permissions.js';
import type { AuditEntry, Decision, RevocationRequest, Voided } from './ports.js';
import { TokenCore, type TokenServiceOptions } from './tokenOps/core.js';
import {
  checkRequested,
  create,
  createRequested,
  duplicate,
  ownerOf,
  type CreateInput,
  type PersistToken,
} from './tokenOps/create.js';
import { edit, extend, upgrade, type EditChoice } from './tokenOps/edit.js';
import { history, list, show, showToContact, usageOf, type ListFilter } from './tokenOps/read.js';
import { applyLeak, revoke, settleRevocation } from './tokenOps/revoke.js';
import {
  handedOver,
  reset,
  voidIssued,
  voidUndelivered,
  type IssueOptions,
  type Issued,
  type Reset,
} from './tokenOps/secrets.js';
import { disable, enable, keep, keepUnused, remove } from './tokenOps/status.js';
import {
  effectiveStatus,
  refuseResetIfExpired,
  type CopySuffix,
  type EffectiveStatus,
  type GracePeriod,
  type Token,
} from './tokens.js';
import type { TokenUsage } from './usage.js';

export type { TokenServiceOptions } from './tokenOps/core.js';
export { parseOwnerRef, requestAudit } from './tokenOps/core.js';
export type { CreateInput } from './tokenOps/create.js';
export type { ListFilter } from './tokenOps/read.js';
export { DELIVERY_WINDOW_MS, type IssueOptions, type Issued, type Reset } from './tokenOps/secrets.js';

export class TokenService {
  private readonly core: TokenCore;

  constructor(options: TokenServiceOptions) {
    this.core = new TokenCore(options);
  }

  async actor(userId: string): Promise<Actor> {
    const grants = await this.core.store.grantsOf(userId);
    if (this.core.options.workspaceAdmins.includes(userId) && !grants.some((g) => g.role === 'workspace_admin')) {
      grants.push({ role: 'workspace_admin' });
    }
    return { userId, grants };
  }

  /** Workspace admins from ADMIN_USER_IDS, who hold the role without a grant. */
  configuredAdmins(): string[] {
    return [...this.core.options.workspaceAdmins];
  }

  /** Runs `work`; a DomainError it throws is audited as a refused attempt, then rethrown. */
  audited<T>(actor: Actor, action: AuditAction, displayId: string | undefined, work: () => Promise<T>): Promise<T> {
    return this.core.audited(actor, action, displayId, work);
  }

  /** A reason as typed: without unsafe characters or anything shaped like a secret, at most 500 characters. */
  reasonOf(text: string | undefined | null): string | undefined {
    return this.core.reasonOf(text);
  }

  create(actor: Actor, input: CreateInput, issue: IssueOptions = {}): Promise<Issued> {
    return create(this.core, actor, input, issue);
  }

  /** The organization or domain `org:<slug>` / `domain:<name>` names, if it exists. */
  ownerOf(ref: string): Promise<Owner | null> {
    return ownerOf(this.core, ref);
  }

  /** Checks a token request's fields as a create would (throws its ValidationError). */
  checkRequested(input: CreateInput): Promise<Owner> {
    return checkRequested(this.core, input);
  }

  /** The token an approved request asked for; null when the request needs none any more. */
  createRequested(
    requester: Actor,
    input: CreateInput,
    requestId: string,
    persist: PersistToken,
  ): Promise<Issued | null> {
    return createRequested(this.core, requester, input, requestId, persist);
  }

  /** Whether someone can be a primary contact: a form does not preselect one who cannot. */
  async canBeContact(userId: string): Promise<boolean> {
    return (await this.core.contactProblems(userId)).length === 0;
  }

  /** Refuses before asking anything: a reset of an expired token (extend it instead). */
  checkResettable(token: Token): void {
    refuseResetIfExpired(token, this.core.now());
  }

  list(
    actor: Actor,
    filter: ListFilter,
    page: { offset: number; limit: number },
  ): Promise<{ tokens: Token[]; hasMore: boolean }> {
    return list(this.core, actor, filter, page);
  }

  usageOf(token: Token): Promise<TokenUsage> {
    return usageOf(this.core, token);
  }

  show(actor: Actor, displayId: string): Promise<Token> {
    return show(this.core, actor, displayId);
  }

  showToContact(actor: Actor, displayId: string): Promise<Token> {
    return showToContact(this.core, actor, displayId);
  }

  status(token: Token): EffectiveStatus {
    return effectiveStatus(token, this.core.now());
  }

  edit(actor: Actor, displayId: string, input: EditChoice): Promise<Token> {
    return edit(this.core, actor, displayId, input);
  }

  duplicate(actor: Actor, displayId: string, issue: IssueOptions = {}, copySuffix?: CopySuffix): Promise<Issued> {
    return duplicate(this.core, actor, displayId, issue, copySuffix);
  }

  /** `approved` (here and in extend and revoke): the approved request the change carries out. */
  reset(
    actor: Actor,
    displayId: string,
    grace: GracePeriod = 'none',
    issue: IssueOptions = {},
    approved?: string,
  ): Promise<Reset> {
    return reset(this.core, actor, displayId, grace, issue, approved);
  }

  handedOver(issued: Issued | Reset): Promise<boolean> {
    return handedOver(this.core, issued);
  }

  voidIssued(actor: Actor, issued: Issued | Reset): Promise<void> {
    return voidIssued(this.core, actor, issued);
  }

  voidUndelivered(windowMs?: number): Promise<Voided[]> {
    return voidUndelivered(this.core, windowMs);
  }

  upgrade(actor: Actor, displayId: string, version?: string): Promise<Token> {
    return upgrade(this.core, actor, displayId, version);
  }

  extend(
    actor: Actor,
    displayId: string,
    choice: { expiry?: string; expiryDate?: string },
    approved?: string,
  ): Promise<Token> {
    return extend(this.core, actor, displayId, choice, approved);
  }

  disable(actor: Actor, displayId: string, reason?: string): Promise<Token> {
    return disable(this.core, actor, displayId, reason);
  }

  enable(actor: Actor, displayId: string): Promise<Token> {
    return enable(this.core, actor, displayId);
  }

  revoke(actor: Actor, displayId: string, reason?: string, approved?: string): Promise<Token> {
    return revoke(this.core, actor, displayId, reason, approved);
  }

  applyLeak(
    leak: { id: number; displayId: string; action: 'revoke' | 'disable' | 'notify' },
    reason: string,
    leakAudit: AuditDraft,
  ): Promise<void> {
    return applyLeak(this.core, leak, reason, leakAudit);
  }

  settleRevocation(
    actor: Actor,
    request: RevocationRequest,
    decision: 'approved' | 'rejected' | 'expired',
    reason?: string,
  ): Promise<Decision> {
    return settleRevocation(this.core, actor, request, decision, reason);
  }

  keep(actor: Actor, displayId: string): Promise<{ token: Token; next: Date }> {
    return keep(this.core, actor, displayId);
  }

  keepUnused(actor: Actor, displayId: string): Promise<{ token: Token; next: Date }> {
    return keepUnused(this.core, actor, displayId);
  }

  delete(actor: Actor, displayId: string): Promise<Token> {
    return remove(this.core, actor, displayId);
  }

  audit(actor: Actor, displayId: string): Promise<AuditEntry[]> {
    return history(this.core, actor, displayId);
  }
}
