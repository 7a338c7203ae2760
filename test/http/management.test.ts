import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/testApp.js';
import { codeOf } from '../support/verification.js';
import { USERS, seedTenants } from '../support/tenants.js';
import { scanForSecret, NOWHERE, ONLY_IN_ITS_DM } from '../support/secretScan.js';
import { api, apikeyCommand, createKey, createToken, newToken } from '../support/management.js';
import { sql as runSql } from '../support/databases.js';

const app = useTestApp();
let workspace: { secret: string; id: string };
let acme: { secret: string; id: string };
let shop: { secret: string; id: string };

beforeAll(async () => {
  await seedTenants(app.tokenops);
  workspace = await createKey(app, USERS.workspaceAdmin, 'workspace', 'terraform');
  acme = await createKey(app, USERS.acmeAdmin, 'org:acme');
  shop = await createKey(app, USERS.shopAdmin, 'domain:shop.acme.test');
});

describe('/token apikey', () => {
  it('shows a key once, in an ephemeral DM, and keeps only its digest: never in logs, the database, Redis or another Slack call', async () => {
    const key = await createKey(app, USERS.acmeAdmin, 'org:acme', 'scan me');
    expect(key.secret).toMatch(/^tkomk_[0-9A-Za-z]{36}$/);
    expect(await scanForSecret(app, key.secret)).toEqual(ONLY_IN_ITS_DM);
  });

  it('lets only admins of the scope create, list and revoke keys, and audits the key as created by its maker', async () => {
    expect(await apikeyCommand(app, USERS.shopAdmin, 'create org:acme')).toContain('You do not administer');
    expect(await apikeyCommand(app, USERS.acmeAdmin, 'create workspace')).toMatch(/workspace admin/i);
    expect(await apikeyCommand(app, USERS.acmeAdmin, 'create domain:nope.test')).toContain(
      'no such organization or domain',
    );
    const acmeList = await apikeyCommand(app, USERS.acmeAdmin, 'list');
    expect(acmeList).toContain(acme.id);
    expect(acmeList).toContain(shop.id); // the organization's admin also administers its domains
    expect(acmeList).not.toContain(workspace.id);
    expect(await apikeyCommand(app, USERS.shopAdmin, `revoke ${acme.id}`)).toContain('no such management API key');
    const rows = await app.sql(`SELECT actor, action FROM audit_events WHERE display_id = $1`, [workspace.id]);
    expect(rows).toEqual([{ actor: USERS.workspaceAdmin, action: 'apikey.create' }]);
    expect(await apikeyCommand(app, USERS.acmeAdmin, 'frobnicate')).toContain('apikey create');
  });

  it('voids a key whose DM cannot be delivered: it never works', async () => {
    app.fake.failNext('chat.postEphemeral', { error: 'messages_tab_disabled' });
    const answer = await apikeyCommand(app, USERS.acmeAdmin, 'create org:acme lost');
    expect(answer).toContain('voided');
    const rows = await runSql(
      app.databaseUrl,
      `SELECT action FROM audit_events WHERE action LIKE 'apikey.%' ORDER BY created_at DESC LIMIT 1`,
    );
    expect(rows).toEqual([{ action: 'apikey.void' }]);
  });

  it('is taken with the Bearer scheme in any case (RFC 7235)', async () => {
    for (const scheme of ['bearer', 'BEARER']) {
      const answer = await api(app, null, 'GET', '/v1/tokens', undefined, {
        authorization: `${scheme} ${acme.secret}`,
      });
      expect(answer.status).toBe(200);
    }
  });

  it('a revoked key is refused at once with 401', async () => {
    const key = await createKey(app, USERS.acmeAdmin, 'org:acme', 'short-lived');
    expect((await api(app, key.secret, 'GET', '/v1/tokens')).status).toBe(200);
    expect(await apikeyCommand(app, USERS.acmeAdmin, `revoke ${key.id}`)).toContain('revoked');
    const refused = await api(app, key.secret, 'GET', '/v1/tokens');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.type).toBe('urn:tokenops:problem:unauthorized');
  });
});

describe('management API', () => {
  it('creates a token: 201 with its secret once, which verifies; the key is the actor in the audit; the secret is nowhere else, even with an Idempotency-Key', async () => {
    // Every create here carries the same Idempotency-Key.
    const create = (key: string, label: string, more = {}) =>
      createToken(app, key, 'org:acme', label, more, { 'idempotency-key': 'create-ci-deployer' });
    const ciDeployer = { developer_emails: ['dev@acme.test'], expiry: '30d' };
    const created = await create(acme.secret, 'CI deployer', ciDeployer);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      label: 'CI deployer',
      owner: { type: 'organization', organization: 'acme', domain: null },
      status: 'enabled',
      created_by: acme.id,
      developer_emails: ['dev@acme.test'],
    });
    expect(created.headers.get('location')).toBe(`/v1/tokens/${created.body.id}`);
    expect(await codeOf(app.tokenops, created.body.secret)).toBe('VALID');
    const scan = await scanForSecret(app, created.body.secret);
    expect(scan).toEqual(NOWHERE);
    const audit = await app.sql(`SELECT actor, action FROM audit_events WHERE display_id = $1`, [created.body.id]);
    expect(audit).toEqual([{ actor: acme.id, action: 'token.create' }]);

    // The same request again: the same answer, without the secret; another body: 422.
    const replay = await create(acme.secret, 'CI deployer', ciDeployer);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(created.body.id);
    expect(replay.body.secret).toBeUndefined();
    expect(replay.headers.get('location')).toBe(`/v1/tokens/${created.body.id}`);
    // The same request serialized another way (spacing, key order) is the same request.
    const reordered = Object.fromEntries(Object.entries(newToken('org:acme', 'CI deployer', ciDeployer)).reverse());
    const respaced = await api(app, acme.secret, 'POST', '/v1/tokens', JSON.stringify(reordered, null, 2), {
      'idempotency-key': 'create-ci-deployer',
    });
    expect([respaced.status, respaced.body.id, respaced.headers.get('idempotent-replayed')]).toEqual([
      201,
      created.body.id,
      'true',
    ]);
    const other = await create(acme.secret, 'CI deployer 2');
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('urn:tokenops:problem:idempotency-key-reused');
    // Another key's Idempotency-Key space is its own.
    expect((await create(workspace.secret, 'CI deployer 3')).status).toBe(201);
  });

  it('lists with the filters of /token list and cursor paging, newest first, only what the key may see', async () => {
    for (let i = 1; i <= 5; i++)
      expect((await createToken(app, workspace.secret, 'domain:shop.acme.test', `Paged ${i}`)).status).toBe(201);
    expect(
      (await createToken(app, workspace.secret, 'org:globex', 'Globex paged', { primary_contact: USERS.globexAdmin }))
        .status,
    ).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await api(app, shop.secret, 'GET', `/v1/tokens?q=paged&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.tokens.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.tokens.map((t: { label: string }) => t.label));
      cursor = page.body.next_cursor;
    }
    expect(seen).toEqual(['Paged 5', 'Paged 4', 'Paged 3', 'Paged 2', 'Paged 1']);
    const globex = await api(app, workspace.secret, 'GET', '/v1/tokens?org=globex');
    expect(globex.body.tokens.map((t: { label: string }) => t.label)).toEqual(['Globex paged']);
    expect((await api(app, acme.secret, 'GET', '/v1/tokens?org=globex')).body.tokens).toEqual([]);
    expect((await api(app, workspace.secret, 'GET', '/v1/tokens?status=disabled&q=paged')).body.tokens).toEqual([]);
  });

  it('lists a disabled token that has since expired under status=disabled and status=expired', async () => {
    const { id } = (await createToken(app, acme.secret, 'org:acme', 'Lapsed while off')).body;
    expect((await api(app, acme.secret, 'POST', `/v1/tokens/${id}/disable`)).status).toBe(200);
    await app.sql(`UPDATE tokens SET expires_at = now() - interval '1 day' WHERE display_id = $1`, [id]);
    const listed = async (status: string) =>
      (await api(app, acme.secret, 'GET', `/v1/tokens?status=${status}&q=lapsed`)).body.tokens.map(
        (t: { id: string; status: string }) => [t.id, t.status],
      );
    expect(await listed('disabled')).toEqual([[id, 'expired']]);
    expect(await listed('expired')).toEqual([[id, 'expired']]);
    expect(await listed('enabled')).toEqual([]);
    expect((await api(app, acme.secret, 'DELETE', `/v1/tokens/${id}`)).status).toBe(204);
  });

  it('lists every token once across pages while tokens are created and deleted between them; a cursor is for its own filters', async () => {
    const create = async (label: string) =>
      (await createToken(app, workspace.secret, 'domain:shop.acme.test', label)).body.id as string;
    const ids: string[] = [];
    for (let i = 1; i <= 6; i++) ids.push(await create(`Walked ${i}`));
    const page = async (cursor?: string) => {
      const answer = await api(
        app,
        shop.secret,
        'GET',
        `/v1/tokens?q=walked&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(answer.status).toBe(200);
      return answer.body as { tokens: Array<{ label: string }>; next_cursor: string | null };
    };
    const first = await page();
    await create('Walked 7'); // newer than every listed token: shifts no page
    const second = await page(first.next_cursor!);
    expect((await api(app, shop.secret, 'DELETE', `/v1/tokens/${ids[5]}`)).status).toBe(204); // listed on the first page
    const third = await page(second.next_cursor!);
    expect([first, second, third].flatMap((p) => p.tokens.map((t) => t.label))).toEqual([
      'Walked 6',
      'Walked 5',
      'Walked 4',
      'Walked 3',
      'Walked 2',
      'Walked 1',
    ]);
    expect(third.next_cursor).toBeNull();
    const elsewhere = await api(
      app,
      shop.secret,
      'GET',
      `/v1/tokens?q=walked&status=enabled&cursor=${first.next_cursor}`,
    );
    expect([elsewhere.status, elsewhere.body.type]).toEqual([400, 'urn:tokenops:problem:invalid-request']);
    expect(elsewhere.body.detail).toContain('other filters');
  });

  it('answers a reset with when the old secret stops: its grace period, or the expiry when that comes first', async () => {
    const { body: token } = await createToken(app, shop.secret, 'domain:shop.acme.test', 'Expiring in the grace');
    const expiresAt = new Date(Date.now() + 30 * 60_000);
    await app.sql(`UPDATE tokens SET expires_at = $1 WHERE display_id = $2`, [expiresAt, token.id]);
    const reset = await api(app, shop.secret, 'POST', `/v1/tokens/${token.id}/reset`, { grace: '24h' });
    expect(reset.status).toBe(200);
    expect(reset.body.old_secrets_valid_until).toBe(expiresAt.toISOString());
    expect(reset.body.expires_at).toBe(expiresAt.toISOString());
  });

  it('says a token is disabled when it also expired (its status reads expired)', async () => {
    const { body: token } = await createToken(app, shop.secret, 'domain:shop.acme.test', 'Expired and disabled');
    const path = `/v1/tokens/${token.id}`;
    expect(token).toMatchObject({ status: 'enabled', disabled: false });
    expect((await api(app, shop.secret, 'POST', `${path}/disable`, { reason: 'paused' })).body).toMatchObject({
      status: 'disabled',
      disabled: true,
    });
    await app.sql(`UPDATE tokens SET expires_at = now() - interval '1 hour' WHERE display_id = $1`, [token.id]);
    expect((await api(app, shop.secret, 'GET', path)).body).toMatchObject({ status: 'expired', disabled: true });
  });

  it('edits, disables, enables, extends, resets, revokes and deletes through the same services as Slack', async () => {
    const { body: token } = await createToken(app, shop.secret, 'domain:shop.acme.test', 'Lifecycle');
    const path = `/v1/tokens/${token.id}`;
    expect((await api(app, shop.secret, 'GET', path)).body).toMatchObject({ id: token.id, label: 'Lifecycle' });
    expect(
      (
        await api(app, shop.secret, 'PATCH', path, {
          label: 'Lifecycle renamed',
          scopes: ['orders:read', 'orders:write'],
          api_version: '2025-01', // the create's names (SPEC §7), the API version included
        })
      ).body,
    ).toMatchObject({ label: 'Lifecycle renamed', scopes: ['orders:read', 'orders:write'], api_version: '2025-01' });
    const unknown = await api(app, shop.secret, 'PATCH', path, { label: 'not saved', api_version: '1999-01' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toMatchObject([{ field: 'api_version', code: 'version_unknown' }]);
    // Every problem at once, the version's among them; a blank version is no version.
    const both = await api(app, shop.secret, 'PATCH', path, { label: '', api_version: ' ' });
    expect(both.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['api_version', 'label']);
    expect((await api(app, shop.secret, 'POST', `${path}/disable`, { reason: 'maintenance' })).body).toMatchObject({
      status: 'disabled',
      status_reason: 'maintenance',
    });
    expect(await codeOf(app.tokenops, token.secret)).toBe('DISABLED');
    const again = await api(app, shop.secret, 'POST', `${path}/disable`);
    expect(again.status).toBe(409);
    expect(again.body.errors[0].code).toBe('already_disabled');
    expect((await api(app, shop.secret, 'POST', `${path}/enable`, { reason: 'back' })).body.status).toBe('enabled');
    const extended = await api(app, shop.secret, 'POST', `${path}/extend`, { expiry: '180d', reason: 'renewed' });
    expect(Date.parse(extended.body.expires_at) - Date.now()).toBeGreaterThan(179 * 86_400_000);
    const reset = await api(app, shop.secret, 'POST', `${path}/reset`, { grace: '1h', reason: 'rotation' });
    expect(reset.status).toBe(200);
    expect(reset.body.secret).toMatch(/^tko_/);
    expect(await codeOf(app.tokenops, reset.body.secret)).toBe('VALID');
    expect(await codeOf(app.tokenops, token.secret)).toBe('VALID'); // its grace hour
    expect((await api(app, shop.secret, 'POST', `${path}/revoke`, { reason: 'replaced' })).body.status).toBe('revoked');
    expect(await codeOf(app.tokenops, reset.body.secret)).toBe('REVOKED');
    expect((await api(app, shop.secret, 'PATCH', path, { label: 'too late' })).status).toBe(409);
    expect((await api(app, shop.secret, 'DELETE', path)).status).toBe(204);
    expect((await api(app, shop.secret, 'GET', path)).status).toBe(404);
    const actions = await app.sql(`SELECT DISTINCT actor FROM audit_events WHERE display_id = $1`, [token.id]);
    expect(actions).toEqual([{ actor: shop.id }]);
    // Each optional reason is in the history of its change.
    const reasons = await app.sql(
      `SELECT action, reason FROM audit_events WHERE display_id = $1 AND action IN ('token.enable', 'token.extend', 'token.reset') ORDER BY created_at`,
      [token.id],
    );
    expect(reasons).toEqual([
      { action: 'token.enable', reason: 'back' },
      { action: 'token.extend', reason: 'renewed' },
      { action: 'token.reset', reason: 'rotation' },
    ]);
  });

  it('answers 404 (not 403) for a token or owner outside the key’s scope, and audits the refusal', async () => {
    const { body: token } = await createToken(app, workspace.secret, 'org:globex', 'Globex secret', {
      primary_contact: USERS.globexAdmin,
    });
    for (const [method, suffix] of [
      ['GET', ''],
      ['PATCH', ''],
      ['DELETE', ''],
      ['POST', '/disable'],
      ['POST', '/reset'],
    ] as const) {
      const answer = await api(
        app,
        acme.secret,
        method,
        `/v1/tokens/${token.id}${suffix}`,
        method === 'GET' || method === 'DELETE' ? undefined : {},
      );
      expect(answer.status).toBe(404);
      expect(answer.body.type).toBe('urn:tokenops:problem:not-found');
    }
    expect((await api(app, acme.secret, 'GET', '/v1/tokens/tok_0000000000')).body).toEqual(
      (await api(app, acme.secret, 'GET', `/v1/tokens/${token.id}`)).body,
    );
    const foreign = await createToken(app, acme.secret, 'org:globex', 'Sneaky');
    expect(foreign.status).toBe(404);
    expect(foreign.body.errors).toEqual([expect.objectContaining({ field: 'owner', code: 'owner_not_found' })]);
    const refusals = await runSql(
      app.databaseUrl,
      `SELECT outcome FROM audit_events WHERE display_id = $1 AND actor = $2`,
      [token.id, acme.id],
    );
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.every((row) => row.outcome === 'refused')).toBe(true);
  });

  it('tells the caller the endpoint to use, never a /token command, in the caller’s language', async () => {
    const { body: token } = await createToken(app, acme.secret, 'org:acme', 'Lapsed');
    await app.sql(`UPDATE tokens SET expires_at = now() - interval '1 hour' WHERE display_id = $1`, [token.id]);
    const expired = await api(app, acme.secret, 'POST', `/v1/tokens/${token.id}/reset`, {});
    expect(expired.status).toBe(409);
    expect(expired.body.errors[0].code).toBe('token_expired'); // the contract's code, as before
    expect(expired.body.detail).toBe(
      `This token has expired, so a new secret would not work either. Extend it first (POST /v1/tokens/${token.id}/extend): the secret it has works again. Reset it after that if you also need a new secret.`,
    );
    const japanese = await api(
      app,
      acme.secret,
      'POST',
      `/v1/tokens/${token.id}/reset`,
      {},
      { 'accept-language': 'ja' },
    );
    expect(japanese.body.detail).toContain(`先に延長してください（POST /v1/tokens/${token.id}/extend）`);
    // The best language by q-value, not the first listed.
    for (const accepted of ['fr, ja;q=0.9', 'en;q=0.5, ja-JP']) {
      const preferred = await api(
        app,
        acme.secret,
        'POST',
        `/v1/tokens/${token.id}/reset`,
        {},
        { 'accept-language': accepted },
      );
      expect(preferred.body.detail).toBe(japanese.body.detail);
    }
    const missing = await api(app, acme.secret, 'GET', '/v1/tokens/tok_0000000000');
    expect(missing.body.detail).toBe(
      'There is no token with that id that this key may see. GET /v1/tokens lists them.',
    );
    for (const answer of [expired, japanese, missing]) expect(answer.text).not.toContain('/token ');

    // Disabled too: an extension alone would not make it work.
    expect((await api(app, acme.secret, 'POST', `/v1/tokens/${token.id}/disable`, {})).status).toBe(200);
    const both = await api(app, acme.secret, 'POST', `/v1/tokens/${token.id}/reset`, {});
    expect(both.body.detail).toContain(
      `Extend it and enable it first (POST /v1/tokens/${token.id}/extend, then POST /v1/tokens/${token.id}/enable): the secret it has then works again.`,
    );
  });

  it('names invalid values by field, in the caller’s language', async () => {
    const bad = await createToken(
      app,
      acme.secret,
      'org:acme',
      '',
      { scopes: ['nope:nope'], expiry_date: '2000-01-01' },
      { 'accept-language': 'ja-JP' },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['expiry_date', 'label', 'scopes']);
    expect(bad.body.errors[0].detail).toMatch(/[ぁ-んァ-ン]/);
  });
});

describe('management API policy fields (README: Governing use)', () => {
  const verifyFrom = async (secret: string, ip?: string) =>
    (await api(app, 'test-verify-key-1', 'POST', '/v1/tokens/verify', { token: secret, ...(ip ? { ip } : {}) })).body
      .code as string;

  it('creates and edits allowed_ips and rate_limit as the modals do: canonical, audited and honoured by verification', async () => {
    const created = await createToken(app, acme.secret, 'org:acme', 'Fenced', {
      allowed_ips: ['203.0.113.7', '10.0.0.0/8', '10.0.0.0/8'],
      rate_limit: ' 600 / min ',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ allowed_ips: ['203.0.113.7/32', '10.0.0.0/8'], rate_limit: '600/min' });
    expect(await verifyFrom(created.body.secret, '10.1.2.3')).toBe('VALID');
    expect(await verifyFrom(created.body.secret, '198.51.100.1')).toBe('FORBIDDEN');
    const path = `/v1/tokens/${created.body.id}`;
    const edited = await api(app, acme.secret, 'PATCH', path, { allowed_ips: ['198.51.100.0/24'], rate_limit: '2/s' });
    expect(edited.body).toMatchObject({ allowed_ips: ['198.51.100.0/24'], rate_limit: '2/s', label: 'Fenced' });
    expect(await verifyFrom(created.body.secret, '198.51.100.1')).toBe('VALID');
    // Absent fields stay; [] and null lift the restriction.
    expect((await api(app, acme.secret, 'PATCH', path, { label: 'Fenced renamed' })).body).toMatchObject({
      allowed_ips: ['198.51.100.0/24'],
      rate_limit: '2/s',
    });
    expect((await api(app, acme.secret, 'PATCH', path, { allowed_ips: [], rate_limit: null })).body).toMatchObject({
      allowed_ips: [],
      rate_limit: null,
    });
    expect(await verifyFrom(created.body.secret)).toBe('VALID');
    const audit = await runSql(
      app.databaseUrl,
      `SELECT actor, changes FROM audit_events WHERE display_id = $1 AND action = 'token.edit' ORDER BY created_at`,
      [created.body.id],
    );
    expect(JSON.stringify(audit[0]!.changes)).toContain('198.51.100.0/24');
    expect(audit.every((row) => row.actor === acme.id)).toBe(true);
  });

  it('names each bad address and a bad rate limit by field, with the modal’s messages, and changes nothing', async () => {
    const bad = await createToken(app, acme.secret, 'org:acme', 'Badly fenced', {
      allowed_ips: ['10.0.0.1/8', 'not-an-ip', '224.0.0.1'],
      rate_limit: '0/min',
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ['allowed_ips', 'ip_host_bits'],
      ['allowed_ips', 'ip_invalid'],
      ['allowed_ips', 'ip_matches_nobody'],
      ['rate_limit', 'rate_limit_out_of_range'],
    ]);
    expect(bad.body.errors[0].detail).toContain('10.0.0.0/8');
    const tooMany = await createToken(app, acme.secret, 'org:acme', 'Too fenced', {
      allowed_ips: Array.from({ length: 51 }, (_, i) => `192.0.2.${i}`),
    });
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ field: 'allowed_ips', code: 'too_many_ips' })]);
    const { body: token } = await createToken(app, acme.secret, 'org:acme', 'Fence later', { rate_limit: '5/h' });
    const refused = await api(
      app,
      acme.secret,
      'PATCH',
      `/v1/tokens/${token.id}`,
      { rate_limit: '5 per hour', allowed_ips: ['::1/129'] },
      { 'accept-language': 'ja' },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['allowed_ips', 'rate_limit']);
    expect(refused.body.errors[1].detail).toMatch(/[ぁ-んァ-ン]/);
    expect((await api(app, acme.secret, 'GET', `/v1/tokens/${token.id}`)).body).toMatchObject({
      rate_limit: '5/h',
      allowed_ips: [],
    });
    const wrongType = await api(app, acme.secret, 'PATCH', `/v1/tokens/${token.id}`, {
      allowed_ips: '10.0.0.0/8',
      rate_limit: 600,
    });
    expect([wrongType.status, wrongType.body.errors.map((e: { field: string }) => e.field)]).toEqual([
      400,
      ['allowed_ips', 'rate_limit'],
    ]);
  });
});

describe('management API with an approvals channel', () => {
  it('asks for a revocation as /token revoke does: 202 with the request id, posted to the channel naming the key; a second ask gets the same request', async () => {
    const CHANNEL = 'C0APPROVAL';
    app.fake.addChannel(CHANNEL, { botIsMember: true });
    const { tokenops } = await app.startInstance({ role: 'web', env: { APPROVALS_CHANNEL_ID: CHANNEL } });
    const { body: token } = await createToken({ tokenops }, acme.secret, 'org:acme', 'Needs approval');
    const posted = app.fake.callsTo('chat.postMessage').length;
    const asked = await api({ tokenops }, acme.secret, 'POST', `/v1/tokens/${token.id}/revoke`, {
      reason: 'leaked in CI',
    });
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ status: 'pending', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const message = app.fake
      .callsTo('chat.postMessage')
      .slice(posted)
      .find((call) => call.args.channel === CHANNEL)!;
    expect(JSON.stringify(message.args.blocks)).toContain(acme.id);
    expect(JSON.stringify(message.args.blocks)).toContain('revocation_approve');
    expect(await codeOf(app.tokenops, token.secret)).toBe('VALID'); // not before an admin approves
    const again = await api({ tokenops }, acme.secret, 'POST', `/v1/tokens/${token.id}/revoke`);
    expect(again.body.requestId).toBe(asked.body.requestId);
  });
});

describe('management key reminders', () => {
  it('tells the key’s creator by DM before the key expires', async () => {
    const key = await createKey(app, USERS.acmeAdmin, 'org:acme', 'expiring');
    await runSql(
      app.databaseUrl,
      `UPDATE management_keys SET expires_at = now() + interval '6 days', next_reminder_at = now() WHERE display_id = $1`,
      [key.id],
    );
    const reminded = await app.tokenops.apiKeys.dueReminders();
    expect(reminded.map((r) => [r.key.displayId, r.threshold])).toEqual([[key.id, 7]]);
    expect(await app.tokenops.apiKeys.dueReminders()).toEqual([]); // claimed once
  });
});
