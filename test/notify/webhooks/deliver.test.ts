// Deliveries to a real receiver: signed (checked by the receiver with the standardwebhooks
// package), in each token's order, retried with the same webhook-id when the receiver answers
// 500, redirects or hangs, given up after the last attempt (the endpoint disabled, its owner
// told in Slack), both secrets signing during a rotation, and no secret in any body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/domain/permissions.js';
import { EVENT_TYPES } from '../../../src/domain/events.js';
import { retryDelayMs, retryWindowMs, DELIVERY_RETRIES } from '../../../src/domain/webhooks.js';
import { useTestApp } from '../../support/testApp.js';
import { SECRET_PATTERN } from '../../support/secretScan.js';
import { seedTenants, tokenInput, USERS } from '../../support/tenants.js';
import { startReceiver } from '../../support/webhookReceiver.js';

const app = useTestApp({ role: 'web' });
let root: Actor;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const tokenSecrets: string[] = [];
const signingSecrets: string[] = [];

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  receiver = await startReceiver();
  await app.startInstance({ role: 'worker', webhookDelivery: { attempts: 4, firstDelayMs: 100, timeoutMs: 700 } });
});
afterAll(() => receiver?.close());

async function endpoint(path: string, types: string[] = []) {
  const added = await app.tokenops.webhooks.add(root, `${receiver.url}${path}`, types);
  signingSecrets.push(added.secret);
  return added;
}
const at = (path: string) => () => receiver.received.filter((r) => r.path === path);
const bodyOf = (r: { body: string }) =>
  JSON.parse(r.body) as { type: string; timestamp: string; data: { token?: { id: string }; actor?: string } };

describe('webhook deliveries', () => {
  it('retries for at least 24 hours, the first retry within 30 seconds', () => {
    expect(retryDelayMs(1)).toBeLessThanOrEqual(30_000);
    expect(retryWindowMs()).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(DELIVERY_RETRIES.attempts).toBeGreaterThan(1);
  });

  it("delivers each change signed, with the token as verification describes it, in each token's order", async () => {
    const { secret } = await endpoint('/all');
    receiver.trust(secret);
    const { tokens } = app.tokenops;
    const one = await tokens.create(root, tokenInput('org:acme', 'Hooked one'));
    const two = await tokens.create(root, tokenInput('domain:shop.acme.test', 'Hooked two'));
    tokenSecrets.push(one.secret, two.secret);
    await tokens.disable(root, one.token.displayId);
    await tokens.edit(root, two.token.displayId, { label: 'Hooked two renamed' });
    await tokens.enable(root, one.token.displayId);
    await tokens.delete(root, two.token.displayId);
    const got = await receiver.waitFor(() => (at('/all')().length >= 6 ? at('/all')() : undefined));
    expect(got.every((r) => r.verified)).toBe(true);
    const of = (id: string) =>
      got
        .map(bodyOf)
        .filter((b) => b.data.token?.id === id)
        .map((b) => b.type);
    expect(of(one.token.displayId)).toEqual(['token.created', 'token.disabled', 'token.enabled']);
    expect(of(two.token.displayId)).toEqual(['token.created', 'token.changed', 'token.deleted']);
    expect(bodyOf(got[0]!)).toMatchObject({
      data: { actor: USERS.workspaceAdmin, token: { owner: { type: expect.any(String) } } },
    });
    expect(new Set(got.map((r) => r.id)).size).toBe(got.length);
  });

  it('subscribes to the chosen types only, and refuses unknown types and bad URLs', async () => {
    await endpoint('/revoked', ['token.revoked']);
    await expect(app.tokenops.webhooks.add(root, `${receiver.url}/x`, ['token.exploded'])).rejects.toMatchObject({
      code: 'event_type_unknown',
    });
    await expect(app.tokenops.webhooks.add(root, 'ftp://example.com/hook', [])).rejects.toMatchObject({
      code: 'webhook_url_refused',
      params: { reason: 'scheme' },
    });
    const outsider = await app.tokenops.tokens.actor(USERS.acmeAdmin);
    await expect(app.tokenops.webhooks.add(outsider, `${receiver.url}/x`, [])).rejects.toMatchObject({
      code: 'workspace_admin_only',
    });
    const issued = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Revoked for hooks'));
    tokenSecrets.push(issued.secret);
    await app.tokenops.tokens.revoke(root, issued.token.displayId, 'done');
    const got = await receiver.waitFor(() => at('/revoked')()[0]);
    expect(got.type).toBe('token.revoked');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(at('/revoked')().map((r) => r.type)).toEqual(['token.revoked']);
  });

  it('retries an answer of 500, a redirect and a hang with the same webhook-id, and keeps the token in order meanwhile', async () => {
    for (const [path, bad] of [
      ['/flaky500', 'fail'],
      ['/redirects', 'redirect'],
      ['/hangs', 'hang'],
    ] as const) {
      const { secret } = await endpoint(path);
      receiver.trust(...signingSecrets);
      receiver.answer((request) =>
        request.path === path &&
        at(path)().filter((r) => r.id === request.id).length === 1 &&
        request.type === 'token.created'
          ? bad
          : 'ok',
      );
      const issued = await app.tokenops.tokens.create(root, tokenInput('org:acme', `Flaky ${path}`));
      tokenSecrets.push(issued.secret);
      await app.tokenops.tokens.disable(root, issued.token.displayId);
      const got = await receiver.waitFor(() =>
        at(path)().filter((r) => r.type === 'token.disabled').length ? at(path)() : undefined,
      );
      const mine = got.filter((r) => bodyOf(r).data.token?.id === issued.token.displayId);
      expect(mine.map((r) => r.type)).toEqual(['token.created', 'token.created', 'token.disabled']);
      expect(mine[0]!.id).toBe(mine[1]!.id); // the same message, tried again
      expect(mine.every((r) => r.verified)).toBe(true);
      expect(secret).toMatch(/^whsec_/);
    }
    expect(receiver.received.some((r) => r.path === '/elsewhere')).toBe(false); // redirects are not followed
    receiver.answer(() => 'ok');
  });

  it('gives up after the last attempt: the endpoint is disabled and whoever added it is told in Slack', async () => {
    const { endpoint: added } = await endpoint('/down');
    receiver.trust(...signingSecrets);
    receiver.answer((request) => (request.path === '/down' ? 'fail' : 'ok'));
    const issued = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Nobody listens'));
    tokenSecrets.push(issued.secret);
    await receiver.waitFor(() => (at('/down')().length >= 4 ? true : undefined));
    const notice = await app.fake.waitFor(
      () => app.fake.callsTo('chat.postMessage').find((call) => JSON.stringify(call.args).includes(added.id)),
      10_000,
    );
    expect(JSON.stringify(notice.args)).toContain('disabled');
    const [row] = await app.sql(`SELECT disabled_at FROM webhook_endpoints WHERE id = $1`, [added.id]);
    expect(row.disabled_at).not.toBeNull();
    await app.tokenops.tokens.disable(root, issued.token.displayId);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(at('/down')().length).toBe(4); // nothing more goes to a disabled endpoint
    expect((await app.tokenops.webhooks.list(root)).find((e) => e.id === added.id)).toMatchObject({
      disabledAt: expect.any(Date),
      failed: 1,
    });
    receiver.answer(() => 'ok');
  });

  it('signs with both secrets for a day after a rotation', async () => {
    const { endpoint: added, secret: before } = await endpoint('/rotated');
    const { secret: after, previousUntil } = await app.tokenops.webhooks.rotate(root, added.id);
    signingSecrets.push(after);
    expect(previousUntil.getTime() - Date.now()).toBeGreaterThan(23 * 3_600_000);
    await app.tokenops.webhooks.test(root, added.id);
    const got = await receiver.waitFor(() => at('/rotated')()[0]);
    expect(got.type).toBe('webhook.test');
    expect(got.signature.split(' ')).toHaveLength(2);
    for (const secret of [before, after]) {
      receiver.trust(secret);
      receiver.received.length = 0;
      await app.tokenops.webhooks.test(root, added.id);
      expect((await receiver.waitFor(() => at('/rotated')()[0])).verified).toBe(true);
    }
  });

  it('never puts a secret in a delivery, nor a signing secret in storage', async () => {
    const { rows } = { rows: await app.sql(`SELECT body FROM events`) };
    const bodies = [...rows.map((row: { body: string }) => row.body), ...receiver.received.map((r) => r.body)];
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) {
      expect(SECRET_PATTERN.test(body)).toBe(false);
      for (const secret of [...tokenSecrets, ...signingSecrets]) expect(body).not.toContain(secret);
      expect(body).not.toContain('whsec_');
      expect([...EVENT_TYPES, 'webhook.test']).toContain(JSON.parse(body).type);
    }
    const stored = JSON.stringify(await app.sql(`SELECT * FROM webhook_endpoints`));
    for (const secret of signingSecrets) {
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(secret.slice('whsec_'.length));
    }
    for (const secret of signingSecrets) expect(app.logs.join('\n')).not.toContain(secret);
  });
});
