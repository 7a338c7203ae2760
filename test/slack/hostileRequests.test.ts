// Requests an attacker (or a confused proxy) could send, correctly signed: bodies that are not
// objects, replays of a state-changing command, and payloads naming a response_url outside Slack.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { GENERAL_CHANNEL, TEAM_ID } from '@tokenops/slack-emulator';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';
import { useTestApp } from '../support/testApp.js';

const app = useTestApp();
let root: Actor;

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
});

const help = async () => {
  const response = await app.slack.command(USERS.acmeAdmin, 'help');
  return app.fake.waitFor(() => app.fake.responses.find((r) => response.responseUrl.endsWith(r.id)));
};

describe('signed bodies that are not objects', () => {
  it('are refused with 400 and the app keeps serving', async () => {
    const json = ['null', '42', '"text"', '[]', 'true', '[null]'];
    for (const body of json) {
      const response = await app.slack.post(body, { headers: { 'content-type': 'application/json' } });
      expect(response.status, body).toBe(400);
    }
    for (const payload of ['null', '7', '"x"', '[]']) {
      const response = await app.slack.post(new URLSearchParams({ payload }).toString());
      expect(response.status, payload).toBe(400);
    }
    expect((await app.slack.post('{not json', { headers: { 'content-type': 'application/json' } })).status).toBe(400);
    expect((await help()).body.text).toBe('tokenops: your API tokens, from Slack');
  });
});

describe('a replayed signed request', () => {
  it('takes effect once: one reset, one secret', async () => {
    const { token } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Replayed'));
    const body = new URLSearchParams(
      app.slack.slashCommandPayload(USERS.acmeAdmin, `reset ${token.displayId} 24h`),
    ).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await app.slack.post(body, { timestamp });
    const again = await app.slack.post(body, { timestamp });
    expect([first.status, again.status]).toEqual([200, 200]);
    await app.fake.waitFor(() =>
      app.fake.callsTo('chat.postEphemeral').find((c) => JSON.stringify(c.args).includes(token.displayId)),
    );
    await new Promise((resolve) => setTimeout(resolve, 500)); // a second reset would have landed by now
    const resets = (await app.tokenops.tokens.audit(root, token.displayId)).filter((e) => e.action === 'token.reset');
    expect(resets).toHaveLength(1);
    expect(
      app.fake
        .callsTo('chat.postEphemeral')
        .filter((c) => c.args.channel?.startsWith('D') && JSON.stringify(c.args).includes(token.displayId)),
    ).toHaveLength(1);
    expect(app.logs.join('')).toContain('dropped a replayed Slack request');
  });
});

describe('response_url', () => {
  it('is only posted to on Slack’s hosts: a payload naming another host gets nothing sent there', async () => {
    const { token } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Details elsewhere'));
    const received: string[] = [];
    const evil = http.createServer((req, res) => {
      received.push(req.url ?? '');
      res.end();
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/steal`;
    try {
      app.fake.addUser({ id: USERS.acmeAdmin });
      const payload = {
        type: 'block_actions',
        team: { id: TEAM_ID, domain: 'fake-workspace' },
        user: { id: USERS.acmeAdmin, username: 'acme', name: 'acme', team_id: TEAM_ID },
        api_app_id: 'A0TOKENOPS',
        token: 'deprecated-verification-token',
        trigger_id: app.fake.issueTriggerId(),
        container: { type: 'message', message_ts: '1.0', channel_id: GENERAL_CHANNEL, is_ephemeral: true },
        channel: { id: GENERAL_CHANNEL, name: 'general' },
        message: { ts: '1.0', text: '' },
        response_url: evilUrl,
        actions: [
          {
            type: 'static_select',
            action_id: 'token_menu',
            block_id: 'b',
            action_ts: '1.0',
            selected_option: { value: `show:${token.displayId}` },
          },
        ],
      };
      const response = await app.slack.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
      expect(response.status).toBe(200);
      await app.fake.waitFor(() => app.logs.find((line) => line.includes('refused a response_url outside Slack')));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received).toEqual([]);
    } finally {
      await new Promise((resolve) => evil.close(resolve));
    }
  });
});
