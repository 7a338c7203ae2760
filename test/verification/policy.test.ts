// Verify-time policy end to end (README: Governing use): every code and its order, the token and rateLimit on
// the answers that carry them, refusals that spend nothing, limits held across three instances,
// Redis lost under both RATE_LIMIT_ON_FAILURE settings, policy changes honoured within 1 s under
// faults, and usage that survives a restart.
import { describe, expect, it } from 'vitest';
import { generateSecret } from '../../src/domain/secret.js';
import { REDIS_URL, sql } from '../support/databases.js';
import { USERS, tokenInput } from '../support/tenants.js';
import { startTcpProxy } from '../support/tcpProxy.js';
import { instanceBehind, timeUntil, verify, useVerificationApp } from '../support/verification.js';

const { app, proxies, seeded } = useVerificationApp();

const create = (label: string, more: Record<string, unknown> = {}) =>
  app.tokenops.tokens.create(seeded.admin, tokenInput('org:acme', label, { scopes: ['orders:read'], ...more }));
const ask = (secret: string, more: Record<string, unknown> = {}, instance = app.tokenops) =>
  verify(instance, { token: secret, ...more });
const settle = () => new Promise((resolve) => setTimeout(resolve, 400)); // the feed has seen the token made

describe('answer codes, in order', () => {
  it('answers FORBIDDEN, then INSUFFICIENT_SCOPE, then RATE_LIMITED, each with the token and rateLimit, and only admitted requests count', async () => {
    const { secret, token } = await create('policed', { allowedIps: '10.0.0.0/8, 2001:db8::/32', rateLimit: '3/min' });
    await settle();
    const forbidden = await ask(secret, { ip: '192.0.2.1', scopes: ['orders:write'] });
    expect(forbidden.status).toBe(200);
    expect(forbidden.body).toMatchObject({
      valid: false,
      code: 'FORBIDDEN',
      token: { id: token.displayId, scopes: ['orders:read'] },
      rateLimit: { limit: 3, remaining: 3 },
    });
    expect(Date.parse(forbidden.body.rateLimit.resetAt)).toBeGreaterThan(Date.now() - 5_000);
    expect((await ask(secret)).body.code).toBe('FORBIDDEN'); // no address: outside any allow-list
    expect((await ask(secret, { ip: 'not an address' })).body.code).toBe('FORBIDDEN');
    const scope = await ask(secret, { ip: '10.1.2.3', scopes: ['orders:read', 'orders:write'] });
    expect(scope.body).toMatchObject({
      valid: false,
      code: 'INSUFFICIENT_SCOPE',
      missingScopes: ['orders:write'],
      token: { id: token.displayId },
      rateLimit: { limit: 3, remaining: 3 },
    });
    // Ten refusals for earlier reasons spent nothing: three are admitted, then the limit.
    const admitted = [];
    for (const ip of ['10.0.0.1', '::ffff:10.9.9.9', '2001:db8::7'])
      admitted.push((await ask(secret, { ip, scopes: ['orders:read'] })).body);
    expect(admitted.map((a) => [a.valid, a.code, a.rateLimit.remaining])).toEqual([
      [true, 'VALID', 2],
      [true, 'VALID', 1],
      [true, 'VALID', 0],
    ]);
    expect(admitted[0].token).toMatchObject({ id: token.displayId });
    const limited = await ask(secret, { ip: '10.0.0.1' });
    expect(limited.body).toMatchObject({
      valid: false,
      code: 'RATE_LIMITED',
      token: { id: token.displayId },
      rateLimit: { limit: 3, remaining: 0 },
    });
    const resetAt = Date.parse(limited.body.rateLimit.resetAt);
    expect(resetAt).toBeGreaterThan(Date.now() + 50_000); // the first admission leaves the window in about a minute
    expect(resetAt).toBeLessThan(Date.now() + 67_000);
    // Refusals for earlier reasons still come first once the limit is reached.
    expect((await ask(secret, { ip: '192.0.2.1' })).body.code).toBe('FORBIDDEN');
    expect((await ask(secret, { ip: '10.0.0.1', scopes: ['admin'] })).body.code).toBe('INSUFFICIENT_SCOPE');
    const metrics = await (await fetch(`${app.tokenops.url}/metrics`)).text();
    for (const code of ['FORBIDDEN', 'INSUFFICIENT_SCOPE', 'RATE_LIMITED'])
      expect(metrics).toMatch(new RegExp(`tokenops_verifications_total\\{code="${code}"\\} [1-9]`));
    expect(metrics).not.toContain(token.displayId);
  });

  it('answers the status codes before any policy, without the token but with its rate limit, spending nothing', async () => {
    const { secret, token } = await create('disabled policed', { allowedIps: '10.0.0.0/8', rateLimit: '1/h' });
    await app.tokenops.tokens.disable(seeded.admin, token.displayId);
    await settle();
    const disabled = (await ask(secret, { ip: '192.0.2.1', scopes: ['x'] })).body;
    expect(disabled).toEqual({
      valid: false,
      code: 'DISABLED',
      rateLimit: { limit: 1, remaining: 1, resetAt: expect.any(String) },
    });
    expect(Date.parse(disabled.rateLimit.resetAt)).toBeGreaterThan(Date.now() - 5_000);
    expect((await ask(secret, { ip: '10.0.0.1' })).body.code).toBe('DISABLED');
    await app.tokenops.tokens.enable(seeded.admin, token.displayId);
    await settle();
    // The refusals spent nothing: the one request of the hour is still there.
    expect((await ask(secret, { ip: '10.0.0.1' })).body).toMatchObject({ code: 'VALID', rateLimit: { remaining: 0 } });
    await app.tokenops.tokens.revoke(seeded.admin, token.displayId);
    await settle();
    expect((await ask(secret, { ip: '10.0.0.1' })).body).toMatchObject({
      valid: false,
      code: 'REVOKED',
      rateLimit: { limit: 1, remaining: 0 },
    });
    // An unknown secret tells nothing.
    expect((await ask(generateSecret('tko'))).body).toEqual({ valid: false, code: 'NOT_FOUND' });
  });

  it('tells a refusal for an earlier reason the reset an admission in the same sub-bucket tells, and what is left', async () => {
    // An hour's window: 6-minute sub-buckets, which these few answers do not cross.
    const { secret } = await create('policed hourly', { allowedIps: '10.0.0.0/8', rateLimit: '5/h' });
    await settle();
    const rate = async (ip: string) => {
      const { code, rateLimit } = (await ask(secret, { ip })).body;
      return [code, rateLimit.remaining, rateLimit.resetAt];
    };
    const [code, remaining, first] = await rate('192.0.2.1'); // nothing counted yet
    expect([code, remaining]).toEqual(['FORBIDDEN', 5]);
    expect(Date.parse(first) - Date.now()).toBeGreaterThan(3_590_000); // an hour, and up to a sub-bucket more
    expect(Date.parse(first) - Date.now()).toBeLessThan(3_960_000 + 5_000);
    expect(await rate('10.0.0.1')).toEqual(['VALID', 4, first]);
    expect(await rate('192.0.2.1')).toEqual(['FORBIDDEN', 4, first]);
    expect(await rate('192.0.2.2')).toEqual(['FORBIDDEN', 4, first]); // spent nothing
  });

  it('keeps answers of tokens without policy as they were, whatever ip and scopes say', async () => {
    const { secret } = await create('plain');
    await settle();
    const answer = await ask(secret, { ip: 'anything', scopes: [] });
    expect(answer.body.code).toBe('VALID');
    expect(answer.body).not.toHaveProperty('rateLimit');
    expect((await ask(secret, { scopes: ['orders:read'] })).body.code).toBe('VALID');
  });

  it('refuses a call whose ip or scopes have the wrong type with 400', async () => {
    const { secret } = await create('typed');
    expect((await ask(secret, { ip: 17 })).status).toBe(400);
    expect((await ask(secret, { scopes: 'orders:read' })).status).toBe(400);
    expect((await ask(secret, { scopes: [1] })).body.error).toBe('scopes_invalid');
  });
});

describe('rate limits across instances', () => {
  it('admits no more than the limit across three instances under concurrent load', async () => {
    const { secret } = await create('shared limit', { rateLimit: '60/min' });
    const others = await Promise.all([app.startInstance({ role: 'web' }), app.startInstance({ role: 'web' })]);
    const instances = [app.tokenops, ...others.map((o) => o.tokenops)];
    await settle();
    // Each instance has the token cached (a refusal reads what is left, spending nothing), so the
    // burst measures the limit, not 240 first lookups at once.
    for (const instance of instances)
      expect((await ask(secret, { ip: 'x', scopes: ['admin'] }, instance)).body.code).toBe('INSUFFICIENT_SCOPE');
    const answers = await Promise.all(Array.from({ length: 240 }, (_, i) => ask(secret, {}, instances[i % 3])));
    const admitted = answers.filter((a) => a.body.code === 'VALID').length;
    expect(answers.filter((a) => a.status !== 200 || a.body.rateLimit?.limit !== 60).map((a) => a.body)).toEqual([]);
    expect(admitted).toBe(60);
    expect(answers.filter((a) => a.body.code === 'RATE_LIMITED')).toHaveLength(180);
  });
});

describe('Redis lost', () => {
  for (const setting of ['open', 'closed'] as const) {
    it(`follows RATE_LIMIT_ON_FAILURE=${setting}, while a revocation is still honoured within 1 s`, async () => {
      const redis = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(REDIS_URL).port || 6379) });
      proxies.push(redis);
      const { tokenops } = await app.startInstance({
        role: 'web',
        env: { REDIS_URL: `redis://127.0.0.1:${redis.port}`, RATE_LIMIT_ON_FAILURE: setting },
      });
      const { secret, token } = await create(`limited while Redis is ${setting}`, { rateLimit: '1000/min' });
      await settle();
      expect((await ask(secret, {}, tokenops)).body.code).toBe('VALID');
      redis.cut();
      const started = Date.now();
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push((await ask(secret, {}, tokenops)).body);
      expect(Date.now() - started).toBeLessThan(2_000); // a lost Redis costs no waiting
      expect(new Set(answers.map((a) => a.code))).toEqual(new Set([setting === 'open' ? 'VALID' : 'RATE_LIMITED']));
      expect(answers.every((a) => a.rateLimit.limit === 1000)).toBe(true);
      await app.tokenops.tokens.revoke(seeded.admin, token.displayId);
      expect(await timeUntil(tokenops, secret, 'REVOKED', Date.now(), 1_500)).toBeLessThan(1_000);
      redis.restore();
      // Refused because Redis could not count, not for the token's traffic: no one is told it
      // was called too often, also once Redis is back (a notice queued meanwhile would go then).
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const told = await sql(
        app.databaseUrl,
        `SELECT e.body FROM events e JOIN tokens t ON t.id = e.token_id WHERE t.display_id = $1 AND e.type = 'token.refused'`,
        [token.displayId],
      );
      expect(told).toEqual([]);
    });
  }
});

describe('policy changes', () => {
  it('are honoured by another instance within 1 s, also when its Redis (the fast path) is cut', async () => {
    const cut = await instanceBehind(app, { redis: true }, proxies);
    const { secret, token } = await create('moved', { allowedIps: '10.0.0.0/8' });
    await settle();
    expect((await ask(secret, { ip: '10.0.0.1' }, cut.tokenops)).body.code).toBe('VALID');
    cut.redis.cut();
    let changedAt = Date.now();
    await app.tokenops.tokens.edit(seeded.admin, token.displayId, { allowedIps: '192.168.0.0/16' });
    const until = async (ip: string, code: string) => {
      for (;;) {
        if ((await ask(secret, { ip }, cut.tokenops)).body.code === code) return Date.now() - changedAt;
        if (Date.now() - changedAt > 3_000) throw new Error(`still not ${code}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    expect(await until('10.0.0.1', 'FORBIDDEN')).toBeLessThan(1_000);
    changedAt = Date.now();
    await app.tokenops.tokens.edit(seeded.admin, token.displayId, { allowedIps: '', rateLimit: '1/day' });
    expect(await until('10.0.0.1', 'VALID')).toBeLessThan(1_000);
    cut.redis.restore();
    const audit = await app.tokenops.tokens.audit(seeded.admin, token.displayId);
    const edits = audit
      .filter((entry) => entry.action === 'token.edit' && entry.outcome === 'ok')
      .map((entry) => entry.changes);
    expect(edits).toContainEqual({ allowedIps: { before: ['10.0.0.0/8'], after: ['192.168.0.0/16'] } });
    expect(edits).toContainEqual({
      allowedIps: { before: ['192.168.0.0/16'], after: [] },
      rateLimit: { before: null, after: '1/day' },
    });
  });

  it('are copied by duplicate', async () => {
    const { token } = await create('copied policy', { allowedIps: '10.0.0.0/8 2001:db8::1', rateLimit: '600/min' });
    const copy = await app.tokenops.tokens.duplicate(seeded.admin, token.displayId);
    expect(copy.token).toMatchObject({ allowedIps: ['10.0.0.0/8', '2001:db8::1/128'], rateLimit: '600/min' });
  });
});

describe('refusal notices', () => {
  it('tell the primary contact and webhooks once an hour at most, across instances, without the secret', async () => {
    const { secret, token } = await create('watched', { allowedIps: '10.0.0.0/8', primaryContact: USERS.shopAdmin });
    const other = (await app.startInstance({ role: 'web' })).tokenops;
    await settle();
    for (let i = 0; i < 5; i++)
      for (const instance of [app.tokenops, other])
        expect((await ask(secret, { ip: '192.0.2.1' }, instance)).body.code).toBe('FORBIDDEN');
    const told = () =>
      app.fake
        .conversation(app.fake.dmOf(USERS.shopAdmin), USERS.shopAdmin)
        .filter((m) => String(m.text).includes(token.displayId) && String(m.text).includes('FORBIDDEN'));
    await app.fake.waitFor(() => told().length > 0 || undefined, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // nothing more comes
    expect(told()).toHaveLength(1);
    expect(JSON.stringify(told())).not.toContain(secret);
    // The contact administers a domain of acme, not acme itself: sent to those who may edit the token.
    expect(String(told()[0]!.text)).toMatch(
      /ask an admin of Organization acme to add it|組織 acme の管理者に追加を依頼/,
    );
    expect(String(told()[0]!.text)).not.toContain('/token edit');
    // …and webhooks, once too (token.refused, README: Events: signed webhooks).
    const events = await sql(
      app.databaseUrl,
      `SELECT e.body FROM events e JOIN tokens t ON t.id = e.token_id WHERE t.display_id = $1 AND e.type = 'token.refused'`,
      [token.displayId],
    );
    expect(events.map((row) => JSON.parse(row.body).data)).toEqual([
      { token: expect.objectContaining({ id: token.displayId }), code: 'FORBIDDEN' },
    ]);
    expect(events[0].body).not.toContain(secret);
  });
});

describe('usage', () => {
  it('is recorded in batches and still there after a restart', async () => {
    const { tokenops } = await app.startInstance({ role: 'web' });
    const { secret, token } = await create('used', { allowedIps: '10.0.0.0/8' });
    await settle();
    for (const ip of ['10.0.0.1', '10.0.0.2', '::ffff:10.0.0.1', '192.0.2.9']) await ask(secret, { ip }, tokenops);
    await tokenops.stop(); // flushes what it holds
    const counts = await sql(
      app.databaseUrl,
      `SELECT code, sum(count)::int AS n FROM token_usage u JOIN tokens t ON t.id = u.token_id WHERE t.display_id = $1 GROUP BY code ORDER BY code`,
      [token.displayId],
    );
    expect(counts).toEqual([
      { code: 'FORBIDDEN', n: 1 },
      { code: 'VALID', n: 3 },
    ]);
    const ips = await sql(
      app.databaseUrl,
      `SELECT ip FROM token_client_ips c JOIN tokens t ON t.id = c.token_id WHERE t.display_id = $1 ORDER BY ip`,
      [token.displayId],
    );
    expect(ips.map((row) => row.ip)).toEqual(['10.0.0.1', '10.0.0.2', '192.0.2.9']);
    const shown = await app.tokenops.tokens.show(seeded.admin, token.displayId);
    expect(shown.lastUsedAt).not.toBeNull();
  });
});
