// Starting the verification path (issue 12 item 5): an instance starts while Redis is down,
// verifies from PostgreSQL with the feed-gated cache, and says it is degraded.
import { describe, expect, it } from 'vitest';
import { tokenInput } from '../support/tenants.js';
import { startTcpProxy } from '../support/tcpProxy.js';
import { codeOf, timeUntil, useVerificationApp } from '../support/verification.js';

const { app, proxies, seeded } = useVerificationApp();

const readyz = async (url: string) => {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: (await response.json()) as any };
};

describe('start without Redis', () => {
  for (const role of ['web', 'all'] as const) {
    it(`${role === 'all' ? 'an all-in-one' : 'a web'} instance starts while Redis is down, verifies from PostgreSQL, reports degraded, and recovers`, async () => {
      const redis = await startTcpProxy({ host: '127.0.0.1', port: 6379 });
      proxies.push(redis);
      redis.cut();
      const { tokenops } = await app.startInstance({ role, env: { REDIS_URL: `redis://127.0.0.1:${redis.port}` } });

      const { token, secret } = await app.tokenops.tokens.create(
        seeded.admin,
        tokenInput('org:acme', `verified without redis (${role})`),
      );
      expect(await timeUntil(tokenops, secret, 'VALID', Date.now())).toBeLessThan(1_000);
      expect(await codeOf(tokenops, secret)).toBe('VALID');
      const changedAt = Date.now();
      await app.tokenops.tokens.disable(seeded.admin, token.displayId);
      expect(await timeUntil(tokenops, secret, 'DISABLED', changedAt)).toBeLessThan(1_000);

      const degraded = await readyz(tokenops.url);
      expect(degraded.status).toBe(200);
      expect(degraded.body).toMatchObject({
        status: 'degraded',
        degraded: ['redis'],
        checks: { database: { ok: true }, redis: { ok: false } },
      });
      expect(degraded.body.verification).toMatchObject({ ok: true, cacheServing: true });

      redis.restore();
      let status = '';
      for (let i = 0; i < 50 && status !== 'ready'; i++) {
        status = (await readyz(tokenops.url)).body.status;
        if (status !== 'ready') await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe('ready');
    });
  }
});

describe('TOKEN_HASH_SECRET', () => {
  it('warns loudly at start when the development default is used', async () => {
    const { logs } = await app.startInstance({ role: 'web', env: { TOKEN_HASH_SECRET: '' } });
    const warning = logs.map((line) => JSON.parse(line)).find((line) => /TOKEN_HASH_SECRET IS NOT SET/.test(line.msg));
    expect(warning).toMatchObject({ level: 40 });
    expect(app.logs.join('\n')).not.toContain('TOKEN_HASH_SECRET IS NOT SET'); // not with a key of its own
  });
});

describe('VERIFY_API_KEYS', () => {
  it('warns at start of a web instance when no key is set, since every verification would be refused', async () => {
    const { logs } = await app.startInstance({ role: 'web', env: { VERIFY_API_KEYS: '' } });
    const warning = logs.map((line) => JSON.parse(line)).find((line) => /VERIFY_API_KEYS is empty/.test(line.msg));
    expect(warning).toMatchObject({ level: 40 });
    expect(app.logs.join('\n')).not.toContain('VERIFY_API_KEYS is empty'); // not with keys set
  });
});
