// A token's secrets: a reset, and the hand-over of every new secret. A secret works only once
// its one holder has it; undelivered, it is voided (by the caller, or the delivery sweep).
import { DomainError } from '../errors.js';
import { SYSTEM_ACTOR, type Actor } from '../permissions.js';
import type { Voided } from '../ports.js';
import { firstReminderAt } from '../reminders.js';
import { digestSecret } from '../secret.js';
import { GRACE_PERIODS, isGracePeriod, refuseResetIfExpired, type GracePeriod, type Token } from '../tokens.js';
import { approval, approvedBy } from './approved.js';
import { notRevoked, type TokenCore } from './core.js';

/** A new secret on its way to its one holder: it works only once `handedOver` confirms that it
 *  arrived. Undelivered, it is voided (`voidIssued`, or the delivery sweep if the process died). */
export type Issued = { token: Token; secret: string };
/** A reset's new secret: the token's previous secrets end at `oldSecretsUntil` once it arrives. */
export type Reset = Issued & { oldSecretsUntil: Date | null };

/** `pendingDelivery`: the secret goes to someone else (a DM), and works only once `handedOver`
 *  confirms it arrived. Otherwise the caller holds it in hand, and it works at once. */
export type IssueOptions = { pendingDelivery?: boolean };

/** How long a secret may stay undelivered before the sweep voids it. */
export const DELIVERY_WINDOW_MS = 120_000;

/** `approved`: the approved request this reset carries out (approval policies, see approved.ts). */
export async function reset(
  core: TokenCore,
  actor: Actor,
  displayId: string,
  grace: GracePeriod = 'none',
  issue: IssueOptions = {},
  approved?: string,
  reason?: string,
): Promise<Reset> {
  if (!isGracePeriod(grace)) throw new DomainError('grace_invalid');
  const why = core.reasonOf(reason);
  const { secret, digest } = core.issueSecret();
  const graceMs = GRACE_PERIODS[grace];
  const oldSecretsUntil = graceMs ? new Date(core.now().getTime() + graceMs) : null;
  const { after } = await core.change(
    actor,
    displayId,
    'token.reset',
    (token) => {
      notRevoked(token);
      refuseResetIfExpired(token, core.now());
      return {
        newSecret: { digest, oldSecretsUntil },
        // A new secret is a new start: each threshold it enters from now fires again.
        rearmReminders: firstReminderAt(token.expiresAt, core.reminders.thresholds, core.now()),
        ...approval(core, 'reset', token, approved),
        reason: why,
      };
    },
    approvedBy(approved),
  );
  return issued(core, { token: after!, secret, oldSecretsUntil }, issue);
}

/** A secret the caller holds in hand works at once; one on its way waits for `handedOver`. */
export async function issued<T extends Issued>(core: TokenCore, issue: T, options: IssueOptions): Promise<T> {
  if (!options.pendingDelivery) await handedOver(core, issue);
  return issue;
}

/** The secret reached its holder: from now on it works (and a reset's previous secrets end as
 *  chosen). false when it was voided meanwhile (its delivery took longer than the window). */
export async function handedOver(core: TokenCore, issue: Issued | Reset): Promise<boolean> {
  const oldSecretsUntil = 'oldSecretsUntil' in issue ? issue.oldSecretsUntil : null;
  const confirmed = await core.store.confirmSecret(
    digestSecret(issue.secret, core.options.hashSecret),
    oldSecretsUntil,
  );
  if (confirmed) core.options.onChanged?.(issue.token.id);
  if (confirmed && 'oldSecretsUntil' in issue) core.options.onIntegrationChange?.(issue.token, 'token.reset');
  return confirmed;
}

/** A secret nobody saw must not work: a new token is deleted, a reset undone. Audited as void. */
export async function voidIssued(core: TokenCore, actor: Actor, issue: Issued | Reset): Promise<void> {
  await voidPending(core, actor, digestSecret(issue.secret, core.options.hashSecret), null);
}

/** Voids the secrets whose delivery was cut off (a process killed between issuing and
 *  delivering): no token stays live with nobody holding its secret. */
export async function voidUndelivered(core: TokenCore, windowMs = DELIVERY_WINDOW_MS): Promise<Voided[]> {
  const voided: Voided[] = [];
  for (const digest of await core.store.stalePendingSecrets(windowMs, 100)) {
    const done = await voidPending(core, SYSTEM_ACTOR, digest, windowMs);
    if (done) voided.push(done);
  }
  return voided;
}

async function voidPending(
  core: TokenCore,
  actor: Actor,
  digest: string,
  olderThanMs: number | null,
): Promise<Voided | null> {
  const voided = await core.store.voidPendingSecret(digest, olderThanMs, ({ token, removed }) => [
    {
      actor: actor.userId,
      action: removed ? 'token.void' : 'token.reset.void',
      outcome: 'ok',
      tokenId: token.id,
      displayId: token.displayId,
      snapshot: removed ? { label: token.label, owner: token.owner, status: token.status } : undefined,
    },
  ]);
  if (voided) core.options.onChanged?.(voided.token.id);
  return voided;
}
