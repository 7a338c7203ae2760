import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/testApp.js';

// The fake's app token is only known once it runs, so the instance is started by the test.
const app = useTestApp({ role: 'worker' });

describe('Socket Mode', () => {
  it('connects out to Slack when SLACK_APP_TOKEN is set and answers /token help over the socket', async () => {
    const { tokenops } = await app.startInstance({ role: 'web', env: { SLACK_APP_TOKEN: app.fake.appToken, SLACK_SIGNING_SECRET: '' } });
    expect(app.fake.callsTo('apps.connections.open')).toHaveLength(1);
    await app.fake.waitFor(() => app.fake.socketConnections > 0);

    const payload = app.slack.slashCommandPayload('U0ALICE001', 'help');
    await app.fake.sendEnvelope('slash_commands', payload);
    const answer = await app.fake.waitFor(() => app.fake.responses.find((r) => payload.response_url.endsWith(r.id)));
    expect(answer.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(answer.body.blocks)).toContain('/token create');

    // No HTTP events endpoint in Socket Mode.
    expect((await fetch(`${tokenops.url}/slack/events`, { method: 'POST' })).status).toBe(404);
  });
});
