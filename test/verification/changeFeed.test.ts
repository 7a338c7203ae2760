// The verification guarantee under faults (README: HTTP endpoints; issue 12 items 1 and 2): whatever
// happens to Redis or to one instance's database link, a change made anywhere is honoured
// by every instance within the stated bound (750 ms; asserted as "within 1 s"), policy edits
// (allowed_ips, rate_limit: README: Governing use) like a disable.
import { describe, expect, it } from 'vitest';
import { tokenInput } from '../support/tenants.js';
import type { TcpProxy } from '../support/tcpProxy.js';
import {
  codeOf,
  instanceBehind,
  timeUntil,
  timeUntilAnswer,
  verify,
  useVerificationApp,
} from '../support/verification.js';

const { app, proxies, seeded } = useVerificationApp();

const create = (label: string) => app.tokenops.tokens.create(seeded.admin, tokenInput('org:acme', label));

describe('a slow lookup racing a change (cache fill)', () => {
  it('never serves VALID beyond the bound after another instance disabled the token', async () => {
    const slow = await instanceBehind(app, { db: true }, proxies);
    const { token, secret } = await create('fill race');
    expect(await codeOf(slow.tokenops, (await create('warms the connection')).secret)).toBe('VALID');
    slow.db.latency(400); // each way: a lookup reaches PostgreSQL after 400 ms, its answer comes back 400 ms later
    const inFlight = verify(slow.tokenops, { token: secret });
    await new Promise((resolve) => setTimeout(resolve, 550)); // the lookup has read the enabled token
    await app.tokenops.tokens.disable(seeded.admin, token.displayId); // committed before its answer arrives
    const changedAt = Date.now();
    await inFlight; // may say VALID: it read before the change
    const answers: Array<{ startedAt: number; code: string }> = [];
    while (Date.now() - changedAt < 3_000) {
      const startedAt = Date.now();
      answers.push({ startedAt, code: (await verify(slow.tokenops, { token: secret })).body.code });
    }
    expect(answers.filter((a) => a.startedAt > changedAt + 1_000).length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.startedAt > changedAt + 1_000 && a.code !== 'DISABLED')).toEqual([]);
  });

  it('an allow-list edited elsewhere is honoured within 1 s by an instance whose database link is slow', async () => {
    const slow = await instanceBehind(app, { db: true }, proxies);
    const { token, secret } = await create('policy on a slow link');
    const request = { token: secret, ip: '2001:db8::1' };
    expect((await verify(slow.tokenops, request)).body.code).toBe('VALID');
    slow.db.latency(100); // each way: every poll of the change feed takes 200 ms more
    const changedAt = Date.now();
    await app.tokenops.tokens.edit(seeded.admin, token.displayId, { allowedIps: '2001:db8:1::/48' });
    expect(
      await timeUntilAnswer(slow.tokenops, request, (answer) => answer.code === 'FORBIDDEN', changedAt),
    ).toBeLessThan(1_000);
  });
});

describe('lost Redis notices', () => {
  const faults: Array<[string, (redis: TcpProxy) => void]> = [
    ['stalls (packets dropped, connections kept)', (redis) => redis.blackhole()],
    ['is cut', (redis) => redis.cut()],
    [
      'keeps its link but its subscriber connection died silently',
      (redis) => expect(redis.silence(/subscribe/i)).toBe(1),
    ],
  ];
  for (const [name, fault] of faults) {
    it(`a revoke elsewhere is honoured within 1 s when the instance's Redis ${name}`, async () => {
      const cutOff = await instanceBehind(app, { redis: true }, proxies);
      const { token, secret } = await create(`revoked while redis ${name.split(' ')[0]}`);
      expect(await codeOf(cutOff.tokenops, secret)).toBe('VALID');
      expect(await codeOf(cutOff.tokenops, secret)).toBe('VALID'); // cached
      fault(cutOff.redis);
      const changedAt = Date.now();
      await app.tokenops.tokens.revoke(seeded.admin, token.displayId);
      expect(await timeUntil(cutOff.tokenops, secret, 'REVOKED', changedAt)).toBeLessThan(1_000);
    });
  }

  for (const [name, fault] of faults) {
    it(`policy edits elsewhere (allowed_ips, then rate_limit) are honoured within 1 s when the instance's Redis ${name}`, async () => {
      const cutOff = await instanceBehind(app, { redis: true }, proxies);
      const { token, secret } = await create(`policy while redis ${name.split(' ')[0]}`);
      const request = { token: secret, ip: '203.0.113.9' };
      expect((await verify(cutOff.tokenops, request)).body.code).toBe('VALID');
      expect((await verify(cutOff.tokenops, request)).body.code).toBe('VALID'); // cached
      fault(cutOff.redis);
      let changedAt = Date.now();
      await app.tokenops.tokens.edit(seeded.admin, token.displayId, { allowedIps: '192.0.2.0/24' });
      expect(
        await timeUntilAnswer(cutOff.tokenops, request, (answer) => answer.code === 'FORBIDDEN', changedAt),
      ).toBeLessThan(1_000);
      // The limiter itself is in the unreachable Redis: RATE_LIMIT_ON_FAILURE=open admits, and the answer carries the new limit.
      changedAt = Date.now();
      await app.tokenops.tokens.edit(seeded.admin, token.displayId, { allowedIps: '', rateLimit: '5/min' });
      expect(
        await timeUntilAnswer(
          cutOff.tokenops,
          request,
          (answer) => answer.code === 'VALID' && answer.rateLimit?.limit === 5,
          changedAt,
        ),
      ).toBeLessThan(1_000);
    });
  }

  it('a change made on an instance cut from Redis reaches the others within 1 s', async () => {
    const cutOff = await instanceBehind(app, { redis: true }, proxies);
    const { token, secret } = await create('changed on the cut instance');
    expect(await codeOf(app.tokenops, secret)).toBe('VALID');
    expect(await codeOf(app.tokenops, secret)).toBe('VALID'); // cached on the healthy instance
    cutOff.redis.cut();
    const changedAt = Date.now();
    await cutOff.tokenops.tokens.disable(seeded.admin, token.displayId);
    expect(await timeUntil(app.tokenops, secret, 'DISABLED', changedAt)).toBeLessThan(1_000);
  });

  it('with Redis healthy, changes still arrive within milliseconds (the notice is the fast path)', async () => {
    const other = await instanceBehind(app, {}, proxies);
    const { token, secret } = await create('fast path');
    expect(await codeOf(other.tokenops, secret)).toBe('VALID');
    const changedAt = Date.now();
    await app.tokenops.tokens.revoke(seeded.admin, token.displayId);
    expect(await timeUntil(other.tokenops, secret, 'REVOKED', changedAt)).toBeLessThan(1_000);
  });
});
