// A leaked management key (tkomk_…) is acted on like a token's secret: reported by a secret
// scanner, it is revoked at once (LEAK_ACTION revoke; notify only tells), the leak is audited with
// the scanner as actor, an apikey.leaked event holds no secret, and the key's creator and the
// workspace admins are told once by DM, however often it is reported.
import { beforeAll, describe, expect, it } from 'vitest';
import { GITLAB_TOKEN_TYPE } from '../../../src/domain/scannerRules.js';
import { useTestApp } from '../../support/testApp.js';
import { api, createKey } from '../../support/management.js';
import { USERS, seedTenants } from '../../support/tenants.js';

const KEY = 'gitlab-key-1-0123456789';
const app = useTestApp({ env: { GITLAB_REVOCATION_API_KEYS: KEY } });
beforeAll(async () => {
  await seedTenants(app.tokenops);
});

const location = 'https://gitlab.example.com/acme/infra/-/blob/abc123/terraform.tfvars';
const reportToGitlab = (secret: string) =>
  fetch(`${app.tokenops.url}/v1/revoke_tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: KEY },
    body: JSON.stringify([{ type: GITLAB_TOKEN_TYPE, token: secret, location }]),
  });
/** The DMs of `userId` that name the key. */
const toldAbout = (userId: string, keyId: string) =>
  app.fake
    .conversation(app.fake.dmOf(userId), userId)
    .filter((m) => JSON.stringify(m).includes(keyId) && JSON.stringify(m).includes('leaked'));

describe('a leaked management key', () => {
  it('is revoked at once, audited and announced without its secret, and its creator and the workspace admins are told once', async () => {
    const key = await createKey(app, USERS.acmeAdmin, 'org:acme', 'terraform');
    expect((await api(app, key.secret, 'GET', '/v1/tokens')).status).toBe(200);
    expect((await reportToGitlab(key.secret)).status).toBe(204);
    expect((await api(app, key.secret, 'GET', '/v1/tokens')).status).toBe(401);
    expect((await reportToGitlab(key.secret)).status).toBe(204); // reported again: nothing more
    expect(await app.tokenops.leaks.report({ secret: key.secret, reporter: 'github', location })).toBe('true_positive');

    expect(
      await app.sql(
        `SELECT actor, action, changes->'leak'->'after'->>'action' AS done, reason FROM audit_events WHERE display_id = $1 AND action = 'apikey.leak'`,
        [key.id],
      ),
    ).toEqual([
      { actor: 'tokenops:leak-scanner', action: 'apikey.leak', done: 'revoke', reason: `gitlab: ${location}` },
    ]);
    const events = await app.sql(`SELECT body FROM events WHERE type = 'apikey.leaked'`);
    expect(events.map((row) => JSON.parse(row.body).data)).toEqual([
      {
        actor: 'tokenops:leak-scanner',
        apiKey: { id: key.id, label: 'terraform', scope: 'org:acme' },
        leak: { reporter: 'gitlab', action: 'revoke' },
      },
    ]);
    expect(events[0].body).not.toContain(key.secret);

    for (const userId of [USERS.acmeAdmin, USERS.workspaceAdmin])
      await app.fake.waitFor(() => toldAbout(userId, key.id).length > 0 || undefined, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 500)); // nothing more comes
    for (const userId of [USERS.acmeAdmin, USERS.workspaceAdmin]) expect(toldAbout(userId, key.id)).toHaveLength(1);
    const told = JSON.stringify(toldAbout(USERS.acmeAdmin, key.id));
    expect(told).toContain('It was revoked at once');
    expect(told).toContain(location);
    expect(told).not.toContain(key.secret);
    expect(toldAbout(USERS.globexAdmin, key.id)).toEqual([]);
  });

  it('counts as no leak when it was revoked before the report, and acts on nothing', async () => {
    const key = await createKey(app, USERS.workspaceAdmin, 'workspace', 'retired');
    await app.tokenops.apiKeys.revoke(await app.tokenops.tokens.actor(USERS.workspaceAdmin), key.id);
    expect(await app.tokenops.leaks.report({ secret: key.secret, reporter: 'github', location })).toBe(
      'false_positive',
    );
    expect(
      await app.sql(`SELECT 1 FROM audit_events WHERE display_id = $1 AND action = 'apikey.leak'`, [key.id]),
    ).toEqual([]);
  });

  it('with LEAK_ACTION=notify keeps working, and its people are told to revoke it', async () => {
    const { tokenops } = await app.startInstance({ role: 'web', env: { LEAK_ACTION: 'notify' } });
    const key = await createKey(app, USERS.shopAdmin, 'domain:shop.acme.test', 'deployer');
    expect(await tokenops.leaks.report({ secret: key.secret, reporter: 'github', location })).toBe('true_positive');
    expect((await api(app, key.secret, 'GET', '/v1/tokens')).status).toBe(200);
    await app.fake.waitFor(() => toldAbout(USERS.shopAdmin, key.id).length > 0 || undefined, 10_000);
    expect(JSON.stringify(toldAbout(USERS.shopAdmin, key.id))).toContain(`/token apikey revoke ${key.id}`);
  });
});
