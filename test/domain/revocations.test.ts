import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import type { Actor } from '../../src/domain/permissions.js';
import { domainServices, useDomainServices } from '../support/domainServices.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';

// The domain's rules over the PostgreSQL stores (their lock order: test/store/lockOrder.test.ts).
const app = { tokenops: useDomainServices({ approvalTtlHours: 1 }) };
const own = useDomainServices({ approvalTtlHours: 1 }); // a database and clock of its own: no other request is due
const pastTheirTime = () => app.tokenops.advance(3_600_001);
let root: Actor, acmeAdmin: Actor, shopAdmin: Actor, globexAdmin: Actor, secondAcme: Actor;

beforeAll(async () => {
  const seeded = await seedTenants(app.tokenops);
  root = seeded.root;
  await app.tokenops.tenants.grant(root, 'U0ACMEADM2', { role: 'org_admin', slug: 'acme' });
  [acmeAdmin, shopAdmin, globexAdmin, secondAcme] = (await Promise.all(
    [USERS.acmeAdmin, USERS.shopAdmin, USERS.globexAdmin, 'U0ACMEADM2'].map(seeded.actor),
  )) as [Actor, Actor, Actor, Actor];
});

const make = async (label: string) => app.tokenops.tokens.create(root, tokenInput('domain:shop.acme.test', label));
const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
  );

describe('revocation requests', () => {
  it('are created once per token: a second request returns the first', async () => {
    const { token } = await make('Asked twice');
    const first = await app.tokenops.revocations.request(shopAdmin, token.displayId, 'leaked in a log');
    const second = await app.tokenops.revocations.request(acmeAdmin, token.displayId, 'me too');
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, request: { id: first.request.id, requestedBy: USERS.shopAdmin } });
    expect(first.request.expiresAt.getTime() - first.request.createdAt.getTime()).toBeCloseTo(3_600_000, -3);
    expect(await code(app.tokenops.revocations.request(globexAdmin, token.displayId, 'x'))).toBe('not_permitted');
    expect(await code(app.tokenops.revocations.request(acmeAdmin, token.displayId, '   '))).toBe('reason_required');
  });

  it('are approved by another admin of the owner, which revokes the token', async () => {
    const { token } = await make('Approved');
    const { request } = await app.tokenops.revocations.request(shopAdmin, token.displayId, 'rotating vendors');
    expect(await code(app.tokenops.revocations.decide(shopAdmin, request.id, 'approved'))).toBe('own_request');
    expect(await code(app.tokenops.revocations.decide(globexAdmin, request.id, 'approved'))).toBe('not_permitted');
    const decision = await app.tokenops.revocations.decide(acmeAdmin, request.id, 'approved');
    expect(decision).toMatchObject({
      decidedNow: true,
      request: { state: 'approved', decidedBy: USERS.acmeAdmin },
      token: { status: 'revoked', statusReason: 'rotating vendors' },
    });
    const history = (await app.tokenops.tokens.audit(root, token.displayId)).map((e) => `${e.action}:${e.outcome}`);
    expect(history.slice(0, 5)).toEqual([
      'token.revoke:ok',
      'revocation.approve:ok',
      'revocation.approve:refused',
      'revocation.approve:refused',
      'revocation.request:ok',
    ]);
    const again = await app.tokenops.revocations.decide(secondAcme, request.id, 'rejected');
    expect(again).toMatchObject({ decidedNow: false, request: { state: 'approved', decidedBy: USERS.acmeAdmin } });
  });

  it('are rejected with an optional reason, leaving the token working', async () => {
    const { token } = await make('Rejected');
    const { request } = await app.tokenops.revocations.request(shopAdmin, token.displayId, 'unused?');
    const decision = await app.tokenops.revocations.decide(acmeAdmin, request.id, 'rejected', 'still used by billing');
    expect(decision).toMatchObject({
      decidedNow: true,
      request: { state: 'rejected', outcomeReason: 'still used by billing' },
      token: { status: 'enabled' },
    });
    expect((await app.tokenops.revocations.request(shopAdmin, token.displayId, 'asking again')).created).toBe(true);
  });

  it('have exactly one decision when admins click at once', async () => {
    const { token } = await make('Raced');
    const { request } = await app.tokenops.revocations.request(shopAdmin, token.displayId, 'race');
    const decisions = await Promise.all([
      app.tokenops.revocations.decide(acmeAdmin, request.id, 'approved'),
      app.tokenops.revocations.decide(secondAcme, request.id, 'rejected'),
      app.tokenops.revocations.decide(root, request.id, 'approved'),
    ]);
    expect(decisions.filter((d) => d.decidedNow)).toHaveLength(1);
    const winner = decisions.find((d) => d.decidedNow)!;
    expect(
      decisions.every(
        (d) => d.request.state === winner.request.state && d.request.decidedBy === winner.request.decidedBy,
      ),
    ).toBe(true);
    const events = (await app.tokenops.tokens.audit(root, token.displayId)).filter(
      (e) => e.action === 'revocation.approve' || e.action === 'revocation.reject',
    );
    expect(events).toHaveLength(1);
  });

  it('expire when their time is up, and only then', async () => {
    const seeded = await seedTenants(own);
    const { token } = await own.tokens.create(seeded.root, tokenInput('domain:shop.acme.test', 'Expiring request'));
    const { request } = await own.revocations.request(
      await seeded.actor(USERS.shopAdmin),
      token.displayId,
      'slow team',
    );
    expect(await own.revocations.expire(request.id)).toBeUndefined();
    own.advance(3_600_001);
    const expired = await own.revocations.expireDue();
    expect(expired.map((d) => [d.request.id, d.request.state])).toEqual([[request.id, 'expired']]);
    expect((await own.tokens.show(seeded.root, token.displayId)).status).toBe('enabled');
  });

  it('cannot be approved or rejected once past their time: they expire instead', async () => {
    for (const decision of ['approved', 'rejected'] as const) {
      const { token } = await make(`Late ${decision}`);
      const { request } = await app.tokenops.revocations.request(shopAdmin, token.displayId, 'too late');
      pastTheirTime();
      const late = await app.tokenops.revocations.decide(acmeAdmin, request.id, decision);
      expect(late).toMatchObject({ decidedNow: false, request: { state: 'expired', decidedBy: null } });
      expect((await app.tokenops.tokens.show(root, token.displayId)).status).toBe('enabled');
    }
  });

  it('are the only way a user revokes when approval is required; a leak report revokes at once', async () => {
    const strict = {
      tokenops: domainServices(app.tokenops.stores, { revocationNeedsApproval: true }, app.tokenops.clock),
    };
    const { token } = await make('Four eyes');
    expect(await code(strict.tokenops.tokens.revoke(root, token.displayId, 'stale button'))).toBe('approval_required');
    expect((await strict.tokenops.tokens.show(root, token.displayId)).status).toBe('enabled');
    const { request } = await strict.tokenops.revocations.request(shopAdmin, token.displayId, 'four eyes');
    expect(await strict.tokenops.revocations.decide(acmeAdmin, request.id, 'approved')).toMatchObject({
      decidedNow: true,
      token: { status: 'revoked' },
    });
    const history = (await strict.tokenops.tokens.audit(root, token.displayId)).map(
      (e) => `${e.action}:${e.outcome}:${e.reason ?? ''}`,
    );
    expect(history).toContain('token.revoke:refused:approval_required');

    const leaked = await make('Leaked');
    const leakAudit = {
      actor: 'tokenops:leak-scanner',
      action: 'token.leak' as const,
      outcome: 'ok' as const,
      displayId: leaked.token.displayId,
    };
    const claim = await app.tokenops.stores.leaks.claim(
      'leaked-digest',
      {
        tokenId: leaked.token.id,
        displayId: leaked.token.displayId,
        reporter: 'github',
        location: null,
        origin: null,
        action: 'revoke',
      },
      60_000,
    );
    await strict.tokenops.tokens.applyLeak(claim.leak, 'found in a public gist', leakAudit);
    expect(await strict.tokenops.tokens.show(root, leaked.token.displayId)).toMatchObject({
      status: 'revoked',
      statusReason: 'found in a public gist',
    });
    expect((await strict.tokenops.tokens.audit(root, leaked.token.displayId)).slice(0, 2)).toMatchObject([
      { action: 'token.leak', outcome: 'ok', actor: 'tokenops:leak-scanner' },
      { action: 'token.revoke', outcome: 'ok', actor: 'tokenops:leak-scanner' },
    ]);
  });

  it('are closed when the token is revoked directly or deleted meanwhile', async () => {
    const direct = await make('Revoked directly');
    const a = await app.tokenops.revocations.request(shopAdmin, direct.token.displayId, 'x');
    await app.tokenops.tokens.revoke(root, direct.token.displayId, 'incident');
    expect((await app.tokenops.revocations.decide(acmeAdmin, a.request.id, 'approved')).request).toMatchObject({
      state: 'closed',
      outcomeReason: 'revoked_directly',
    });

    const deleted = await make('Deleted meanwhile');
    const b = await app.tokenops.revocations.request(shopAdmin, deleted.token.displayId, 'y');
    await app.tokenops.tokens.delete(root, deleted.token.displayId);
    expect((await app.tokenops.revocations.decide(acmeAdmin, b.request.id, 'approved')).request).toMatchObject({
      state: 'closed',
      outcomeReason: 'token_deleted',
    });

    // Webhook receivers told of each request hear that it ended, and so for one whose post failed.
    const c = await app.tokenops.revocations.request(shopAdmin, (await make('Post failed')).token.displayId, 'z');
    await app.tokenops.revocations.discard(c.request.id, shopAdmin, 'channel_not_found');
    const { rows } = await app.tokenops.stores.pool.query<{ body: string }>(
      `SELECT body FROM events WHERE type IN ('request.created', 'request.decided') ORDER BY seq`,
    );
    const told = rows.map((row) => JSON.parse(row.body) as { type: string; data: { request: { id: string } } });
    for (const { request } of [a, b, c])
      expect(told.filter((event) => event.data.request.id === request.id)).toMatchObject([
        { type: 'request.created', data: { request: { operation: 'revoke' } } },
        { type: 'request.decided', data: { request: { operation: 'revoke', decision: 'closed' } } },
      ]);
  });

  it('are listed for the admins who may decide them', async () => {
    const { token } = await make('Waiting');
    const { request } = await app.tokenops.revocations.request(shopAdmin, token.displayId, 'z');
    expect(await app.tokenops.revocations.decidable(acmeAdmin)).toContainEqual({
      request: expect.objectContaining({ id: request.id }),
      label: 'Waiting',
    });
    expect((await app.tokenops.revocations.decidable(shopAdmin)).map((r) => r.request.id)).not.toContain(request.id);
    expect((await app.tokenops.revocations.decidable(globexAdmin)).map((r) => r.request.id)).not.toContain(request.id);
  });
});
