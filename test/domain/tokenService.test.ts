import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError, ValidationError } from '../../src/domain/errors.js';
import type { Actor } from '../../src/domain/permissions.js';
import { hasValidFormat } from '../../src/domain/secret.js';
import { useTestApp } from '../support/testApp.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';

const app = useTestApp();
let root: Actor, acmeAdmin: Actor, shopAdmin: Actor, globexAdmin: Actor, nobody: Actor;

async function refusal(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof DomainError) return [error.code];
  if (error instanceof ValidationError) return error.errors.map((e) => e.code);
  throw new Error(`expected a refusal, got ${String(error)}`);
}

beforeAll(async () => {
  const seeded = await seedTenants(app.tokenops);
  root = seeded.root;
  [acmeAdmin, shopAdmin, globexAdmin, nobody] = (await Promise.all(
    [USERS.acmeAdmin, USERS.shopAdmin, USERS.globexAdmin, USERS.nobody].map(seeded.actor),
  )) as [Actor, Actor, Actor, Actor];
});

describe('create', () => {
  it('issues a token with a well-formed secret, stored only as a digest, and audits it', async () => {
    const { token, secret } = await app.tokenops.tokens.create(
      shopAdmin,
      tokenInput('domain:shop.acme.test', 'Checkout backend', {
        description: 'Payments for the shop',
        developerEmails: 'dev@acme.test, ops@acme.test',
        scopes: ['orders:read', 'orders:write'],
        expiry: '30d',
      }),
    );
    expect(hasValidFormat(secret, 'tko')).toBe(true);
    expect(token).toMatchObject({
      displayId: expect.stringMatching(/^tok_[0-9A-Za-z]{10}$/),
      label: 'Checkout backend',
      owner: { type: 'domain', domainName: 'shop.acme.test', organizationSlug: 'acme' },
      apiVersion: '2026-01',
      scopes: ['orders:read', 'orders:write'],
      developerEmails: ['dev@acme.test', 'ops@acme.test'],
      status: 'enabled',
      createdBy: USERS.shopAdmin,
    });
    expect(token.expiresAt!.getTime() - token.createdAt.getTime()).toBeCloseTo(30 * 86_400_000, -4);
    const dump = JSON.stringify(
      await app.sql('SELECT t.*, s.* FROM tokens t JOIN token_secrets s ON s.token_id = t.id'),
    );
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(secret.slice(4));
    const [event] = await app.tokenops.tokens.audit(shopAdmin, token.displayId);
    expect(event).toMatchObject({ actor: USERS.shopAdmin, action: 'token.create', outcome: 'ok' });
    expect(event!.changes!.label).toEqual({ before: undefined, after: 'Checkout backend' });
  });

  it('refuses owners the caller does not administer, and audits the refusal', async () => {
    expect(await refusal(app.tokenops.tokens.create(shopAdmin, tokenInput('domain:blog.acme.test', 'Blog')))).toEqual([
      'not_permitted',
    ]);
    expect(await refusal(app.tokenops.tokens.create(acmeAdmin, tokenInput('org:globex', 'X')))).toEqual([
      'not_permitted',
    ]);
    expect(await refusal(app.tokenops.tokens.create(nobody, tokenInput('org:acme', 'X')))).toEqual(['not_permitted']);
    expect(await refusal(app.tokenops.tokens.create(root, tokenInput('org:nope', 'X')))).toEqual(['owner_not_found']);
    const refused = await app.sql(
      `SELECT actor, reason FROM audit_events WHERE action = 'token.create' AND outcome = 'refused' ORDER BY created_at`,
    );
    expect(refused.slice(0, 3)).toEqual([
      { actor: USERS.shopAdmin, reason: 'not_permitted' },
      { actor: USERS.acmeAdmin, reason: 'not_permitted' },
      { actor: USERS.nobody, reason: 'not_permitted' },
    ]);
  });

  it('lists every validation problem at once', async () => {
    const codes = await refusal(
      app.tokenops.tokens.create(acmeAdmin, {
        owner: 'org:acme',
        label: '',
        scopes: ['orders:fly'],
        primaryContact: '',
        developerEmails: 'x@',
        apiVersion: 'v0',
        expiryDate: '2020-01-01',
      }),
    );
    expect(codes).toEqual([
      'label_required',
      'contact_required',
      'email_invalid',
      'scope_unknown',
      'version_unknown',
      'expiry_in_past',
    ]);
  });

  it('keeps labels unique per owner among live tokens, whatever the case', async () => {
    await app.tokenops.tokens.create(acmeAdmin, tokenInput('org:acme', 'Reporting'));
    expect(await refusal(app.tokenops.tokens.create(acmeAdmin, tokenInput('org:acme', 'REPORTING')))).toEqual([
      'label_taken',
    ]);
    await app.tokenops.tokens.create(acmeAdmin, tokenInput('domain:blog.acme.test', 'Reporting')); // another owner
    const old = await app.tokenops.tokens.create(globexAdmin, tokenInput('org:globex', 'Reused'));
    await app.tokenops.tokens.revoke(globexAdmin, old.token.displayId);
    await app.tokenops.tokens.create(globexAdmin, tokenInput('org:globex', 'Reused')); // revoked frees it
  });
});

describe('list', () => {
  const labels = (page: { tokens: { label: string }[] }) => page.tokens.map((t) => t.label);
  let ids: Record<string, string> = {};

  beforeAll(async () => {
    const make = async (owner: string, label: string) =>
      (await app.tokenops.tokens.create(root, tokenInput(owner, label))).token.displayId;
    ids = {
      old: await make('org:globex', 'Legacy importer'),
      month: await make('org:globex', 'Monthly export'),
      disabled: await make('org:globex', 'Paused sync'),
      revoked: await make('org:globex', 'Gone webhook'),
      expired: await make('org:globex', 'Expired batch'),
      fresh: await make('domain:api.globex.test', 'Fresh API client'),
    };
    await app.sql(`UPDATE tokens SET created_at = now() - interval '60 days' WHERE display_id = $1`, [ids.old]);
    await app.sql(`UPDATE tokens SET created_at = now() - interval '20 days' WHERE display_id = $1`, [ids.month]);
    await app.sql(`UPDATE tokens SET expires_at = now() - interval '1 day' WHERE display_id = $1`, [ids.expired]);
    await app.tokenops.tokens.disable(root, ids.disabled!);
    await app.tokenops.tokens.revoke(root, ids.revoked!);
  });

  const list = (actor: Actor, filter: object, page: Parameters<typeof app.tokenops.tokens.list>[2] = { limit: 50 }) =>
    app.tokenops.tokens.list(actor, filter, page);

  it('filters by derived status', async () => {
    expect(labels(await list(globexAdmin, { status: 'expired' }))).toEqual(['Expired batch']);
    expect(labels(await list(globexAdmin, { status: 'disabled' }))).toEqual(['Paused sync']);
    expect(labels(await list(globexAdmin, { status: 'revoked' }))).toEqual(
      expect.arrayContaining(['Gone webhook', 'Reused']),
    );
    expect(labels(await list(globexAdmin, { status: 'enabled' }))).not.toContain('Expired batch');
  });

  it('filters by creation time, organization, domain and words (partial, any case), newest first', async () => {
    expect(labels(await list(globexAdmin, { created: 'older' }))).toEqual(['Legacy importer']);
    expect(labels(await list(globexAdmin, { created: '30d', words: ['EXPORT'] }))).toEqual(['Monthly export']);
    expect(labels(await list(globexAdmin, { created: '7d' }))).not.toContain('Monthly export');
    expect(labels(await list(root, { domainName: 'api.globex.test' }))).toEqual(['Fresh API client']);
    expect(labels(await list(root, { organizationSlug: 'globex', words: ['port'] }))).toEqual([
      'Monthly export',
      'Legacy importer',
    ]);
    expect(labels(await list(root, { words: ['100%_'] }))).toEqual([]);
    const all = await list(globexAdmin, {});
    const times = all.tokens.map((t) => t.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('shows each admin only what they administer', async () => {
    expect(labels(await list(shopAdmin, {}))).toEqual(['Checkout backend']);
    expect((await list(acmeAdmin, {})).tokens.every((t) => t.owner.organizationSlug === 'acme')).toBe(true);
    expect((await list(nobody, {})).tokens).toEqual([]);
    expect(await refusal(app.tokenops.tokens.show(shopAdmin, ids.fresh!))).toEqual(['not_permitted']);
    expect(await refusal(app.tokenops.tokens.show(root, 'tok_0000000000'))).toEqual(['token_not_found']);
  });

  it('pages', async () => {
    const first = await list(root, { organizationSlug: 'globex' }, { limit: 3 });
    const last = first.tokens.at(-1)!;
    const second = await list(
      root,
      { organizationSlug: 'globex' },
      { after: { createdAt: last.createdAt, id: last.id }, limit: 3 },
    );
    expect(first.tokens).toHaveLength(3);
    expect(first.hasMore).toBe(true);
    const ids = [...first.tokens, ...second.tokens].map((t) => t.displayId);
    expect(new Set(ids).size).toBe(ids.length);
    const everything = await list(root, { organizationSlug: 'globex' });
    expect(ids).toEqual(everything.tokens.slice(0, ids.length).map((t) => t.displayId));
  });
});

describe('changes', () => {
  const create = async (label: string) =>
    (await app.tokenops.tokens.create(acmeAdmin, tokenInput('org:acme', label))).token.displayId;

  it('edits fields and audits before and after', async () => {
    const id = await create('Editable');
    const token = await app.tokenops.tokens.edit(acmeAdmin, id, {
      label: 'Edited',
      scopes: ['orders:write'],
      developerEmails: 'a@acme.test',
    });
    expect(token).toMatchObject({ label: 'Edited', scopes: ['orders:write'], developerEmails: ['a@acme.test'] });
    const [event] = await app.tokenops.tokens.audit(acmeAdmin, id);
    expect(event).toMatchObject({
      action: 'token.edit',
      outcome: 'ok',
      changes: {
        label: { before: 'Editable', after: 'Edited' },
        scopes: { before: ['orders:read'], after: ['orders:write'] },
      },
    });
    expect(await refusal(app.tokenops.tokens.edit(acmeAdmin, id, { label: 'Reporting' }))).toEqual(['label_taken']);
    expect(await refusal(app.tokenops.tokens.edit(shopAdmin, id, { label: 'Mine' }))).toEqual(['not_permitted']);
    expect(await refusal(app.tokenops.tokens.edit(acmeAdmin, id, { scopes: [] }))).toEqual(['scopes_required']);
  });

  it('keeps a scope the catalog has since retired through an edit, removes it when asked, and gives it to no new token', async () => {
    const id = await create('Holds a retired scope');
    await app.sql(`UPDATE tokens SET scopes = array['orders:read', 'legacy:export'] WHERE display_id = $1`, [id]);
    const kept = await app.tokenops.tokens.edit(acmeAdmin, id, {
      label: 'Still holds it',
      scopes: ['orders:read', 'legacy:export'],
    });
    expect(kept).toMatchObject({ label: 'Still holds it', scopes: ['orders:read', 'legacy:export'] });
    const dropped = await app.tokenops.tokens.edit(acmeAdmin, id, { scopes: ['orders:read'] });
    expect(dropped.scopes).toEqual(['orders:read']);
    expect(
      await refusal(app.tokenops.tokens.edit(acmeAdmin, id, { scopes: ['orders:read', 'legacy:export'] })),
    ).toEqual(['scope_unknown']); // gone once dropped
    expect(
      await refusal(
        app.tokenops.tokens.create(acmeAdmin, tokenInput('org:acme', 'New', { scopes: ['legacy:export'] })),
      ),
    ).toEqual(['scope_unknown']);
  });

  it('duplicates with the same settings, a new secret and a distinct label', async () => {
    const id = await create('Original');
    const first = await app.tokenops.tokens.duplicate(acmeAdmin, id);
    const second = await app.tokenops.tokens.duplicate(acmeAdmin, id);
    expect([first.token.label, second.token.label]).toEqual(['Original (copy)', 'Original (copy 2)']);
    expect(first.token).toMatchObject({
      scopes: ['orders:read'],
      apiVersion: '2026-01',
      owner: { organizationSlug: 'acme' },
    });
    expect(first.secret).not.toBe(second.secret);
    expect(first.token.displayId).not.toBe(id);
  });

  it('upgrades the API version, by default to the latest', async () => {
    const { token } = await app.tokenops.tokens.create(
      acmeAdmin,
      tokenInput('org:acme', 'Old client', { apiVersion: '2025-01' }),
    );
    expect((await app.tokenops.tokens.upgrade(acmeAdmin, token.displayId)).apiVersion).toBe('2026-01');
    expect(await refusal(app.tokenops.tokens.upgrade(acmeAdmin, token.displayId))).toEqual(['version_unchanged']);
    expect(await refusal(app.tokenops.tokens.upgrade(acmeAdmin, token.displayId, 'v7'))).toEqual(['version_unknown']);
  });

  it('extends, reporting the expiry each change replaced, also when two race', async () => {
    const id = await create('Extended');
    const { expiresAt: original } = await app.tokenops.tokens.show(acmeAdmin, id);
    const earlier = await app.tokenops.tokens.extend(acmeAdmin, id, { expiry: '7d' });
    expect(earlier.previousExpiresAt).toEqual(original);
    const [a, b] = await Promise.all([
      app.tokenops.tokens.extend(acmeAdmin, id, { expiry: '30d' }),
      app.tokenops.tokens.extend(acmeAdmin, id, { expiry: '90d' }),
    ]);
    // One replaced the 7 days, the other what that one set: never both the 7 days, as a read
    // before the change could have said.
    const [first, second] = a.previousExpiresAt!.getTime() === earlier.expiresAt!.getTime() ? [a, b] : [b, a];
    expect(first.previousExpiresAt).toEqual(earlier.expiresAt);
    expect(second.previousExpiresAt).toEqual(first.expiresAt);
  });

  it('keeps the values of a refusal for its history, never a secret typed among them', async () => {
    const { token, secret } = await app.tokenops.tokens.create(acmeAdmin, tokenInput('org:acme', 'Refused values'));
    expect(await refusal(app.tokenops.tokens.upgrade(acmeAdmin, token.displayId, '2026-01'))).toEqual([
      'version_unchanged',
    ]);
    expect(await refusal(app.tokenops.tokens.upgrade(acmeAdmin, token.displayId, `v${secret}`))).toEqual([
      'version_unknown',
    ]);
    expect(await refusal(app.tokenops.tokens.extend(acmeAdmin, token.displayId, { expiryDate: '2099-01-01' }))).toEqual(
      ['expiry_beyond_policy'],
    );
    expect(
      await refusal(
        app.tokenops.tokens.edit(acmeAdmin, token.displayId, {
          label: 'x'.repeat(65),
          developerEmails: 'not-an-address',
        }),
      ),
    ).toEqual(['label_too_long', 'email_invalid']);
    const refused = (await app.tokenops.tokens.audit(acmeAdmin, token.displayId))
      .filter((entry) => entry.outcome === 'refused')
      .reverse();
    // By reason code (as stored before) and in order, one entry per reason (two may share a code).
    const kept = (...reasons: Array<[string, Record<string, unknown>]>) => ({
      params: Object.fromEntries(reasons),
      reasons: reasons.map(([code, params]) => ({ code, params })),
    });
    expect(refused.map((entry) => [entry.action, entry.reason, entry.snapshot])).toEqual([
      ['token.upgrade', 'version_unchanged', kept(['version_unchanged', { version: '2026-01' }])],
      [
        'token.upgrade',
        'version_unknown',
        kept(['version_unknown', { version: expect.not.stringContaining(secret.slice(4)) }]),
      ],
      ['token.extend', 'expiry_beyond_policy', kept(['expiry_beyond_policy', { max: 365 }])],
      [
        'token.edit',
        'label_too_long,email_invalid',
        kept(['label_too_long', { max: 64 }], ['email_invalid', { email: 'not-an-address' }]),
      ],
    ]);
    expect(
      await refusal(app.tokenops.tokens.edit(acmeAdmin, token.displayId, { allowedIps: '10.0.0.1/8 192.168.1.1/16' })),
    ).toEqual(['ip_host_bits', 'ip_host_bits']);
    const [twice] = (await app.tokenops.tokens.audit(acmeAdmin, token.displayId)).filter(
      (entry) => entry.outcome === 'refused',
    );
    expect((twice!.snapshot as { reasons: unknown[] }).reasons).toEqual([
      { code: 'ip_host_bits', params: { entry: '10.0.0.1/8', network: '10.0.0.0/8' } },
      { code: 'ip_host_bits', params: { entry: '192.168.1.1/16', network: '192.168.0.0/16' } },
    ]);
    expect(JSON.stringify(await app.sql('SELECT * FROM audit_events'))).not.toContain(secret.slice(4));
  });

  it('disables and enables, refusing no-op changes; revoke is final, and a revoked token cannot be kept', async () => {
    const id = await create('Toggle');
    expect((await app.tokenops.tokens.disable(acmeAdmin, id, 'incident 42')).status).toBe('disabled');
    expect(await refusal(app.tokenops.tokens.disable(acmeAdmin, id))).toEqual(['already_disabled']);
    expect((await app.tokenops.tokens.enable(acmeAdmin, id)).status).toBe('enabled');
    expect(await refusal(app.tokenops.tokens.enable(acmeAdmin, id))).toEqual(['already_enabled']);
    expect((await app.tokenops.tokens.revoke(acmeAdmin, id, 'leaked')).statusReason).toBe('leaked');
    for (const attempt of [
      () => app.tokenops.tokens.enable(acmeAdmin, id),
      () => app.tokenops.tokens.reset(acmeAdmin, id),
      () => app.tokenops.tokens.edit(acmeAdmin, id, { label: 'Back' }),
      () => app.tokenops.tokens.revoke(acmeAdmin, id),
      // a review or an unused-token digest answered after the revocation: nothing "stays"
      () => app.tokenops.tokens.keep(acmeAdmin, id),
      () => app.tokenops.tokens.keepUnused(acmeAdmin, id),
    ]) {
      expect(await refusal(attempt())).toEqual(['token_revoked']);
    }
  });

  it('deletes permanently, keeping a snapshot in the audit trail', async () => {
    const id = await create('Doomed');
    await app.tokenops.tokens.delete(acmeAdmin, id);
    expect(await refusal(app.tokenops.tokens.show(acmeAdmin, id))).toEqual(['token_not_found']);
    expect(
      await app.sql(
        'SELECT count(*)::int AS n FROM token_secrets s JOIN tokens t ON t.id = s.token_id WHERE t.display_id = $1',
        [id],
      ),
    ).toEqual([{ n: 0 }]);
    const history = await app.tokenops.tokens.audit(acmeAdmin, id);
    expect(history.map((e) => e.action)).toEqual(['token.view', 'token.delete', 'token.create']);
    expect(history[1]!.snapshot).toMatchObject({ label: 'Doomed', owner: { organizationSlug: 'acme' } });
    expect(await refusal(app.tokenops.tokens.audit(shopAdmin, id))).toEqual(['not_permitted']);
  });

  it('keeps one token consistent under concurrent operations', async () => {
    const id = await create('Raced');
    const [a, b] = await Promise.all([
      app.tokenops.tokens.reset(acmeAdmin, id),
      app.tokenops.tokens.reset(acmeAdmin, id),
    ]);
    expect(a.secret).not.toBe(b.secret);
    const live = await app.sql(
      'SELECT count(*)::int AS n FROM token_secrets s JOIN tokens t ON t.id = s.token_id WHERE t.display_id = $1 AND (s.expires_at IS NULL OR s.expires_at > now())',
      [id],
    );
    expect(live).toEqual([{ n: 1 }]); // exactly one secret works

    for (let i = 0; i < 5; i++) {
      const raced = await create(`Revoke race ${i}`);
      await app.tokenops.tokens.disable(acmeAdmin, raced);
      await Promise.allSettled([
        app.tokenops.tokens.enable(acmeAdmin, raced),
        app.tokenops.tokens.revoke(acmeAdmin, raced),
      ]);
      expect((await app.tokenops.tokens.show(acmeAdmin, raced)).status).toBe('revoked');
    }
  });
});

describe('tenants and roles', () => {
  it('lets only workspace admins manage them, with clear refusals', async () => {
    expect(await refusal(app.tokenops.tenants.createOrganization(acmeAdmin, 'initech'))).toEqual([
      'workspace_admin_only',
    ]);
    expect(await refusal(app.tokenops.tenants.createOrganization(root, 'acme'))).toEqual(['organization_exists']);
    expect(await refusal(app.tokenops.tenants.createOrganization(root, 'Bad Slug!'))).toEqual(['invalid_slug']);
    expect(await refusal(app.tokenops.tenants.createDomain(root, 'nope', 'x.test'))).toEqual([
      'organization_not_found',
    ]);
    expect(await refusal(app.tokenops.tenants.createDomain(root, 'acme', 'not a host'))).toEqual(['invalid_domain']);
    expect(
      await refusal(app.tokenops.tenants.ungrant(root, USERS.nobody, { role: 'org_admin', slug: 'acme' })),
    ).toEqual(['grant_not_found']);
  });

  it('grants and ungrants roles, idempotently', async () => {
    await app.tokenops.tenants.grant(root, 'U0NEWADM01', { role: 'domain_admin', name: 'blog.acme.test' });
    await app.tokenops.tenants.grant(root, 'U0NEWADM01', { role: 'domain_admin', name: 'blog.acme.test' });
    await app.tokenops.tenants.grant(root, 'U0NEWADM01', { role: 'workspace_admin' });
    await app.tokenops.tenants.grant(root, 'U0NEWADM01', { role: 'workspace_admin' });
    const roles = await app.tokenops.tenants.roles(root, 'U0NEWADM01');
    expect(roles.map((r) => [r.grant.role, r.target])).toEqual([
      ['domain_admin', 'blog.acme.test'],
      ['workspace_admin', undefined],
    ]);
    await app.tokenops.tenants.ungrant(root, 'U0NEWADM01', { role: 'workspace_admin' });
    const newAdmin = await app.tokenops.tokens.actor('U0NEWADM01');
    expect(newAdmin.grants).toEqual([
      { role: 'domain_admin', domainId: expect.any(String), organizationId: expect.any(String) },
    ]);
  });
});
