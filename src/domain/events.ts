// Events (README: Automating tokenops): which audited changes are reported to webhooks, and what an event says.
// An event describes a token as a verification answer does, names the actor, and never holds a
// secret or free text people typed (a reason could hold a pasted secret).
import type { AuditAction, AuditDraft } from './audit.js';
import type { Token } from './tokens.js';

export const EVENT_TYPES = [
  'token.created',
  'token.changed',
  'token.disabled',
  'token.enabled',
  'token.revoked',
  'token.deleted',
  'token.leaked',
  'token.expiring',
  'token.refused',
  'request.created',
  'request.decided',
  /** Beyond the README's list of event types: a management key found leaked (it has no token to name). */
  'apikey.leaked',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
/** Sent by `/token webhook test` to one endpoint only; nobody subscribes to it. */
export const TEST_EVENT = 'webhook.test';

export const isEventType = (value: string): value is EventType => (EVENT_TYPES as readonly string[]).includes(value);

/** The event an audited change makes, if any. A voided new token (its secret never reached
 *  anyone) is reported deleted; a voided reset, changed back. */
const BY_ACTION: Partial<Record<AuditAction, EventType>> = {
  'token.create': 'token.created',
  'token.duplicate': 'token.created',
  'token.edit': 'token.changed',
  'token.reset': 'token.changed',
  'token.reset.void': 'token.changed',
  'token.upgrade': 'token.changed',
  'token.extend': 'token.changed',
  'token.disable': 'token.disabled',
  'token.enable': 'token.enabled',
  'token.revoke': 'token.revoked',
  'token.delete': 'token.deleted',
  'token.void': 'token.deleted',
  'token.leak': 'token.leaked',
  'apikey.leak': 'apikey.leaked',
  'revocation.request': 'request.created',
  'revocation.approve': 'request.decided',
  'revocation.reject': 'request.decided',
  'revocation.expire': 'request.decided',
  // Ended without a decision: its token revoked or deleted meanwhile, or its post failed (its
  // request.created was written with it; receivers are told it is over).
  'revocation.close': 'request.decided',
  'revocation.discard': 'request.decided',
  'request.submit': 'request.created',
  'request.approve': 'request.decided', // the approval that completes it only (see eventTypeOf)
  'request.reject': 'request.decided',
  'request.expire': 'request.decided',
  'request.withdraw': 'request.decided',
  'request.close': 'request.decided',
};

export function eventTypeOf(draft: AuditDraft): EventType | undefined {
  if (draft.outcome !== 'ok') return undefined;
  // One of several approvals decides nothing yet: the last one records the state it set.
  if (draft.action === 'request.approve' && draft.changes?.state?.after !== 'approved') return undefined;
  return BY_ACTION[draft.action];
}

/** The token as in a verification answer. */
export function publicToken(token: Token) {
  return {
    id: token.displayId,
    label: token.label,
    owner: {
      type: token.owner.type,
      organization: token.owner.organizationSlug,
      domain: token.owner.type === 'domain' ? token.owner.domainName : null,
    },
    scopes: token.scopes,
    apiVersion: token.apiVersion,
    expiresAt: token.expiresAt?.toISOString() ?? null,
  };
}

export type EventBody = { type: string; timestamp: string; data: Record<string, unknown> };

const DECISIONS: Partial<Record<AuditAction, string>> = {
  'revocation.approve': 'approved',
  'revocation.reject': 'rejected',
  'revocation.expire': 'expired',
  'revocation.close': 'closed',
  'revocation.discard': 'closed',
  'request.approve': 'approved',
  'request.reject': 'rejected',
  'request.expire': 'expired',
  'request.withdraw': 'withdrawn',
  'request.close': 'closed',
};

/** What an audited change tells receivers, beyond the token: the request a decision is about,
 *  the changed field names (not their values: a description is free text). */
function details(draft: AuditDraft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // A request of the policy engine is a new token's (`request`) or a change's (revoke, reset, extend).
  const kind = draft.snapshot?.kind;
  const asked = draft.action.startsWith('revocation.')
    ? 'revoke'
    : draft.action.startsWith('request.')
      ? kind === 'revoke' || kind === 'reset' || kind === 'extend'
        ? kind
        : 'create'
      : undefined;
  if (asked) {
    const requestId = draft.snapshot?.requestId;
    const decision = DECISIONS[draft.action];
    const asking = asked === 'create' ? { label: draft.snapshot?.label, scopes: draft.snapshot?.scopes } : {};
    out.request = {
      ...(typeof requestId === 'string' ? { id: requestId } : {}),
      operation: asked,
      ...asking,
      ...(decision ? { decision } : {}),
    };
  }
  if (draft.action === 'token.leak' || draft.action === 'apikey.leak') {
    const { reporter, action } = (draft.changes?.leak?.after ?? {}) as { reporter?: string; action?: string };
    out.leak = { reporter, ...(draft.action === 'apikey.leak' ? { action } : {}) };
  }
  if (draft.action === 'apikey.leak') out.apiKey = draft.snapshot?.apiKey;
  if (draft.action === 'token.void') out.reason = 'secret_undelivered';
  if (BY_ACTION[draft.action] === 'token.changed')
    out.changed = { action: draft.action.slice('token.'.length), fields: Object.keys(draft.changes ?? {}) };
  return out;
}

export function eventBody(type: string, at: Date, data: Record<string, unknown>): EventBody {
  return { type, timestamp: at.toISOString(), data };
}

/** The event of an audited change to `token` (its state after the change, or before a delete). */
export function eventOfAudit(draft: AuditDraft, token: Token | undefined, at: Date): EventBody | undefined {
  const type = eventTypeOf(draft);
  if (!type) return undefined;
  return eventBody(type, at, {
    ...(token ? { token: publicToken(token) } : {}),
    actor: draft.actor,
    ...details(draft),
  });
}

/** Verification refused a token for its policy (README: Governing use): which check, not the client. */
export const refusedEvent = (token: Token, code: 'FORBIDDEN' | 'RATE_LIMITED', at: Date): EventBody =>
  eventBody('token.refused', at, {
    token: publicToken(token),
    code,
    ...(code === 'RATE_LIMITED' ? { rateLimit: token.rateLimit } : {}),
  });
