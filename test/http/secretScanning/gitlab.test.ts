// GitLab's token revocation API as GitLab's secret detection calls it: key in Authorization,
// the types list, revocation that is idempotent, a rate limit, and wrong keys throttled.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/domain/permissions.js';
import { generateSecret } from '../../../src/domain/secret.js';
import { GITLAB_TOKEN_TYPE } from '../../../src/domain/scannerRules.js';
import type { Tokenops } from '../../../src/tokenops.js';
import { useTestApp } from '../../support/testApp.js';
import { seedTenants, tokenInput } from '../../support/tenants.js';

const KEY = 'gitlab-key-1-0123456789';
const RATE_KEY = 'gitlab-key-rate-0123456789';
const app = useTestApp({ env: { GITLAB_REVOCATION_API_KEYS: `${KEY},${RATE_KEY}` } });
let root: Actor;
let keyless: Tokenops;
beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  keyless = (await app.startInstance({ role: 'web', env: { GITLAB_REVOCATION_API_KEYS: '' } })).tokenops;
});

const types = (authorization?: string, instance = app.tokenops) =>
  fetch(`${instance.url}/v1/revocable_token_types`, { headers: authorization === undefined ? {} : { authorization } });
const revoke = (body: unknown, authorization: string | undefined = KEY, instance = app.tokenops) =>
  fetch(`${instance.url}/v1/revoke_tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function verifyCode(secret: string): Promise<string> {
  const response = await fetch(`${app.tokenops.url}/v1/tokens/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer test-verify-key-1' },
    body: JSON.stringify({ token: secret }),
  });
  return ((await response.json()) as { code: string }).code;
}

const location = 'https://gitlab.example.com/acme/site/-/blob/abc123/config.yml';

describe('GitLab token revocation API', () => {
  it('refuses a missing or wrong key, and every request when no key is configured', async () => {
    expect((await types()).status).toBe(401);
    expect((await types('gitlab-key-2')).status).toBe(401);
    expect((await revoke([], 'wrong')).status).toBe(401);
    expect((await types('', keyless)).status).toBe(401);
    expect((await types(KEY, keyless)).status).toBe(401);
    expect((await revoke([], KEY, keyless)).status).toBe(401);
  });

  it('lists the one type it revokes, for the key as sent or after Bearer (in any case)', async () => {
    for (const authorization of [KEY, `Bearer ${KEY}`, `bearer ${KEY}`]) {
      const response = await types(authorization);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ types: [GITLAB_TOKEN_TYPE] });
    }
  });

  it('revokes a reported live secret at once and answers 204; a repeat does nothing more', async () => {
    const { token, secret } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Pipeline leak'));
    const body = [{ type: GITLAB_TOKEN_TYPE, token: secret, location }];
    expect((await revoke(body)).status).toBe(204);
    expect(await verifyCode(secret)).toBe('REVOKED');
    expect((await revoke(body)).status).toBe(204);
    expect((await Promise.all([revoke(body), revoke(body)])).map((r) => r.status)).toEqual([204, 204]);
    expect(
      await app.sql(
        `SELECT action, outcome, changes->'leak'->'after'->>'reporter' AS reporter, changes->'leak'->'after'->>'location' AS location FROM audit_events WHERE display_id = $1 AND action <> 'token.create' ORDER BY created_at`,
        [token.displayId],
      ),
    ).toEqual([
      { action: 'token.revoke', outcome: 'ok', reporter: null, location: null },
      { action: 'token.leak', outcome: 'ok', reporter: 'gitlab', location },
    ]);
  });

  it('accepts unknown and malformed secrets of its type without saying anything about them', async () => {
    expect(
      (
        await revoke([
          { type: GITLAB_TOKEN_TYPE, token: generateSecret('tko'), location },
          { type: GITLAB_TOKEN_TYPE, token: 'tko_nope' },
        ])
      ).status,
    ).toBe(204);
    expect(await app.sql(`SELECT display_id FROM leaks`)).toHaveLength(1); // the pipeline leak above, nothing more
  });

  it('answers 400 to a bad body, or to a type it does not revoke, and then revokes nothing', async () => {
    const { secret } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Mixed batch'));
    expect((await revoke('{nope')).status).toBe(400);
    expect((await revoke({ type: GITLAB_TOKEN_TYPE, token: secret })).status).toBe(400);
    const mixed = await revoke([
      { type: GITLAB_TOKEN_TYPE, token: secret, location },
      { type: 'gitleaks_rule_id_gitlab_personal_access_token', token: 'glpat-x', location },
    ]);
    expect(mixed.status).toBe(400);
    expect(await verifyCode(secret)).toBe('VALID');
  });

  it('is rate-limited per key: 429 with Retry-After once a minute allowance is spent', async () => {
    // Start well inside a one-minute window, so the burst below cannot straddle two.
    const intoWindow = Date.now() % 60_000;
    if (intoWindow > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoWindow + 50));
    const statuses = [];
    for (let i = 0; i < 61; i++) statuses.push((await types(RATE_KEY)).status);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    const limited = await revoke([], RATE_KEY);
    expect(statuses[60]).toBe(429);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await types(KEY)).status).toBe(200); // another key has its own allowance
  }, 30_000);

  it('throttles a client address that keeps sending wrong keys: 429 too_many_attempts, while a right key still gets in', async () => {
    // An instance of its own: the wrong keys sent above must not count against this address here.
    const { tokenops } = await app.startInstance({ role: 'web', env: { GITLAB_REVOCATION_API_KEYS: KEY } });
    const statuses: number[] = [];
    const startedAt = Date.now();
    for (let i = 0; i < 30; i++)
      statuses.push(
        (
          await (i % 2
            ? types(`guess-${i}-0123456789abcdef`, tokenops)
            : revoke([], `Bearer guess-${i}-0123456789abcdef`, tokenops))
        ).status,
      );
    const refills = Math.floor((Date.now() - startedAt) / 1000); // one more wrong key a second
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(20 + refills);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    const throttled = await types('wrong-key-0123456789abcdef', tokenops);
    expect(throttled.status).toBe(429);
    expect(await throttled.json()).toMatchObject({ error: 'too_many_attempts' });
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await types(KEY, tokenops)).status).toBe(200);
  });
});
