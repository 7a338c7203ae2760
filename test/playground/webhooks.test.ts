// The playground's webhook receiver: the playground adds an endpoint for it at start, a change
// made in the playground arrives there, and its page lists it with the signature checked by the
// standardwebhooks package; a delivery signed with a secret it does not know is listed as not
// verified.
import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { requestPlayground, usePlayground } from '../support/playground.js';

const site = usePlayground('tokenops_playground_test');

const request = (method: string, path: string, headers?: Record<string, string>, body?: string) =>
  requestPlayground(site, method, path, headers, body);
const page = async () => (await request('GET', '/playground/webhooks')).body;

async function until(probe: () => Promise<boolean>, ms = 20_000) {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error('not in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the playground webhook receiver', () => {
  it('lists the events of changes made in the playground, signature verified', async () => {
    const admin = await site.playground.tokenops.tokens.actor(site.playground.config.adminUserIds[0]!);
    const endpoints = await site.playground.tokenops.webhooks.list(admin);
    expect(endpoints.map((e) => e.url)).toEqual([`http://127.0.0.1:${site.port}/playground/webhooks/receive`]);
    const issued = await site.playground.tokenops.tokens.create(admin, {
      owner: 'org:acme',
      label: 'Webhook demo',
      scopes: ['orders:read'],
      primaryContact: admin.userId,
    });
    await until(async () => (await page()).includes('token.created'));
    const html = await page();
    expect(html).toContain('✅ signature verified');
    expect(html).toContain(issued.token.displayId);
    expect(html).not.toContain(issued.secret);
  });

  it('shows a delivery signed with an unknown secret as not verified', async () => {
    const body = JSON.stringify({ type: 'token.changed', timestamp: new Date().toISOString(), data: {} });
    const signature = new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).sign(
      'msg_forged',
      new Date(),
      body,
    );
    const answer = await request(
      'POST',
      '/playground/webhooks/receive',
      {
        'content-type': 'application/json',
        'webhook-id': 'msg_forged',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': signature,
      },
      body,
    );
    expect(answer.status).toBe(204);
    expect(await page()).toMatch(/msg_forged<\/code><\/td>\s*<td>❌ signature not verified/);
    // Another site's page cannot post to the receiver.
    expect(
      (await request('POST', '/playground/webhooks/receive', { origin: 'https://evil.example' }, body)).status,
    ).toBe(403);
  });
});
