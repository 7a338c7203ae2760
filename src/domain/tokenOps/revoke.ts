// Revocation: a direct revoke, a leak's action (the one way around approval), and the decision
// of a revocation request, all as changes of the token through `change`.
import type { AuditAction, AuditDraft } from '../audit.js';
import { DomainError } from '../errors.js';
import { can, LEAK_ACTOR, SYSTEM_ACTOR, type Actor } from '../permissions.js';
import type { Change, Decision, RevocationRequest, Settlement } from '../ports.js';
import type { Token } from '../tokens.js';
import { approval, approvedBy } from './approved.js';
import { notRevoked, requestAudit, type TokenCore } from './core.js';

const revocation = (reason: string | undefined | null): Pick<Change, 'update'> => ({
  update: { status: 'revoked', statusReason: reason || null },
});

const settlement = (
  request: RevocationRequest,
  state: Settlement['state'],
  decidedBy: string | null,
  outcomeReason: string | null,
): Settlement => ({
  requestId: request.id,
  state,
  decidedBy,
  outcomeReason,
});

/** Final: a revoked token never works again. Where revoking needs approval, a user asks
 *  (RevocationService.request, or ChangeRequests where a policy rule covers the token) and this
 *  refuses with approval_required; `approved`: the approved request it carries out. */
export async function revoke(
  core: TokenCore,
  actor: Actor,
  displayId: string,
  reason?: string,
  approved?: string,
): Promise<Token> {
  const why = core.reasonOf(reason);
  const needsApproval = !approved && (core.options.revocationNeedsApproval ?? false);
  const { after } = await core.change(
    actor,
    displayId,
    'token.revoke',
    (token) => {
      notRevoked(token);
      if (needsApproval) throw new DomainError('approval_required');
      return { ...revocation(why), ...approval(core, 'revoke', token, approved) };
    },
    approvedBy(approved),
  );
  return after!;
}

/**
 * A leak's action, as LEAK_ACTOR: revoke at once whatever the approval rule (the one way
 * around it), disable, or only notify. One transaction records it: the token's change, the leak marked
 * applied in the ledger, and `leakAudit` after the change's own entries. A token revoked or
 * disabled by someone else first is left as it is; the leak is recorded all the same.
 */
export async function applyLeak(
  core: TokenCore,
  leak: { id: number; displayId: string; action: 'revoke' | 'disable' | 'notify' },
  reason: string,
  leakAudit: AuditDraft,
): Promise<void> {
  const why = core.reasonOf(reason) ?? null;
  const revoking = leak.action === 'revoke';
  await core.change(LEAK_ACTOR, leak.displayId, revoking ? 'token.revoke' : 'token.disable', (token) => {
    const acts = revoking ? token.status !== 'revoked' : leak.action === 'disable' && token.status === 'enabled';
    const update = !acts
      ? {}
      : revoking
        ? revocation(why)
        : { update: { status: 'disabled' as const, statusReason: why } };
    return { ...update, leakApplied: leak.id, auditAfter: [leakAudit] };
  });
}

/**
 * Decides a pending revocation request, as a change of its token (so an approval revokes
 * through the same path as a direct revoke): only an admin of the owner other than the
 * requester may approve or reject; a request past its time is expired instead, whoever asks.
 */
export async function settleRevocation(
  core: TokenCore,
  actor: Actor,
  request: RevocationRequest,
  decision: 'approved' | 'rejected' | 'expired',
  reason?: string,
): Promise<Decision> {
  const why = core.reasonOf(reason);
  const action: AuditAction =
    decision === 'approved'
      ? 'revocation.approve'
      : decision === 'rejected'
        ? 'revocation.reject'
        : 'revocation.expire';
  let decidedNow = false;
  const result = await core.change(
    actor,
    request.displayId,
    action,
    (token, pending) => {
      if (pending?.id !== request.id) return null; // decided, expired or closed meanwhile
      const expired = pending.expiresAt <= core.now();
      if (decision === 'expired') {
        decidedNow = expired;
        return expired
          ? {
              settle: settlement(pending, 'expired', null, null),
              audit: [requestAudit(SYSTEM_ACTOR, 'revocation.expire', pending)],
            }
          : null;
      }
      if (pending.requestedBy === actor.userId) throw new DomainError('own_request');
      if (!can(actor, 'revocation.decide', { owner: token.owner, requestedBy: pending.requestedBy }))
        throw new DomainError('not_permitted');
      if (expired)
        return {
          settle: settlement(pending, 'expired', null, null),
          audit: [requestAudit(SYSTEM_ACTOR, 'revocation.expire', pending)],
        };
      decidedNow = true;
      if (decision === 'rejected')
        return {
          settle: settlement(pending, 'rejected', actor.userId, why ?? null),
          audit: [requestAudit(actor, 'revocation.reject', pending, why)],
        };
      return {
        ...revocation(pending.reason),
        action: 'token.revoke',
        settle: settlement(pending, 'approved', actor.userId, null),
        audit: [requestAudit(actor, 'revocation.approve', pending)],
      };
    },
    () => true, // checked above, with the request
  );
  return { request: decidedNow && result.request ? result.request : request, token: result.after, decidedNow };
}
