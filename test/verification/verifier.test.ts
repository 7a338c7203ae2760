// The Verifier's failure behaviour and limits: a deadline on every lookup (503, never VALID for
// a token it cannot check), budgets for unknown secrets, re-keying after a hash-key rotation.
import { describe, expect, it } from 'vitest';
import { digestSecret, generateSecret } from '../../src/domain/secret.js';
import { sql } from '../support/databases.js';
import { tokenInput } from '../support/tenants.js';
import { codeOf, instanceBehind, timeUntil, verify, useVerificationApp } from '../support/verification.js';

const { app, proxies, seeded } = useVerificationApp();

const create = (label: string) => app.tokenops.tokens.create(seeded.admin, tokenInput('org:acme', label));
const metricsOf = async (url: string) => (await fetch(`${url}/metrics`)).text();

describe('database unreachable', () => {
  for (const fault of ['blackhole', 'cut'] as const) {
    it(`answers 503 within 2 s (${fault}), never VALID once the cache can no longer prove itself current, and recovers`, async () => {
      const cut = await instanceBehind(app, { db: true }, proxies);
      const cached = await create(`cached before ${fault}`);
      const unchecked = await create(`never seen before ${fault}`);
      expect(await codeOf(cut.tokenops, cached.secret)).toBe('VALID');
      cut.db[fault]();
      const faultAt = Date.now();

      const started = Date.now();
      const answer = await verify(cut.tokenops, { token: unchecked.secret });
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({ error: 'unavailable', message: expect.stringContaining('could not be checked') });
      expect(answer.headers.get('retry-after')).toBe('1');

      // The cached token: served at most until the bound, then 503 like any other.
      for (let i = 0; i < 3; i++) {
        const askedAt = Date.now();
        const { status, body } = await verify(cut.tokenops, { token: cached.secret });
        if (askedAt - faultAt > 1_000) expect(status).toBe(503);
        else expect([200, 503]).toContain(status);
        expect(Date.now() - askedAt).toBeLessThan(2_500);
        if (status === 200) expect(body.code).toBe('VALID');
      }
      expect(await metricsOf(cut.tokenops.url)).toMatch(
        /tokenops_verification_refusals_total\{reason="unavailable"\} [1-9]/,
      );

      cut.db.restore();
      expect(await timeUntil(cut.tokenops, unchecked.secret, 'VALID', Date.now(), 5_000)).toBeLessThan(5_000);
    });
  }
});

describe('unknown secrets', () => {
  it('refuses the unknown secrets of a client beyond its budget with 429, while its cached tokens are always answered', async () => {
    const known = await create('known while probed');
    const unseen = await create('first verified while probed');
    await new Promise((resolve) => setTimeout(resolve, 500)); // the feed has seen both made: nothing drops the answer cached next
    expect(await codeOf(app.tokenops, known.secret)).toBe('VALID');
    // 200 unknown secrets at once: a burst of 100 is looked up and answered, the rest refused.
    const sentAt = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => verify(app.tokenops, { token: generateSecret('tko') })),
    );
    const answered = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429);
    expect(answered.length + refused.length).toBe(200);
    expect(answered.every((a) => a.body.code === 'NOT_FOUND')).toBe(true);
    expect(answered.length).toBeGreaterThanOrEqual(100);
    const seconds = (Date.now() - sentAt) / 1000; // the budget refills at 10 a second meanwhile
    expect(answered.length).toBeLessThanOrEqual(100 + Math.ceil(10 * seconds) + 1);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({ status: 429, body: { error: 'too_many_unknown_tokens' } });
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // A cached answer is never refused; an uncached one waits for the budget to refill.
    expect(await codeOf(app.tokenops, known.secret)).toBe('VALID');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await codeOf(app.tokenops, unseen.secret)).toBe('VALID');
    const metrics = await metricsOf(app.tokenops.url);
    expect(metrics).toMatch(/tokenops_verification_refusals_total\{reason="unknown_secrets"\} [1-9]/);
    expect(metrics).toMatch(/tokenops_verifications_total\{code="NOT_FOUND"\} [1-9]/);
    expect(metrics).toMatch(/tokenops_verifications_total\{code="VALID"\} [1-9]/);
  });
});

describe('unknown secrets of the end clients an API names', () => {
  it('refuse one abusive end client beyond its budget, not the other users of the same API', async () => {
    const fresh = await create('first verified beside an abuser');
    await new Promise((resolve) => setTimeout(resolve, 500)); // the feed has seen it made
    const abuser = '198.51.100.7';
    const answers = await Promise.all(
      Array.from({ length: 150 }, () => verify(app.tokenops, { token: generateSecret('tko'), ip: abuser })),
    );
    expect(answers.filter((a) => a.status === 429).length).toBeGreaterThan(0);
    // Another user of that API, whose token tokenops has not seen yet, is looked up and answered.
    expect(await verify(app.tokenops, { token: fresh.secret, ip: '198.51.100.8' })).toMatchObject({
      status: 200,
      body: { code: 'VALID' },
    });
    const again = await Promise.all(
      Array.from({ length: 30 }, () => verify(app.tokenops, { token: generateSecret('tko'), ip: abuser })),
    );
    expect(again.filter((a) => a.status === 429).length).toBeGreaterThan(0); // still refused
    // An IPv6 client is one client across its /64: new addresses in it buy no new budget.
    const rotated = await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        verify(app.tokenops, { token: generateSecret('tko'), ip: `2001:db8:9:9::${(i + 1).toString(16)}` }),
      ),
    );
    expect(rotated.filter((a) => a.status === 429).length).toBeGreaterThan(0);
  });
});

describe('the budget of unknown secrets is spent before the lookup', () => {
  it('1,000 distinct unknown secrets from one client cost the database no more lookups than the budget allows', async () => {
    const probed = await instanceBehind(app, { db: true }, proxies);
    const secrets = Array.from({ length: 1_000 }, () => generateSecret('tko'));
    probed.db.record();
    const sentAt = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i < secrets.length; i += 20) {
      const batch = await Promise.all(
        secrets.slice(i, i + 20).map((secret) => verify(probed.tokenops, { token: secret })),
      );
      statuses.push(...batch.map((answer) => answer.status));
    }
    const seconds = (Date.now() - sentAt) / 1000;
    const sent = probed.db.recorded();
    const lookedUp = secrets.filter((secret) => sent.includes(digestSecret(secret, app.config.tokenHashSecret))).length;
    const allowed = 100 + Math.ceil(10 * seconds) + 1; // a burst of 100, then 10 a second
    expect(lookedUp).toBeGreaterThanOrEqual(100);
    expect(lookedUp).toBeLessThanOrEqual(allowed);
    expect(statuses.filter((status) => status === 200)).toHaveLength(lookedUp); // each lookup answered NOT_FOUND
    expect(statuses.filter((status) => status === 429)).toHaveLength(secrets.length - lookedUp); // the rest refused unasked
  }, 60_000);

  it('a secret that exists gives back what its lookup spent: 200 uncached tokens are all answered', async () => {
    const fresh = await app.startInstance({ role: 'web' }); // a budget of its own
    const made = [];
    for (let i = 0; i < 200; i += 4)
      made.push(...(await Promise.all(Array.from({ length: 4 }, (_, j) => create(`budget refund ${i + j}`)))));
    const startedAt = Date.now();
    const codes: Array<string | undefined> = [];
    for (let i = 0; i < made.length; i += 25)
      codes.push(...(await Promise.all(made.slice(i, i + 25).map(({ secret }) => codeOf(fresh.tokenops, secret)))));
    const seconds = (Date.now() - startedAt) / 1000;
    expect(100 + 10 * seconds + 1).toBeLessThan(200); // a burst and refills alone could not have covered them all
    expect(codes).toEqual(Array(200).fill('VALID'));
  }, 90_000);
});

describe('cold lookups arriving together', () => {
  it("share statements, and each answer is its own secret's: 40 uncached tokens verified at once", async () => {
    const made = [];
    for (let i = 0; i < 40; i += 4)
      made.push(...(await Promise.all(Array.from({ length: 4 }, (_, j) => create(`batched ${i + j}`)))));
    const probed = await instanceBehind(app, { db: true }, proxies);
    probed.db.record();
    const answers = await Promise.all(made.map(({ secret }) => verify(probed.tokenops, { token: secret })));
    expect(answers.map((answer) => answer.body.token?.id)).toEqual(made.map(({ token }) => token.displayId));
    expect(answers.every((answer) => answer.body.code === 'VALID')).toBe(true);
    // Each statement names the prepared lookup (its Bind, and its Parse once per connection).
    const named = probed.db.recorded().split('verification-lookup').length - 1;
    expect(named).toBeGreaterThan(0);
    expect(named).toBeLessThan(made.length);
  });
});

describe('TOKEN_HASH_SECRET rotation', () => {
  it('finds secrets digested with a previous key and re-keys them to the current one', async () => {
    const oldKey = app.config.tokenHashSecret;
    const newKey = '9d4c1f7a2b8e3c6d0f5a1b9e7c3d2f8a';
    const { secret } = await create('made before the rotation');
    const before = await sql(app.databaseUrl, 'SELECT count(*)::int AS n FROM token_secrets WHERE digest = $1', [
      digestSecret(secret, oldKey),
    ]);
    expect(before[0].n).toBe(1);

    const onlyNew = await app.startInstance({ role: 'web', env: { TOKEN_HASH_SECRET: newKey } });
    expect(await codeOf(onlyNew.tokenops, secret)).toBe('NOT_FOUND'); // what a rotation without PREVIOUS does

    const rotating = await app.startInstance({
      role: 'web',
      env: { TOKEN_HASH_SECRET: newKey, TOKEN_HASH_SECRET_PREVIOUS: oldKey },
    });
    expect(await codeOf(rotating.tokenops, secret)).toBe('VALID');
    let rekeyed = 0;
    for (let i = 0; i < 50 && !rekeyed; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      rekeyed = (
        await sql(app.databaseUrl, 'SELECT count(*)::int AS n FROM token_secrets WHERE digest = $1', [
          digestSecret(secret, newKey),
        ])
      )[0].n;
    }
    expect(rekeyed).toBe(1);
    // Once re-keyed, an instance with only the new key knows it (its negative answer was dropped by the feed).
    expect(await timeUntil(onlyNew.tokenops, secret, 'VALID', Date.now())).toBeLessThan(1_000);
    expect(onlyNew.logs.join('\n')).not.toContain(secret);
  });
});
