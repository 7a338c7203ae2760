// A workflow step over Socket Mode: function_executed arrives in an events_api envelope, is
// acknowledged, and the step ends as over HTTP; an ack lost with its connection is sent again
// on the next one, and the step still acts once.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/domain/permissions.js';
import { useTestApp } from '../../support/testApp.js';
import { USERS, seedTenants, tokenInput } from '../../support/tenants.js';

const app = useTestApp({ role: 'worker' });
let root: Actor;

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  await app.startInstance({
    role: 'web',
    env: { SLACK_APP_TOKEN: app.fake.appToken, SLACK_SIGNING_SECRET: '' },
    slackSocketPingTimeoutMs: 500,
  });
  await app.fake.waitFor(() => app.fake.socketConnections > 0, 10_000);
});

describe('workflow steps over Socket Mode', () => {
  it('extends once, even when the first ack dies with its connection', async () => {
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('domain:shop.acme.test', 'Socket step', { primaryContact: USERS.shopAdmin }),
    );
    const execution = await app.fake.executeFunction(
      'extend_token',
      { actor: USERS.shopAdmin, token_id: token.displayId, duration: '60d' },
      { loseAcks: 1, timeoutMs: 30_000 },
    );
    await app.fake.waitFor(() => execution.state !== 'running', 15_000);
    expect(execution).toMatchObject({ state: 'completed', outputs: { token_id: token.displayId } });
    const extended = (await app.tokenops.tokens.audit(root, token.displayId)).filter(
      (entry) => entry.action === 'token.extend',
    );
    expect(extended).toHaveLength(1);
  });
});
