// Four-eyes revocation: an admin asks, another admin of the token's owner decides, the first
// decision wins; undecided requests expire. Every step is audited.
import { DomainError } from './errors.js';
import { can, type Actor } from './permissions.js';
import type { TokenService } from './tokenService.js';
import type { Decision, RevocationRequest, RevocationStore } from './ports.js';

export type { Decision, RevocationRequest, RevocationState, RevocationStore } from './ports.js';

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
    const token = options.asContact ? await this.tokens.showToContact(actor, displayId) : await this.tokens.show(actor, displayId);
    return this.tokens.audited(actor, 'revocation.request', displayId, async () => {
      const contact = options.asContact && token.primaryContact === actor.userId;
      if (!contact && !can(actor, 'token.change', { owner: token.owner })) throw new DomainError('not_permitted');
      if (token.status === 'revoked') throw new DomainError('token_revoked');
      const text = reason.trim();
      if (!text) throw new DomainError('reason_required');
      const expiresAt = new Date(this.now().getTime() + this.ttlHours * 3_600_000);
      return { ...(await this.store.create(token, actor.userId, text.slice(0, 500), expiresAt)), token };
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
    return this.store.discard(id, actor.userId, why);
  }

  /** Approves or rejects. Only an admin of the token's owner other than the requester may. */
  async decide(actor: Actor, requestId: string, decision: 'approved' | 'rejected', reason?: string): Promise<Decision> {
    const found = UUID.test(requestId) ? await this.store.get(requestId) : null;
    if (!found) throw new DomainError('request_not_found');
    const { request, token } = found;
    if (request.state !== 'pending') return { request, token, decidedNow: false };
    return this.tokens.audited(actor, `revocation.${decision === 'approved' ? 'approve' : 'reject'}`, request.displayId, async () => {
      if (token) {
        if (request.requestedBy === actor.userId) throw new DomainError('own_request');
        if (!can(actor, 'revocation.decide', { owner: token.owner, requestedBy: request.requestedBy })) throw new DomainError('not_permitted');
      }
      const result = await this.store.settle(requestId, actor.userId, decision, reason?.trim().slice(0, 500) || undefined);
      if (result.decidedNow && decision === 'approved' && result.token) this.tokens.changed(result.token, 'token.revoke');
      return result;
    });
  }

  /** Expires a pending request whose time is up; anything else is left as it is. */
  async expire(requestId: string): Promise<Decision | undefined> {
    const found = await this.find(requestId);
    if (!found || found.request.state !== 'pending' || found.request.expiresAt > this.now()) return undefined;
    return this.store.settle(requestId, 'tokenops', 'expired');
  }

  /** Every pending request past its time (after a worker was down, for instance). */
  async expireDue(): Promise<Decision[]> {
    const due = await this.store.due(this.now());
    const settled = await Promise.all(due.map((request) => this.expire(request.id)));
    return settled.filter((decision): decision is Decision => decision !== undefined);
  }

  /** The pending requests this actor may decide: for App Home. */
  async decidable(actor: Actor): Promise<RevocationRequest[]> {
    const pending = await this.store.pending();
    return pending.filter(({ request, owner }) => can(actor, 'revocation.decide', { owner, requestedBy: request.requestedBy })).map((p) => p.request);
  }
}
