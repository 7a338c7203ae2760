// A Slack app installed without a scope the code needs: Slack answers missing_scope, which no
// retry fixes. The reminder is recorded as failed at once, and the log says which scope to add.
import { beforeAll, describe, expect, it } from 'vitest';
import { readGrants } from '@tokenops/slack-emulator';
import { useTestApp } from '../support/testApp.js';
import { sql } from '../support/databases.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';

const shipped = readGrants();
const app = useTestApp({
  env: { REMINDER_SCAN_INTERVAL_SECONDS: '1' },
  slackGrants: { ...shipped, scopes: shipped.scopes.filter((scope) => scope !== 'chat:write') },
});

beforeAll(async () => {
  await seedTenants(app.tokenops);
  app.fake.addUser({ id: USERS.acmeAdmin });
});

describe('a scope missing from the installed app', () => {
  it('fails the reminder for good, once, with a log line naming the scope to add', async () => {
    const root = await app.tokenops.tokens.actor(USERS.workspaceAdmin);
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Scope missing', { primaryContact: USERS.acmeAdmin, expiry: '7d' }),
    );
    const rows = () =>
      sql(
        app.databaseUrl,
        `SELECT recipient, state, error FROM notifications n JOIN tokens t ON t.id = n.token_id WHERE t.display_id = $1`,
        [token.displayId],
      );
    await sql(
      app.databaseUrl,
      `UPDATE tokens SET expires_at = now() + interval '5 days', next_reminder_at = now() WHERE display_id = $1`,
      [token.displayId],
    ); // inside the 7-day threshold
    await app.fake.waitFor(
      () => app.fake.callsTo('chat.postMessage').find((c) => c.response.error === 'missing_scope'),
      10_000,
    );
    // The contact's and the workspace admin's digests are sent one after the other, in either order.
    await expect
      .poll(rows, { timeout: 10_000 })
      .toEqual(expect.arrayContaining([{ recipient: USERS.acmeAdmin, state: 'failed', error: 'missing_scope' }]));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(
      app.fake
        .callsTo('chat.postMessage')
        .filter(
          (c) => c.args.channel === `D${USERS.acmeAdmin.slice(1)}` && JSON.stringify(c.args).includes(token.displayId),
        ),
    ).toHaveLength(1); // no retry
    expect(app.logs.join('\n')).toContain(
      'lacks the chat:write scope: add it under oauth_config.scopes.bot in manifest.yml',
    );
  });
});
