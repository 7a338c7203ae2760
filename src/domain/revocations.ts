// Four-eyes revocation: an admin asks, another admin of the token's owner decides, the first
// decision wins; undecided requests expire. Deciding is a change of the token
// (TokenService.settleRevocation): an approval revokes through the same path as a direct revoke.
import { DomainError } from './errors.js';
import { can, type Actor } from './permissions.js';
import type { Decision, RevocationRequest, RevocationStore } from './ports.js';
import { SYSTEM_ACTOR } from './permissions.js';
import { requestAudit, type TokenService } from './tokenService.js';
import { HOUR_MS } from './time.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class RevocationService {
  constructor(
    private readonly store: RevocationStore,
    private readonly tokens: TokenService,
    private readonly ttlHours: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Asks for a revocation; an existing pending request is returned instead of a second one.
   *  Admins of the token's owner may ask, and so may its primary contact when a review asks them. */
  async request(actor: Actor, displayId: string, reason: string, options: { asContact?: boolean } = {}) {
    const token = options.asContact
      ? await this.tokens.showToContact(actor, displayId)
      : await this.tokens.show(actor, displayId);
    return this.tokens.audited(actor, 'revocation.request', displayId, async () => {
      const contact = options.asContact && token.primaryContact === actor.userId;
      if (!contact && !can(actor, 'token.change', { owner: token.owner })) throw new DomainError('not_permitted');
      if (token.status === 'revoked') throw new DomainError('token_revoked');
      const text = this.tokens.reasonOf(reason) ?? '';
      if (!text) throw new DomainError('reason_required');
      const expiresAt = new Date(this.now().getTime() + this.ttlHours * HOUR_MS);
      return this.store.create(displayId, { requestedBy: actor.userId, reason: text, expiresAt }, (request) =>
        requestAudit(actor, 'revocation.request', request, text),
      );
    });
  }

  /** A request with its token (null once deleted). */
  async find(requestId: string) {
    return UUID.test(requestId) ? this.store.get(requestId) : null;
  }

  attachMessage(id: string, channelId: string, messageTs: string) {
    return this.store.attachMessage(id, channelId, messageTs);
  }

  discard(id: string, actor: Actor, why: string) {
    return this.store.discard(id, (request) => requestAudit(actor, 'revocation.discard', request, why));
  }

  /** Approves or rejects. Only an admin of the token's owner other than the requester may, and
   *  only while the request is pending and not past its time. */
  async decide(actor: Actor, requestId: string, decision: 'approved' | 'rejected', reason?: string): Promise<Decision> {
    const found = await this.find(requestId);
    if (!found) throw new DomainError('request_not_found');
    return this.settle(actor, found, decision, this.tokens.reasonOf(reason));
  }

  private async settle(
    actor: Actor,
    found: { request: RevocationRequest; token: unknown },
    decision: 'approved' | 'rejected' | 'expired',
    reason?: string,
  ): Promise<Decision> {
    const { request } = found;
    if (request.state === 'pending' && request.tokenId) {
      try {
        const decided = await this.tokens.settleRevocation(actor, request, decision, reason);
        if (decided.decidedNow) return decided;
      } catch (error) {
        // Deleted meanwhile: the delete closed the request.
        if (!(error instanceof DomainError && error.code === 'token_not_found')) throw error;
      }
    }
    // Decided, expired or closed before us: the request as it is now.
    const now = await this.store.get(request.id);
    return { request: now?.request ?? request, token: now?.token ?? null, decidedNow: false };
  }

  /** Expires a pending request whose time is up; anything else is left as it is. */
  async expire(requestId: string): Promise<Decision | undefined> {
    const found = await this.find(requestId);
    if (!found || found.request.state !== 'pending' || found.request.expiresAt > this.now()) return undefined;
    const decision = await this.settle(SYSTEM_ACTOR, found, 'expired');
    return decision.decidedNow ? decision : undefined;
  }

  /** Every pending request past its time (after a worker was down, for instance). */
  async expireDue(): Promise<Decision[]> {
    const due = await this.store.due(this.now());
    const settled = await Promise.all(due.map((request) => this.expire(request.id)));
    return settled.filter((decision): decision is Decision => decision !== undefined);
  }

  /** The pending requests this actor may decide, with their token's label: for App Home. */
  async decidable(actor: Actor): Promise<Array<{ request: RevocationRequest; label: string }>> {
    const pending = await this.store.pending();
    return pending
      .filter(({ request, owner }) => can(actor, 'revocation.decide', { owner, requestedBy: request.requestedBy }))
      .map(({ request, label }) => ({ request, label }));
  }
}

/** Schedules a posted request's expiry (implemented by the job queue). */
export type RevocationScheduler = { expireLater(request: RevocationRequest): Promise<unknown> };
