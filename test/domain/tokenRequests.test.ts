// A token request's secret, handed over: the request reads delivered from the moment its secret
// is confirmed (in the confirming transaction, as a reset's), so no crash between the two can
// leave it approved with its token made and its secret said to be on its way for good.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { hasEnded } from '../../src/domain/ports.js';
import { approvalRule } from '../support/approvalRules.js';
import { testCatalog } from '../support/catalog.js';
import { useDomainServices } from '../support/domainServices.js';
import { USERS, seedTenants } from '../support/tenants.js';

const DEVELOPER = 'U0DEVELOP1';
const app = useDomainServices({
  catalog: { ...testCatalog, approvals: [approvalRule('acme requests', { owners: ['org:acme'] })] },
});
let admin: Actor, developer: Actor;

beforeAll(async () => {
  const seeded = await seedTenants(app);
  [admin, developer] = (await Promise.all([USERS.acmeAdmin, DEVELOPER].map(seeded.actor))) as [Actor, Actor];
});

/** A developer's token request, approved and its token made (its secret not yet handed over). */
async function issued(label: string) {
  const asked = await app.requests.submit(developer, {
    owner: 'org:acme',
    label,
    scopes: ['orders:read'],
    expiry: '30d',
    reason: 'the nightly export',
  });
  await app.requests.decide(admin, asked.id, 'approve');
  const issuance = await app.requests.issue(asked.id);
  if (issuance.kind !== 'issued') throw new Error(`not issued: ${issuance.kind}`);
  return { id: asked.id, issued: issuance.issued };
}

describe('an approved token request', () => {
  it('reads delivered once its secret is confirmed, and not before', async () => {
    const asked = await app.requests.submit(developer, {
      owner: 'org:acme',
      label: 'Delivered with its secret',
      scopes: ['orders:read'],
      expiry: '30d',
      reason: 'the nightly export',
    });
    expect((await app.requests.decide(admin, asked.id, 'approve')).request.state).toBe('approved');
    const issuance = await app.requests.issue(asked.id);
    if (issuance.kind !== 'issued') throw new Error(`not issued: ${issuance.kind}`);
    expect(issuance.request).toMatchObject({ displayId: issuance.issued.token.displayId, deliveredAt: null });

    expect(await app.tokens.handedOver(issuance.issued)).toBe(true);
    expect((await app.requests.find(asked.id))!.deliveredAt).not.toBeNull();
    expect(await app.requests.delivered(asked.id)).toBe(false); // recorded already
  });
});

describe('a slow handover overtaken by the delivery sweep', () => {
  it('does not fail the request once it was issued again: the new token’s handover decides', async () => {
    const first = await issued('Overtaken handover');
    // Slack has not answered the first DM; the sweep voids its secret, and the request is issued again.
    const voided = await app.tokens.voidUndelivered(0);
    expect(voided.map((v) => v.token.id)).toContain(first.issued.token.id);
    const second = await app.requests.issue(first.id);
    if (second.kind !== 'issued') throw new Error(`not issued again: ${second.kind}`);
    // The first handover ends, undelivered: the request stays approved with the second token.
    expect(await app.requests.fail(first.id, 'undelivered', first.issued.token.id)).toEqual({ kind: 'nothing' });
    expect(await app.requests.find(first.id)).toMatchObject({ state: 'approved', tokenId: second.issued.token.id });
    expect(await app.tokens.handedOver(second.issued)).toBe(true);
    expect((await app.requests.find(first.id))!.deliveredAt).not.toBeNull();
  });

  it('fails the request when its own token’s secret was not delivered', async () => {
    const made = await issued('Undelivered handover');
    await app.tokens.voidIssued(developer, made.issued);
    expect((await app.requests.fail(made.id, 'undelivered', made.issued.token.id)).kind).toBe('failed');
  });
});

describe('requests approved before delivery was recorded with the secret', () => {
  it('are recorded delivered by the migration when their token holds a confirmed secret, and only then', async () => {
    const handed = await issued('Handed over before the upgrade');
    expect(await app.tokens.handedOver(handed.issued)).toBe(true);
    const underWay = await issued('Still on its way');
    // As the previous release left a crash between confirming the secret and recording delivery.
    await app.stores.pool.query(
      'UPDATE approval_requests SET delivered_at = NULL, secret_digest = NULL WHERE id = ANY($1::uuid[])',
      [[handed.id, underWay.id]],
    );
    const sql = await readFile(
      new URL('../../prisma/migrations/20261206074500_token_requests_delivered/migration.sql', import.meta.url),
      'utf8',
    );
    await app.stores.pool.query(sql);
    const [after, waiting] = await Promise.all([app.requests.find(handed.id), app.requests.find(underWay.id)]);
    expect(after!.deliveredAt).toEqual(after!.decidedAt);
    expect(hasEnded(after!)).toBe(true);
    expect(waiting!.deliveredAt).toBeNull();
  });
});

describe('hasEnded', () => {
  const at = new Date('2026-11-20T09:30:00Z');
  it('waits while a request is pending, or approved with its secret not yet delivered', () => {
    expect(hasEnded({ state: 'pending', deliveredAt: null })).toBe(false);
    expect(hasEnded({ state: 'approved', deliveredAt: null })).toBe(false);
    expect(hasEnded({ state: 'approved', deliveredAt: at })).toBe(true);
    for (const state of ['rejected', 'expired', 'withdrawn', 'closed', 'failed'] as const)
      expect(hasEnded({ state, deliveredAt: null })).toBe(true);
  });
});
