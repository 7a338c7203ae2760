// A token's status: disable and enable, keep (the contact's review, or an admin answering the
// unused-token digest), delete.
import { DomainError } from '../errors.js';
import { can, type Actor } from '../permissions.js';
import { keptUntil, nextReviewAt } from '../reminders.js';
import type { Token } from '../tokens.js';
import { notRevoked, type TokenCore } from './core.js';

export async function disable(core: TokenCore, actor: Actor, displayId: string, reason?: string): Promise<Token> {
  const why = core.reasonOf(reason);
  const { after } = await core.change(actor, displayId, 'token.disable', (token) => {
    notRevoked(token);
    if (token.status === 'disabled') throw new DomainError('already_disabled');
    return { update: { status: 'disabled', statusReason: why ?? null } };
  });
  return after!;
}

export async function enable(core: TokenCore, actor: Actor, displayId: string, reason?: string): Promise<Token> {
  const why = core.reasonOf(reason);
  const { after } = await core.change(actor, displayId, 'token.enable', (token) => {
    notRevoked(token);
    if (token.status === 'enabled') throw new DomainError('already_enabled');
    return { update: { status: 'enabled', statusReason: null }, reason: why };
  });
  return after!;
}

/** The primary contact (or an admin) says the token is still needed: asked again a review period later. */
export async function keep(core: TokenCore, actor: Actor, displayId: string): Promise<{ token: Token; next: Date }> {
  const next = nextReviewAt(core.now(), core.reminders.reviewDays);
  const { after } = await core.change(
    actor,
    displayId,
    'token.review.keep',
    (token) => {
      notRevoked(token); // a revoked token does not "stay": a review or digest answered late says so
      return { nextReviewAt: next };
    },
    (token) => token.primaryContact === actor.userId || can(actor, 'token.change', { owner: token.owner }),
  );
  return { token: after!, next };
}

/** An admin keeps a token the unused-token digest listed: silent for one STALE_TOKEN_DAYS period. */
export async function keepUnused(
  core: TokenCore,
  actor: Actor,
  displayId: string,
): Promise<{ token: Token; next: Date }> {
  const next = keptUntil(core.now(), core.reminders.staleDays ?? 30);
  const { after } = await core.change(actor, displayId, 'token.stale.keep', (token) => {
    notRevoked(token);
    return { staleKeptUntil: next };
  });
  return { token: after!, next };
}

/** Permanent; the audit trail keeps the label and owner. */
export async function remove(core: TokenCore, actor: Actor, displayId: string): Promise<Token> {
  const { before } = await core.change(actor, displayId, 'token.delete', () => ({ remove: true }));
  return before;
}
