// The token, tenant and revocation ports over PostgreSQL, held to what the domain expects of them.
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditDraft } from '../../src/domain/audit.js';
import { DomainError } from '../../src/domain/errors.js';
import type { Owner } from '../../src/domain/permissions.js';
import type { ListQuery, NewToken } from '../../src/domain/ports.js';
import { useStores, type Stores } from '../support/domainServices.js';

const DAY = 86_400_000;
const ok = (action: AuditDraft['action'], more: Partial<AuditDraft> = {}): AuditDraft => ({
  actor: 'U0ADMIN',
  action,
  outcome: 'ok',
  ...more,
});
const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
  );
let serial = 0;
const displayId = () => `tok_conf${String(++serial).padStart(6, '0')}`;

const stores = useStores();

describe('storage ports over PostgreSQL', () => {
  let s: Stores;
  let acme: Owner, shop: Owner, globex: Owner;
  const newToken = (owner: Owner, label: string, more: Partial<NewToken> = {}): NewToken => ({
    displayId: displayId(),
    label,
    description: '',
    owner,
    apiVersion: '2026-01',
    scopes: ['orders:read'],
    primaryContact: 'U0CONTACT',
    developerEmails: [],
    allowedIps: [],
    rateLimit: null,
    expiresAt: new Date(Date.now() + 30 * DAY),
    createdBy: 'U0ADMIN',
    ...more,
  });
  const insert = async (owner: Owner, label: string, more: Partial<NewToken> = {}) => {
    await new Promise((resolve) => setTimeout(resolve, 2)); // distinct creation times, for the order
    const token = newToken(owner, label, more);
    return s.tokens.insertToken(
      token,
      `digest-${token.displayId}`,
      [ok('token.create', { displayId: token.displayId })],
      { nextReminderAt: null, nextReviewAt: new Date(Date.now() + 90 * DAY) },
    );
  };
  const query = (more: Partial<ListQuery> = {}): ListQuery => ({
    visibility: 'all',
    words: [],
    now: new Date(),
    limit: 50,
    ...more,
  });

  beforeAll(async () => {
    s = stores();
    await s.tenants.createOrganization('acme', 'Acme', ok('tenants.organization.create'));
    await s.tenants.createOrganization('globex', 'Globex', ok('tenants.organization.create'));
    await s.tenants.createDomain('acme', 'shop.acme.test', ok('tenants.domain.create'));
    acme = (await s.tokens.findOwner({ type: 'organization', slug: 'acme' }))!;
    shop = (await s.tokens.findOwner({ type: 'domain', name: 'shop.acme.test' }))!;
    globex = (await s.tokens.findOwner({ type: 'organization', slug: 'globex' }))!;
  });

  it('keeps organizations, domains and grants', async () => {
    expect(shop).toMatchObject({
      type: 'domain',
      organizationId: acme.organizationId,
      organizationSlug: 'acme',
      domainName: 'shop.acme.test',
    });
    expect(await s.tokens.findOwner({ type: 'organization', slug: 'nope' })).toBeNull();
    expect(await code(s.tenants.createOrganization('acme', 'Again', ok('tenants.organization.create')))).toBe(
      'organization_exists',
    );
    expect(await code(s.tenants.createDomain('nope', 'x.test', ok('tenants.domain.create')))).toBe(
      'organization_not_found',
    );
    expect(await code(s.tenants.createDomain('acme', 'shop.acme.test', ok('tenants.domain.create')))).toBe(
      'domain_exists',
    );
    expect(
      (await s.tenants.listOwners()).map((o) => (o.type === 'domain' ? o.domainName : o.organizationSlug)),
    ).toEqual(['acme', 'globex', 'shop.acme.test']);
    await s.tenants.grant('U0CONF1', { role: 'domain_admin', name: 'shop.acme.test' }, ok('tenants.grant'));
    await s.tenants.grant('U0CONF1', { role: 'domain_admin', name: 'shop.acme.test' }, ok('tenants.grant'));
    await s.tenants.grant('U0CONF1', { role: 'workspace_admin' }, ok('tenants.grant'));
    expect(await s.tokens.grantsOf('U0CONF1')).toEqual(
      expect.arrayContaining([
        { role: 'workspace_admin' },
        {
          role: 'domain_admin',
          domainId: (shop as { domainId: string }).domainId,
          organizationId: acme.organizationId,
        },
      ]),
    );
    expect((await s.tenants.listGrants('U0CONF1')).map((g) => [g.grant.role, g.target])).toEqual([
      ['domain_admin', 'shop.acme.test'],
      ['workspace_admin', undefined],
    ]);
    expect(await s.tenants.ungrant('U0CONF1', { role: 'workspace_admin' }, ok('tenants.ungrant'))).toBe(true);
    expect(await s.tenants.ungrant('U0CONF1', { role: 'workspace_admin' }, ok('tenants.ungrant'))).toBe(false);
    expect(await code(s.tenants.grant('U0CONF1', { role: 'org_admin', slug: 'nope' }, ok('tenants.grant')))).toBe(
      'organization_not_found',
    );
  });

  it('inserts tokens with unique live labels per owner, whatever the case', async () => {
    const token = await insert(acme, 'Unique');
    expect(token).toMatchObject({
      label: 'Unique',
      status: 'enabled',
      statusReason: null,
      owner: acme,
      lastUsedAt: null,
    });
    expect(await s.tokens.getToken(token.displayId)).toEqual(token);
    expect(await code(insert(acme, 'UNIQUE'))).toBe('label_taken');
    await insert(shop, 'Unique'); // another owner
    await s.tokens.changeToken(token.displayId, () => ({ update: { status: 'revoked' }, audit: [] }));
    await insert(acme, 'unique'); // revoked frees it
    expect(await s.tokens.getToken('tok_0000000000')).toBeNull();
  });

  it('changes a token atomically with its audit entries, or not at all', async () => {
    const token = await insert(acme, 'Changing');
    const { before, after } = await s.tokens.changeToken(token.displayId, (t) => ({
      update: { label: `${t.label} 2`, scopes: ['orders:write'] },
      audit: [ok('token.edit', { displayId: t.displayId })],
    }));
    expect([before.label, after!.label, after!.scopes]).toEqual(['Changing', 'Changing 2', ['orders:write']]);
    const unchanged = await s.tokens.changeToken(token.displayId, () => null);
    expect(unchanged.after).toEqual(after);
    expect(
      await code(
        s.tokens.changeToken(token.displayId, () => {
          throw new DomainError('already_enabled');
        }),
      ),
    ).toBe('already_enabled');
    const other = await insert(acme, 'Taken label');
    expect(
      await code(
        s.tokens.changeToken(other.displayId, () => ({
          update: { label: 'changing 2' },
          audit: [ok('token.edit', { displayId: other.displayId })],
        })),
      ),
    ).toBe('label_taken');
    expect((await s.tokens.auditOf(other.displayId)).map((e) => e.action)).toEqual(['token.create']);
    expect((await s.tokens.auditOf(token.displayId)).map((e) => [e.action, e.tokenId])).toEqual([
      ['token.edit', token.id],
      ['token.create', token.id],
    ]);
    expect(await code(s.tokens.changeToken('tok_0000000000', () => null))).toBe('token_not_found');
  });

  it('keeps a new secret pending until confirmed, then ends the others as chosen; forgets them on delete', async () => {
    const token = await s.tokens.insertToken(newToken(acme, 'Secrets'), 'digest-first', [], {
      nextReminderAt: null,
      nextReviewAt: new Date(),
    });
    expect(await s.tokens.findByDigests(['digest-first'])).toMatchObject({
      token: { id: token.id },
      secretExpiresAt: null,
    });
    expect(await s.tokens.confirmSecret('digest-first', null)).toBe(true);
    expect(await s.tokens.confirmSecret('digest-first', null)).toBe(true); // idempotent
    const until = new Date(Date.now() + 3_600_000);
    await s.tokens.changeToken(token.displayId, () => ({
      newSecret: { digest: 'digest-second', oldSecretsUntil: until },
      audit: [],
    }));
    expect((await s.tokens.findByDigests(['digest-first']))!.secretExpiresAt).toBeNull(); // untouched while pending
    expect(await s.tokens.confirmSecret('digest-second', until)).toBe(true);
    expect((await s.tokens.findByDigests(['digest-first']))!.secretExpiresAt).toEqual(until);
    expect((await s.tokens.findByDigests(['digest-second']))!.secretExpiresAt).toBeNull();
    expect(await s.tokens.confirmSecret('digest-unknown', null)).toBe(false);
    const removed = await s.tokens.changeToken(token.displayId, () => ({
      remove: true,
      audit: [ok('token.delete', { displayId: token.displayId })],
    }));
    expect(removed.after).toBeNull();
    expect(await s.tokens.getToken(token.displayId)).toBeNull();
    expect(await s.tokens.findByDigests(['digest-first'])).toBeNull();
    expect((await s.tokens.auditOf(token.displayId)).map((e) => e.action)).toEqual(['token.delete']);
  });

  it('voids a pending secret once: the token when it was its first, else only that secret', async () => {
    const audit = (action: 'token.void' | 'token.reset.void', displayId: string) => () => [ok(action, { displayId })];
    const fresh = await s.tokens.insertToken(newToken(acme, 'Never delivered'), 'digest-fresh', [], {
      nextReminderAt: null,
      nextReviewAt: new Date(),
    });
    expect(await s.tokens.voidPendingSecret('digest-fresh', 60_000, audit('token.void', fresh.displayId))).toBeNull(); // within its window
    expect(await s.tokens.stalePendingSecrets(60_000, 10)).not.toContain('digest-fresh');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await s.tokens.stalePendingSecrets(5, 100)).toContain('digest-fresh');
    expect(await s.tokens.voidPendingSecret('digest-fresh', 5, audit('token.void', fresh.displayId))).toMatchObject({
      token: { id: fresh.id },
      removed: true,
    });
    expect(await s.tokens.getToken(fresh.displayId)).toBeNull();
    expect(await s.tokens.voidPendingSecret('digest-fresh', null, audit('token.void', fresh.displayId))).toBeNull();
    expect((await s.tokens.auditOf(fresh.displayId)).map((e) => e.action)).toEqual(['token.void']);

    const held = await s.tokens.insertToken(newToken(acme, 'Reset undelivered'), 'digest-held', [], {
      nextReminderAt: null,
      nextReviewAt: new Date(),
    });
    await s.tokens.confirmSecret('digest-held', null);
    await s.tokens.changeToken(held.displayId, () => ({
      newSecret: { digest: 'digest-lost', oldSecretsUntil: null },
      audit: [],
    }));
    expect(await s.tokens.voidPendingSecret('digest-held', null, audit('token.void', held.displayId))).toBeNull(); // not pending
    expect(
      await s.tokens.voidPendingSecret('digest-lost', null, audit('token.reset.void', held.displayId)),
    ).toMatchObject({ removed: false });
    expect(await s.tokens.findByDigests(['digest-lost'])).toBeNull();
    expect(await s.tokens.findByDigests(['digest-held'])).toMatchObject({
      token: { id: held.id },
      secretExpiresAt: null,
    });
    expect(await s.tokens.confirmSecret('digest-lost', null)).toBe(false);
  });

  it('lists by visibility, status, age, owner and words, newest first, in pages', async () => {
    const org = 'list-org';
    await s.tenants.createOrganization(org, 'List', ok('tenants.organization.create'));
    const owner = (await s.tokens.findOwner({ type: 'organization', slug: org }))!;
    const soon = await insert(owner, 'Export soon', { expiresAt: new Date(Date.now() + DAY) });
    const later = await insert(owner, 'Import later', { expiresAt: new Date(Date.now() + 60 * DAY) });
    const never = await insert(owner, '100% odd_label', { expiresAt: null });
    await s.tokens.changeToken(later.displayId, () => ({ update: { status: 'disabled' }, audit: [] }));
    const labels = async (more: Partial<ListQuery>) =>
      (await s.tokens.listTokens(query({ organizationSlug: org, ...more }))).map((t) => t.label);
    expect(await labels({})).toEqual(['100% odd_label', 'Import later', 'Export soon']);
    expect(await labels({ status: 'disabled' })).toEqual(['Import later']);
    // Disabled and since expired: under both (README: What an admin sees).
    const lapsed = new Date(Date.now() + 61 * DAY);
    expect(await labels({ status: 'disabled', now: lapsed })).toEqual(['Import later']);
    expect(await labels({ status: 'expired', now: lapsed })).toEqual(['Import later', 'Export soon']);
    expect(await labels({ status: 'expired', now: new Date(Date.now() + 2 * DAY) })).toEqual(['Export soon']);
    expect(await labels({ status: 'enabled', now: new Date(Date.now() + 2 * DAY) })).toEqual(['100% odd_label']);
    expect(await labels({ created: '7d' })).toHaveLength(3);
    expect(await labels({ created: '30d', now: new Date(Date.now() + 20 * DAY) })).toHaveLength(3);
    expect(await labels({ created: 'older', now: new Date(Date.now() + 40 * DAY) })).toHaveLength(3);
    expect(await labels({ created: '7d', now: new Date(Date.now() + 10 * DAY) })).toEqual([]);
    expect(await labels({ words: ['PORT'] })).toEqual(['Import later', 'Export soon']);
    expect(await labels({ words: ['0%', 'd_l'] })).toEqual(['100% odd_label']);
    expect(await labels({ words: ['0_'] })).toEqual([]);
    expect(await labels({ expiringBefore: new Date(Date.now() + 90 * DAY) })).toEqual(['Export soon', 'Import later']);
    expect(await labels({ after: { createdAt: later.createdAt, id: later.id } })).toEqual(['Export soon']);
    // Backwards from a token: the nearest first (the caller turns the page around).
    expect(await labels({ before: { createdAt: soon.createdAt, id: soon.id } })).toEqual([
      'Import later',
      '100% odd_label',
    ]);
    expect(await labels({ before: { createdAt: soon.createdAt, id: soon.id }, limit: 1 })).toEqual(['Import later']);
    const count = (more: Partial<ListQuery>) => s.tokens.countTokens(query({ organizationSlug: org, ...more }));
    expect(await count({})).toBe(3);
    expect(await count({ status: 'disabled' })).toBe(1);
    expect(await count({ before: { createdAt: soon.createdAt, id: soon.id } })).toBe(2);
    expect(await count({ before: { createdAt: never.createdAt, id: never.id } })).toBe(0);
    expect(
      (await s.tokens.listTokens(query({ visibility: { organizationIds: [owner.organizationId], domainIds: [] } })))
        .map((t) => t.id)
        .sort(),
    ).toEqual([soon.id, later.id, never.id].sort());
    expect(await s.tokens.listTokens(query({ visibility: { organizationIds: [], domainIds: [] } }))).toEqual([]);
    expect(await labels({ domainName: 'shop.acme.test' })).toEqual([]);
  });

  it('lists a primary contact’s live tokens but of the owners left out, the soonest expiry first', async () => {
    const contact = { primaryContact: 'U0LISTED01' };
    const never = await insert(globex, 'Never', { ...contact, expiresAt: null });
    const late = await insert(shop, 'Late', { ...contact, expiresAt: new Date(Date.now() + 60 * DAY) });
    const gone = await insert(acme, 'Gone', { ...contact, expiresAt: new Date(Date.now() - DAY) });
    const revoked = await insert(acme, 'Revoked', contact);
    await s.tokens.changeToken(revoked.displayId, () => ({ update: { status: 'revoked' }, audit: [] }));
    await insert(acme, 'Someone else’s');
    const none: { organizationIds: string[]; domainIds: string[] } = { organizationIds: [], domainIds: [] };
    const ids = async (limit: number, except = none) =>
      (await s.tokens.tokensOfContact('U0LISTED01', except, limit)).map((t) => t.id);
    expect(await ids(10)).toEqual([gone.id, late.id, never.id]);
    expect(await ids(2)).toEqual([gone.id, late.id]);
    expect(await ids(10, { ...none, domainIds: [shop.type === 'domain' ? shop.domainId : ''] })).toEqual([
      gone.id,
      never.id,
    ]);
    expect(await ids(10, { ...none, organizationIds: [acme.organizationId] })).toEqual([never.id]); // its domains too
  });

  it('keeps one pending revocation request per token, settled under the token lock', async () => {
    const token = await insert(shop, 'Revocable');
    const audit = (action: AuditDraft['action']) => (request: { id: string }) =>
      ok(action, { displayId: token.displayId, snapshot: { requestId: request.id } });
    const fields = { requestedBy: 'U0ASKER', reason: 'leaked', expiresAt: new Date(Date.now() - 1000) };
    const first = await s.revocations.create(token.displayId, fields, audit('revocation.request'));
    const second = await s.revocations.create(
      token.displayId,
      { ...fields, requestedBy: 'U0OTHER' },
      audit('revocation.request'),
    );
    expect(first).toMatchObject({
      created: true,
      token: { id: token.id },
      request: {
        state: 'pending',
        tokenId: token.id,
        displayId: token.displayId,
        requestedBy: 'U0ASKER',
        reason: 'leaked',
      },
    });
    expect(second).toMatchObject({ created: false, request: { id: first.request.id } });
    await s.revocations.attachMessage(first.request.id, 'C0APPROVAL', '123.456');
    expect((await s.revocations.get(first.request.id))!.request).toMatchObject({
      channelId: 'C0APPROVAL',
      messageTs: '123.456',
    });
    expect((await s.revocations.due(new Date())).map((r) => r.id)).toContain(first.request.id);
    expect((await s.revocations.pending()).find((p) => p.request.id === first.request.id)).toMatchObject({
      owner: shop,
      label: token.label,
    });

    let seen: unknown;
    const settled = await s.tokens.changeToken(token.displayId, (t, pending) => {
      seen = pending?.id;
      return {
        update: { status: 'revoked' },
        settle: { requestId: pending!.id, state: 'approved', decidedBy: 'U0DECIDER', outcomeReason: null },
        audit: [ok('revocation.approve', { displayId: t.displayId }), ok('token.revoke', { displayId: t.displayId })],
      };
    });
    expect(seen).toBe(first.request.id);
    expect(settled).toMatchObject({
      after: { status: 'revoked' },
      request: { id: first.request.id, state: 'approved', decidedBy: 'U0DECIDER', decidedAt: expect.any(Date) },
    });
    expect((await s.tokens.auditOf(token.displayId)).map((e) => e.action)).toEqual([
      'token.revoke',
      'revocation.approve',
      'revocation.request',
      'token.create',
    ]);
    expect(await s.revocations.due(new Date(Date.now() + DAY))).not.toContainEqual(
      expect.objectContaining({ id: first.request.id }),
    );
    expect(await code(s.revocations.create(token.displayId, fields, audit('revocation.request')))).toBe(
      'token_revoked',
    );
    expect(await code(s.revocations.create('tok_0000000000', fields, audit('revocation.request')))).toBe(
      'token_not_found',
    );
  });

  it('keeps requests of deleted tokens without their token, and discards unposted ones', async () => {
    const token = await insert(shop, 'Deleted with request');
    const draft = (action: AuditDraft['action']) => (request: { displayId: string }) =>
      ok(action, { displayId: request.displayId });
    const { request } = await s.revocations.create(
      token.displayId,
      { requestedBy: 'U0ASKER', reason: 'x', expiresAt: new Date(Date.now() + DAY) },
      draft('revocation.request'),
    );
    await s.tokens.changeToken(token.displayId, (_t, pending) => ({
      remove: true,
      settle: { requestId: pending!.id, state: 'closed', decidedBy: null, outcomeReason: 'token_deleted' },
      audit: [],
    }));
    expect(await s.revocations.get(request.id)).toMatchObject({
      token: null,
      request: { tokenId: null, state: 'closed', outcomeReason: 'token_deleted' },
    });

    const kept = await insert(shop, 'Unposted request');
    const unposted = await s.revocations.create(
      kept.displayId,
      { requestedBy: 'U0ASKER', reason: 'y', expiresAt: new Date(Date.now() + DAY) },
      draft('revocation.request'),
    );
    await s.revocations.discard(unposted.request.id, draft('revocation.discard'));
    expect(await s.revocations.get(unposted.request.id)).toBeNull();
    expect(
      (
        await s.revocations.create(
          kept.displayId,
          { requestedBy: 'U0ASKER', reason: 'z', expiresAt: new Date(Date.now() + DAY) },
          draft('revocation.request'),
        )
      ).created,
    ).toBe(true);
    expect((await s.tokens.auditOf(kept.displayId)).map((e) => e.action)).toEqual([
      'revocation.request',
      'revocation.discard',
      'revocation.request',
      'token.create',
    ]);
  });

  it('writes a refused attempt on its own', async () => {
    await s.tokens.recordAudit({
      actor: 'U0NOBODY',
      action: 'token.view',
      outcome: 'refused',
      reason: 'not_permitted',
      displayId: 'tok_refused001',
    });
    expect(await s.tokens.auditOf('tok_refused001')).toEqual([
      expect.objectContaining({
        actor: 'U0NOBODY',
        outcome: 'refused',
        reason: 'not_permitted',
        id: expect.any(String),
        createdAt: expect.any(Date),
      }),
    ]);
    void globex;
  });
});
