// Time that cannot lie (issue 22 items 3 and 4), with libfaketime setting the wall clock of
// instances run as their own processes: the staleness bound runs on the monotonic clock, so a
// clock stepped back never stretches it; expiry is judged by the database's clock, so an
// instance 10 minutes slow or fast answers as one on time would; and a skewed instance says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { SlackDriver } from '@tokenops/slack-emulator';
import { SIGNING_SECRET, useTestApp } from '../support/testApp.js';
import { sql } from '../support/databases.js';
import { FAKETIME_REREAD_MS, fakeClock, type FakeClock } from '../support/faketime.js';
import { startProcess, type Instance } from '../support/processes.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';
import { codeOf, verify } from '../support/verification.js';

const app = useTestApp();
let admin: Actor;
const proxies: TcpProxy[] = [];
const clocks: FakeClock[] = [];
const processes: Instance[] = [];
beforeAll(async () => {
  admin = (await seedTenants(app.tokenops)).root;
});
afterAll(async () => {
  await Promise.all(processes.map((instance) => instance.stop('SIGKILL')));
  await Promise.all([...proxies.map((proxy) => proxy.close()), ...clocks.map((clock) => clock.remove())]);
});

/** A web process whose wall clock is `offsetSeconds` off, optionally behind proxies. */
async function skewedInstance(offsetSeconds: number, links: { db?: TcpProxy; redis?: TcpProxy } = {}) {
  const clock = await fakeClock(offsetSeconds);
  clocks.push(clock);
  const env: Record<string, string> = { ...clock.env };
  if (links.db) {
    const url = new URL(app.databaseUrl);
    url.port = String(links.db.port);
    env.DATABASE_URL = url.toString();
  }
  if (links.redis) env.REDIS_URL = `redis://127.0.0.1:${links.redis.port}`;
  const instance = await startProcess(app, 'web', env);
  processes.push(instance);
  return { instance, clock };
}

const readyz = async (url: string) => (await (await fetch(`${url}/readyz`)).json()) as any;
const offsetMetric = async (url: string) =>
  Number((await (await fetch(`${url}/metrics`)).text()).match(/^tokenops_clock_offset_seconds (\S+)$/m)?.[1]);
const setExpiry = (displayId: string, interval: string) =>
  sql(app.databaseUrl, `UPDATE tokens SET expires_at = now() + $2::interval WHERE display_id = $1`, [
    displayId,
    interval,
  ]);

describe('expiry is judged by the database’s clock', () => {
  let slow: Instance, fast: Instance;
  beforeAll(async () => {
    [slow, fast] = (await Promise.all([skewedInstance(-600), skewedInstance(600)])).map(({ instance }) => instance) as [
      Instance,
      Instance,
    ];
  }, 120_000);

  it('an instance 10 minutes slow never answers VALID for an expired token; one 10 minutes fast never refuses a valid one', async () => {
    const expired = await app.tokenops.tokens.create(admin, tokenInput('org:acme', 'expired a minute ago'));
    const valid = await app.tokenops.tokens.create(admin, tokenInput('org:acme', 'expires in five minutes'));
    await setExpiry(expired.token.displayId, '-1 minute');
    await setExpiry(valid.token.displayId, '5 minutes');
    for (let i = 0; i < 3; i++) {
      // The first answer comes from a lookup, the next ones from the cache.
      expect(await codeOf(slow, expired.secret)).toBe('EXPIRED');
      expect(await codeOf(fast, valid.secret)).toBe('VALID');
      expect(await codeOf(slow, valid.secret)).toBe('VALID');
      expect(await codeOf(fast, expired.secret)).toBe('EXPIRED');
    }
  });

  it('a skewed instance warns at start, in /readyz and in its metrics; an instance on time does not', async () => {
    for (const [instance, word] of [
      [slow, 'behind'],
      [fast, 'ahead of'],
    ] as const) {
      await timeUntilReported(instance);
      expect(instance.logs.join('\n')).toMatch(new RegExp(`this instance's clock is 600 s ${word} the database's`));
      expect((await readyz(instance.url)).clock).toEqual({
        ok: false,
        error: expect.stringMatching(new RegExp(`clock is 600 s ${word} the database's.*Slack`)),
      });
      expect(Math.abs(await offsetMetric(instance.url))).toBeGreaterThan(595);
      expect(Math.abs(await offsetMetric(instance.url))).toBeLessThan(605);
    }
    expect(Math.sign(await offsetMetric(slow.url))).toBe(1); // the database is ahead of the slow one
    const onTime = await readyz(app.tokenops.url);
    expect(onTime.status).toBe('ready');
    expect(onTime.clock).toMatchObject({ ok: true, offsetMs: expect.any(Number) });
    expect(Math.abs(onTime.clock.offsetMs)).toBeLessThan(1_000);
    expect(app.logs.join('\n')).not.toContain("this instance's clock is");
  });

  it('Slack requests refused by an instance whose clock runs ahead are logged as such', async () => {
    const body = new URLSearchParams(app.slack.slashCommandPayload(USERS.acmeAdmin, 'help')).toString();
    expect((await new SlackDriver(fast.url, SIGNING_SECRET, app.fake).post(body)).status).toBe(401); // Slack signs with the real time
    // The line comes through the child's stdout pipe, which may lag the answer a little.
    await expect
      .poll(() => fast.logs.join('\n'), { timeout: 5_000 })
      .toMatch(/refused a Slack request signed 60\d s before this instance's clock .*this instance's clock is ahead/);
    expect((await new SlackDriver(slow.url, SIGNING_SECRET, app.fake).post(body)).status).toBe(200);
  });
});

/** Waits until the instance has read the database's clock (its first feed poll). */
async function timeUntilReported(instance: Instance) {
  for (const until = Date.now() + 5_000; Date.now() < until;) {
    if ((await readyz(instance.url)).clock?.ok === false) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no clock reading within 5 s');
}

describe('the staleness bound runs on the monotonic clock', () => {
  it('a clock stepped back 10 minutes, then the database and Redis links cut: a token disabled elsewhere is never VALID there past the bound', async () => {
    const [db, redis] = await Promise.all([
      startTcpProxy({ host: '127.0.0.1', port: 5432 }),
      startTcpProxy({ host: '127.0.0.1', port: 6379 }),
    ]);
    proxies.push(db, redis);
    const { instance, clock } = await skewedInstance(0, { db, redis });
    const { token, secret } = await app.tokenops.tokens.create(admin, tokenInput('org:acme', 'stepped clock'));
    const unseen = await app.tokenops.tokens.create(admin, tokenInput('org:acme', 'first verified after the step'));
    await new Promise((resolve) => setTimeout(resolve, 500)); // the feed has seen both made: nothing drops the answer cached next
    expect(await codeOf(instance, secret)).toBe('VALID');
    await clock.set(-600); // an NTP correction
    await new Promise((resolve) => setTimeout(resolve, FAKETIME_REREAD_MS + 500)); // stepped, and polls went on with it
    expect(await codeOf(instance, secret)).toBe('VALID'); // served from the cache
    expect(await codeOf(instance, unseen.secret)).toBe('VALID'); // looked up: the client's budget did not shrink by the step
    db.cut();
    redis.cut();
    const cutAt = Date.now();
    await app.tokenops.tokens.disable(admin, token.displayId);
    const late: Array<{ afterMs: number; status: number; code?: string }> = [];
    while (Date.now() - cutAt < 3_000) {
      const askedAt = Date.now();
      const answer = await verify(instance, { token: secret });
      if (askedAt - cutAt > 1_000)
        late.push({ afterMs: askedAt - cutAt, status: answer.status, code: answer.body.code });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(late.length).toBeGreaterThan(0);
    expect(late.filter((answer) => answer.status !== 503)).toEqual([]); // the database cannot be asked: never VALID
  }, 120_000);
});
