// Which audited changes make events, and what they say: exactly the types of README: Events: signed webhooks, nothing for a
// refusal or for one approval among several, no people's text.
import { describe, expect, it } from 'vitest';
import type { AuditAction, AuditDraft } from '../../src/domain/audit.js';
import { EVENT_TYPES, eventOfAudit, eventTypeOf } from '../../src/domain/events.js';
import { AUDIT_ACTIONS } from '../support/everyMessage.js';

const draft = (action: AuditAction, more: Partial<AuditDraft> = {}): AuditDraft => ({
  actor: 'U0ALEX0001',
  action,
  outcome: 'ok',
  ...more,
});

describe('events of audited changes', () => {
  it('use only the types of README: Events: signed webhooks, and none for a refusal', () => {
    const made = new Set(
      AUDIT_ACTIONS.map((action) =>
        eventTypeOf(draft(action, { changes: { state: { before: 'pending', after: 'approved' } } })),
      ).filter(Boolean),
    );
    expect([...made].every((type) => (EVENT_TYPES as readonly string[]).includes(type!))).toBe(true);
    expect(AUDIT_ACTIONS.map((action) => eventTypeOf(draft(action, { outcome: 'refused' }))).filter(Boolean)).toEqual(
      [],
    );
  });

  it('report a token request when it is made and when it is decided, not at each approval', () => {
    expect(eventTypeOf(draft('request.submit'))).toBe('request.created');
    expect(eventTypeOf(draft('request.approve'))).toBeUndefined(); // one of two approvals
    const done = eventOfAudit(
      draft('request.approve', {
        snapshot: { requestId: 'r1', label: 'Payments', scopes: ['payments:read'] },
        changes: { state: { before: 'pending', after: 'approved' } },
      }),
      undefined,
      new Date(0),
    );
    expect(done).toEqual({
      type: 'request.decided',
      timestamp: '1970-01-01T00:00:00.000Z',
      data: {
        actor: 'U0ALEX0001',
        request: { id: 'r1', operation: 'create', label: 'Payments', scopes: ['payments:read'], decision: 'approved' },
      },
    });
    expect(
      eventOfAudit(draft('revocation.reject', { reason: 'no', snapshot: { requestId: 'r2' } }), undefined, new Date(0))
        ?.data,
    ).toEqual({ actor: 'U0ALEX0001', request: { id: 'r2', operation: 'revoke', decision: 'rejected' } });
  });

  it('end a revocation request that ends without a decision (its token gone, its post failed) as closed', () => {
    for (const action of ['revocation.close', 'revocation.discard'] as const)
      expect(eventOfAudit(draft(action, { snapshot: { requestId: 'r4' } }), undefined, new Date(0))).toMatchObject({
        type: 'request.decided',
        data: { request: { id: 'r4', operation: 'revoke', decision: 'closed' } },
      });
  });

  it('say which change a policy request asks for: a reset is no request for a new token', () => {
    for (const kind of ['revoke', 'reset', 'extend'] as const)
      expect(
        eventOfAudit(
          draft('request.submit', { snapshot: { requestId: 'r3', kind, label: 'Payments', scopes: [] } }),
          undefined,
          new Date(0),
        )?.data,
      ).toEqual({ actor: 'U0ALEX0001', request: { id: 'r3', operation: kind } });
    expect(
      eventOfAudit(
        draft('request.submit', { snapshot: { requestId: 'r4', kind: 'request', label: 'New', scopes: ['a:b'] } }),
        undefined,
        new Date(0),
      )?.data,
    ).toEqual({ actor: 'U0ALEX0001', request: { id: 'r4', operation: 'create', label: 'New', scopes: ['a:b'] } });
  });

  it('name changed fields, never their values', () => {
    const body = eventOfAudit(
      draft('token.edit', { changes: { description: { before: 'old words', after: 'new words' } } }),
      undefined,
      new Date(0),
    );
    expect(body?.data).toEqual({ actor: 'U0ALEX0001', changed: { action: 'edit', fields: ['description'] } });
  });
});
