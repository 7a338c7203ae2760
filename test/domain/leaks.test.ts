// LeakService on the real database: one ledger row per secret, a claim whose reporter died is
// taken over, and a leak does not wait for approval.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { digestSecret } from '../../src/domain/secret.js';
import { useTestApp } from '../support/testApp.js';
import { seedTenants, tokenInput } from '../support/tenants.js';

const app = useTestApp({ env: { APPROVALS_CHANNEL_ID: 'C0APPROVAL' } });
let root: Actor;
beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
});
const statusOf = async (displayId: string) => (await app.tokenops.tokens.show(root, displayId)).status;

describe('LeakService', () => {
  it('acts once for many concurrent reports of one secret, at once although approvals are configured', async () => {
    const { token, secret } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Concurrent'));
    const labels = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.tokenops.leaks.report({
          secret,
          reporter: i % 2 ? 'github' : 'gitlab',
          location: `https://example.com/${i}`,
        }),
      ),
    );
    expect(new Set(labels)).toEqual(new Set(['true_positive']));
    expect(await statusOf(token.displayId)).toBe('revoked');
    expect(
      await app.sql(`SELECT count(*)::int AS n FROM leaks WHERE token_id = $1 AND applied_at IS NOT NULL`, [token.id]),
    ).toEqual([{ n: 1 }]);
    expect(
      await app.sql(
        `SELECT action, count(*)::int AS n FROM audit_events WHERE token_id = $1 GROUP BY action ORDER BY action`,
        [token.id],
      ),
    ).toEqual([
      { action: 'token.create', n: 1 },
      { action: 'token.leak', n: 1 },
      { action: 'token.revoke', n: 1 },
    ]);
    expect(await app.sql(`SELECT count(*)::int AS n FROM revocation_requests`)).toEqual([{ n: 0 }]);
  });

  it('stores a reported location without NUL or control characters, clipped', async () => {
    const { token, secret } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Odd location'));
    expect(
      await app.tokenops.leaks.report({
        secret,
        reporter: 'github',
        location: `https://example.com/a\u0000b\u202E${'x'.repeat(3_000)}`,
        origin: 'commit\u0000',
      }),
    ).toBe('true_positive');
    const [row] = (await app.sql(`SELECT location, origin FROM leaks WHERE token_id = $1`, [token.id])) as Array<{
      location: string;
      origin: string;
    }>;
    expect([row!.location.startsWith('https://example.com/abx'), row!.location.length, row!.origin]).toEqual([
      true,
      2_000,
      'commit',
    ]);
  });

  it('finds a leaked secret still stored under the key of before a rotation', async () => {
    const { token, secret } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Before rotation'));
    const newKey = 'rotated-key-0123456789-abcdefghijklmnop';
    const withoutPrevious = await app.startInstance({ role: 'web', env: { TOKEN_HASH_SECRET: newKey } });
    expect(await withoutPrevious.tokenops.leaks.report({ secret, reporter: 'github' })).toBe('false_positive');
    const rotating = await app.startInstance({
      role: 'web',
      env: { TOKEN_HASH_SECRET: newKey, TOKEN_HASH_SECRET_PREVIOUS: app.config.tokenHashSecret },
    });
    expect(await rotating.tokenops.leaks.report({ secret, reporter: 'github' })).toBe('true_positive');
    expect(await statusOf(token.displayId)).toBe('revoked');
  });

  it('takes over a claim that was never applied (its reporter died), and leaves a fresh one alone', async () => {
    const stale = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Stale claim'));
    const fresh = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Fresh claim'));
    const claim = (issued: typeof stale, age: string) =>
      app.sql(
        `INSERT INTO leaks (digest, token_id, display_id, reporter, action, claimed_at) VALUES ($1, $2, $3, 'github', 'revoke', now() - $4::interval)`,
        [digestSecret(issued.secret, app.config.tokenHashSecret), issued.token.id, issued.token.displayId, age],
      );
    await claim(stale, '1 minute');
    await claim(fresh, '1 second');
    expect(await app.tokenops.leaks.report({ secret: stale.secret, reporter: 'gitlab' })).toBe('true_positive');
    expect(await app.tokenops.leaks.report({ secret: fresh.secret, reporter: 'gitlab' })).toBe('true_positive');
    expect(await statusOf(stale.token.displayId)).toBe('revoked');
    expect(await statusOf(fresh.token.displayId)).toBe('enabled'); // its first reporter is still at it
  });

  it('treats a secret replaced by a reset as not live, and its successor as a new leak', async () => {
    const { token, secret } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Rotated'));
    const reset = await app.tokenops.tokens.reset(root, token.displayId);
    expect(await app.tokenops.leaks.report({ secret, reporter: 'github' })).toBe('false_positive');
    expect(await statusOf(token.displayId)).toBe('enabled');
    expect(await app.tokenops.leaks.report({ secret: reset.secret, reporter: 'github' })).toBe('true_positive');
    expect(await statusOf(token.displayId)).toBe('revoked');
  });
});
