// The token lifecycle: every operation of README's contract, permission-checked, validated and
// audited. A refused attempt is audited too. Secrets leave this service only in the return
// value of create, duplicate and reset, for one delivery to the user. One module per operation
// (or small group) in tokenOps/, sharing `change()` (tokenOps/core.ts); this is their one face.
import type { AuditAction } from './audit.js';
import type { Actor } from './permissions.js';
import { TokenCore, type TokenServiceOptions } from './tokenOps/core.js';
import { checkRequested, create, createRequested, duplicate, ownerOf } from './tokenOps/create.js';
import { edit, extend, upgrade } from './tokenOps/edit.js';
import { history, list, ofContact, placeOf, show, showToContact, usageOf } from './tokenOps/read.js';
import { applyLeak, revoke, settleRevocation } from './tokenOps/revoke.js';
import { handedOver, reset, voidIssued, voidUndelivered } from './tokenOps/secrets.js';
import { disable, enable, keep, keepUnused, remove } from './tokenOps/status.js';
import { effectiveStatus, refuseResetIfExpired, type EffectiveStatus, type Token } from './tokens.js';

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

  /** An operation of tokenOps/ run on this service's core: its parameters are declared once, by its module. */
  private op<Args extends unknown[], Result>(operation: (core: TokenCore, ...args: Args) => Result) {
    return (...args: Args) => operation(this.core, ...args);
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

  readonly create = this.op(create);

  /** The organization or domain `org:<slug>` / `domain:<name>` names, if it exists. */
  readonly ownerOf = this.op(ownerOf);

  /** Checks a token request's fields as a create would (throws its ValidationError). */
  readonly checkRequested = this.op(checkRequested);

  /** The token an approved request asked for; null when the request needs none any more. */
  readonly createRequested = this.op(createRequested);

  /** Whether someone can be a primary contact: a form does not preselect one who cannot. */
  async canBeContact(userId: string): Promise<boolean> {
    return (await this.core.contactProblems(userId)).length === 0;
  }

  /** Refuses before asking anything: a reset of an expired token (extend it instead). */
  checkResettable(token: Token): void {
    refuseResetIfExpired(token, this.core.now());
  }

  readonly list = this.op(list);
  readonly placeOf = this.op(placeOf);
  readonly usageOf = this.op(usageOf);
  readonly show = this.op(show);
  readonly showToContact = this.op(showToContact);
  readonly ofContact = this.op(ofContact);

  status(token: Token): EffectiveStatus {
    return effectiveStatus(token, this.core.now());
  }

  readonly edit = this.op(edit);
  readonly duplicate = this.op(duplicate);

  /** `approved` (here and in extend and revoke): the approved request the change carries out. */
  readonly reset = this.op(reset);
  readonly handedOver = this.op(handedOver);
  readonly voidIssued = this.op(voidIssued);
  readonly voidUndelivered = this.op(voidUndelivered);
  readonly upgrade = this.op(upgrade);
  readonly extend = this.op(extend);
  readonly disable = this.op(disable);
  readonly enable = this.op(enable);
  readonly revoke = this.op(revoke);
  readonly applyLeak = this.op(applyLeak);
  readonly settleRevocation = this.op(settleRevocation);
  readonly keep = this.op(keep);
  readonly keepUnused = this.op(keepUnused);
  readonly delete = this.op(remove);
  readonly audit = this.op(history);
}
