import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/testApp.js';
import { USERS, seedTenants } from '../support/tenants.js';
import { api, createKey, newToken } from '../support/management.js';
import { sql as runSql } from '../support/databases.js';
import { PURGE_BATCH } from '../../src/domain/auditTrail.js';

const app = useTestApp({ env: { AUDIT_RETENTION_DAYS: '30' } });
let workspace: string;
let acme: string;

beforeAll(async () => {
  await seedTenants(app.tokenops);
  workspace = (await createKey(app, USERS.workspaceAdmin, 'workspace', 'siem')).secret;
  acme = (await createKey(app, USERS.acmeAdmin, 'org:acme')).secret;
  for (const [owner, label] of [
    ['org:acme', 'Audited 1'],
    ['org:globex', 'Audited 2'],
    ['domain:shop.acme.test', 'Audited 3'],
  ]) {
    const created = await api(app, workspace, 'POST', '/v1/tokens', newToken(owner!, label!));
    await api(app, workspace, 'POST', `/v1/tokens/${created.body.id}/disable`);
  }
});

const lines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

/** Every page, following Link rel="next". */
async function all(path: string) {
  const entries = [];
  let next: string | undefined = path;
  let pages = 0;
  while (next) {
    const page = await api(app, workspace, 'GET', next);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('application/x-ndjson');
    entries.push(...lines(page.text));
    next = /<([^>]+)>; rel="next"/.exec(page.headers.get('link') ?? '')?.[1];
    pages++;
  }
  return { entries, pages };
}

describe('GET /v1/audit', () => {
  it('exports the whole trail as NDJSON, oldest first, page by page through Link', async () => {
    const { entries, pages } = await all('/v1/audit?limit=3');
    expect(pages).toBeGreaterThan(2);
    const times = entries.map((e) => e.at);
    expect(times).toEqual([...times].sort());
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    const [{ count }] = await app.sql('SELECT count(*)::int AS count FROM audit_events');
    expect(entries.length).toBe(count);
    expect(entries.filter((e) => e.action === 'apikey.create').map((e) => e.actor)).toEqual([
      USERS.workspaceAdmin,
      USERS.acmeAdmin,
    ]);
  });

  it('filters by action, owner and time range', async () => {
    const disables = (await all('/v1/audit?action=token.disable')).entries;
    expect(disables).toHaveLength(3);
    const acmeOnly = (await all('/v1/audit?owner=org:acme&action=token.create')).entries;
    expect(acmeOnly.map((e) => e.changes.label.after).sort()).toEqual(['Audited 1', 'Audited 3']);
    expect((await all('/v1/audit?owner=domain:shop.acme.test&action=token.create')).entries).toHaveLength(1);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await all(`/v1/audit?since=${encodeURIComponent(future)}`)).entries).toEqual([]);
    expect((await all(`/v1/audit?until=${encodeURIComponent(future)}&action=token.disable`)).entries).toHaveLength(3);
  });

  it('is for workspace keys only, and refuses a bad query or cursor', async () => {
    expect((await api(app, acme, 'GET', '/v1/audit')).status).toBe(403);
    expect((await api(app, null, 'GET', '/v1/audit')).status).toBe(401);
    expect((await api(app, workspace, 'GET', '/v1/audit?after=bm9wZQ')).status).toBe(400);
    // Cursors this API never gives, times the database cannot compare among them: 400, not 500.
    const cursor = (text: string) => Buffer.from(text).toString('base64url');
    const id = '00000000-0000-0000-0000-000000000000';
    for (const tampered of [
      `0000-01-01T00:00:00.000Z|${id}`,
      `-000001-01-01T00:00:00.000Z|${id}`,
      `+275760-09-13T00:00:00.000Z|${id}`,
      `2026-12-05T00:00:00.000Z|${id}|x`,
      `2026-12-05|${id}`,
    ]) {
      const answer = await api(app, workspace, 'GET', `/v1/audit?after=${cursor(tampered)}`);
      expect([tampered, answer.status, answer.body?.detail]).toEqual([
        tampered,
        400,
        'The cursor is not one this API gave.',
      ]);
    }
    expect(
      (await api(app, workspace, 'GET', `/v1/audit?after=${cursor(`2026-12-05T00:00:00.000Z|${id}`)}`)).status,
    ).toBe(200);
    for (const time of ['0000-01-01T00:00:00Z', '0001-01-01T00:30:00+01:00'])
      expect((await api(app, workspace, 'GET', `/v1/audit?since=${encodeURIComponent(time)}`)).status).toBe(400);
    expect((await api(app, workspace, 'GET', '/v1/audit?limit=0')).status).toBe(400);
    expect((await api(app, workspace, 'GET', '/v1/audit?since=yesterday')).status).toBe(400);
    expect((await api(app, workspace, 'GET', '/v1/audit?owner=acme')).status).toBe(400);
    expect((await api(app, workspace, 'GET', '/v1/audit?colour=blue')).status).toBe(400);
  });

  it('purges entries past AUDIT_RETENTION_DAYS, and audits the purge', async () => {
    await runSql(
      app.databaseUrl,
      `UPDATE audit_events SET created_at = now() - interval '31 days' WHERE action = 'token.disable'`,
    );
    expect(await app.tokenops.auditTrail.purge()).toEqual({ removed: 3, done: true });
    expect((await all('/v1/audit?action=token.disable')).entries).toEqual([]);
    // The worker's daily job ran once at its start (nothing to remove then); this is the second.
    const purges = (await all('/v1/audit?action=audit.purge')).entries;
    expect(purges.at(-1)).toEqual(
      expect.objectContaining({
        actor: 'tokenops',
        outcome: 'ok',
        snapshot: expect.objectContaining({ removed: 3, retentionDays: 30 }),
      }),
    );
  });

  it('works off a backlog larger than a batch, each batch kept and audited whatever befalls the next', async () => {
    const backlog = PURGE_BATCH * 2 + 1;
    // The newest of the backlog is the one a later batch fails on.
    await runSql(
      app.databaseUrl,
      `INSERT INTO audit_events (id, actor, action, outcome, created_at)
       SELECT gen_random_uuid(), CASE n WHEN 1 THEN 'U0LAST' ELSE 'U0OLD' END, 'token.view', 'ok', now() - interval '40 days' - n * interval '1 second'
       FROM generate_series(1, ${backlog}) n`,
    );
    const old = async () =>
      (await app.sql(`SELECT count(*)::int AS n FROM audit_events WHERE created_at < now() - interval '30 days'`))[0].n;
    const trail = app.tokenops.auditTrail;

    // Out of time after one batch: the rest is the next run's.
    expect(await trail.purge(0)).toEqual({ removed: PURGE_BATCH, done: false });
    expect(await old()).toBe(backlog - PURGE_BATCH);

    // A batch that fails (its transaction timed out, say) takes none of those before it with it.
    await runSql(
      app.databaseUrl,
      `CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'gave up'; END $$;
       CREATE TRIGGER refuse BEFORE DELETE ON audit_events FOR EACH ROW WHEN (OLD.actor = 'U0LAST') EXECUTE FUNCTION refuse_delete();`,
    );
    await expect(trail.purge()).rejects.toThrow();
    expect(await old()).toBe(1);
    await runSql(app.databaseUrl, 'DROP TRIGGER refuse ON audit_events');
    expect(await trail.purge()).toEqual({ removed: 1, done: true });
    expect(await old()).toBe(0);

    const purges = (await all('/v1/audit?action=audit.purge')).entries.slice(-3);
    expect(purges.map((entry) => entry.snapshot.removed)).toEqual([PURGE_BATCH, PURGE_BATCH, 1]);
  });
});
