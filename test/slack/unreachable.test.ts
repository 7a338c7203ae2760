// Slack requests with the database or Redis out of reach (issue 22 items 2, 6 and 8): every
// request is answered within Slack's 3 s with a clear message, nothing a person was told had
// failed happens later, and a change whose commit acknowledgement was lost is found out before
// anyone is told anything. The instance under test reaches PostgreSQL (or PgBouncer, when the
// suite runs behind it) and Redis through TCP proxies that cut, blackhole or lose answers; the
// test app's own instance seeds and checks.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { SlackDriver, type AppResponse } from '@tokenops/slack-emulator';
import { PGBOUNCER_URL, REDIS_URL, SERVER_URL } from '../support/databases.js';
import { createFormValues } from '../support/slackForms.js';
import { deliveredSecret } from '../support/secretScan.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';
import { SIGNING_SECRET, useTestApp } from '../support/testApp.js';
import { seedWithApprovalsChannel } from '../support/approvalChannel.js';
import { USERS, tokenInput } from '../support/tenants.js';

const CHANNEL = 'C0APPROVAL';
const app = useTestApp({ env: { APPROVALS_CHANNEL_ID: CHANNEL } });
let root: Actor;
let database: TcpProxy;
let redis: TcpProxy;
let slack: SlackDriver;

/** `url` with its host and port replaced by the proxy's. */
const through = (url: string, proxy: TcpProxy) => {
  const parsed = new URL(url);
  parsed.host = `127.0.0.1:${proxy.port}`;
  return parsed.toString();
};

beforeAll(async () => {
  root = await seedWithApprovalsChannel(app, CHANNEL);
  const databaseUrl = PGBOUNCER_URL ? app.databaseUrl.replace(SERVER_URL, PGBOUNCER_URL) : app.databaseUrl;
  const [postgres, redisServer] = [new URL(databaseUrl), new URL(REDIS_URL)];
  [database, redis] = await Promise.all([
    startTcpProxy({ host: postgres.hostname, port: Number(postgres.port || 5432) }),
    startTcpProxy({ host: redisServer.hostname, port: Number(redisServer.port || 6379) }),
  ]);
  const { tokenops } = await app.startInstance({
    role: 'web',
    env: { DATABASE_URL: through(databaseUrl, database), REDIS_URL: through(REDIS_URL, redis) },
  });
  slack = new SlackDriver(tokenops.url, SIGNING_SECRET, app.fake);
  await slack.command(USERS.acmeAdmin, 'help'); // the person's locale is known from here on
});
afterEach(() => {
  // Connections that lost bytes in a blackhole are out of step: everyone reconnects.
  for (const proxy of [database, redis]) {
    proxy.restore();
    proxy.reset();
  }
});
afterAll(() => Promise.all([database?.close(), redis?.close()]));

/** The first answer to a command (in its ack or through its response_url), and how long it took. */
async function answerTo(send: () => Promise<AppResponse>) {
  const started = Date.now();
  const response = await send();
  const answer = await app.fake.waitFor(
    () => app.fake.responses.find((r) => response.responseUrl.endsWith(r.id)),
    10_000,
  );
  return { ms: answer.at - started, text: String(answer.body.text) };
}

async function openCreate(): Promise<Record<string, any>> {
  const before = app.fake.callsTo('views.open').length;
  await slack.command(USERS.acmeAdmin, 'create');
  return (await app.fake.waitFor(() => app.fake.callsTo('views.open')[before])).response.view;
}

const form = (label: string) =>
  createFormValues({ owner: 'org:acme', label, scopes: ['orders:read'], contact: USERS.acmeAdmin, expiry: '30d' });
const tokensNamed = async (label: string) =>
  (await app.sql(`SELECT count(*)::int AS n FROM tokens WHERE label = $1`, [label]))[0].n as number;

/** Submits a form, timing Slack's wait for the ack. */
async function submit(view: Record<string, any>, label: string) {
  const started = Date.now();
  const response = await slack.viewSubmission(USERS.acmeAdmin, view, form(label));
  return { ms: Date.now() - started, response };
}

describe('with the database blackholed', () => {
  it('answers /token show within 3 s: the database cannot be reached, nothing was changed', async () => {
    const { token } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Shown in the dark'));
    expect((await answerTo(() => slack.command(USERS.acmeAdmin, `show ${token.displayId}`))).text).toContain(
      'Shown in the dark',
    );
    database.blackhole();
    const answer = await answerTo(() => slack.command(USERS.acmeAdmin, `show ${token.displayId}`));
    expect(answer.ms).toBeLessThan(3_000);
    expect(answer.text).toContain('cannot reach its database or Redis right now, so nothing was changed');
  });

  it('answers a create submission within 3 s under the form, and creates nothing once the database is back', async () => {
    const view = await openCreate();
    database.blackhole();
    const { ms, response } = await submit(view, 'Created in the dark');
    expect(ms).toBeLessThan(3_000);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      response_action: 'errors',
      errors: { owner: expect.stringContaining('cannot reach its database or Redis') },
    });
    database.restore();
    database.reset();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await tokensNamed('Created in the dark')).toBe(0);
    // The same form, sent again, works: nothing of the failed attempt is left holding it.
    expect((await submit(view, 'Created in the dark')).response.status).toBe(200);
    await app.fake.waitFor(() => deliveredSecret(app, USERS.acmeAdmin)?.length);
    expect(await tokensNamed('Created in the dark')).toBe(1);
  });
});

describe('with Redis down', () => {
  it('answers /token list within 3 s with the list, without the controls that need Redis', async () => {
    await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Listed without Redis'));
    redis.cut();
    const answer = await answerTo(() => slack.command(USERS.acmeAdmin, 'list without'));
    expect(answer.ms).toBeLessThan(3_000);
    expect(answer.text).toContain('Your only token');
    const blocks = JSON.stringify(app.fake.responses.at(-1)!.body.blocks);
    expect(blocks).toContain('Listed without Redis');
    expect(blocks).toContain('Filters and pages are unavailable for a moment');
  });

  it('answers a pasted secret while Redis hangs: the admins cannot be told, so the person is asked to tell them', async () => {
    const { secret } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Pasted while Redis hangs'));
    redis.blackhole();
    const response = await slack.command(USERS.shopAdmin, `list ${secret}`); // acme's token, shop's admin
    const offer = await app.fake.waitFor(
      () =>
        app.fake.responses.find(
          (r) => response.responseUrl.endsWith(r.id) && String(r.body.text).includes('working secret'),
        ),
      10_000,
    );
    expect(offer.body.text).toContain('To be safe, ask an admin of Organization acme to give its holder a new secret.');
  });

  it('answers /token revoke <id> <reason> within 3 s, with the request posted for approval', async () => {
    const { token } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Revoked without Redis'));
    redis.cut();
    const answer = await answerTo(() => slack.command(USERS.acmeAdmin, `revoke ${token.displayId} leaked in a ticket`));
    expect(answer.ms).toBeLessThan(3_000);
    expect(answer.text).toContain('Asked for approval to revoke');
    expect(
      await app.sql(`SELECT state, message_ts IS NOT NULL AS posted FROM revocation_requests WHERE display_id = $1`, [
        token.displayId,
      ]),
    ).toEqual([{ state: 'pending', posted: true }]);
  });

  for (const fault of ['cut', 'blackhole'] as const) {
    it(`answers a create submission within 3 s (Redis ${fault === 'cut' ? 'down' : 'hung'}) and does not create it when Redis is back`, async () => {
      const label = `Submitted while Redis is ${fault === 'cut' ? 'down' : 'hung'}`;
      const view = await openCreate();
      const secrets = app.fake.callsTo('chat.postEphemeral').length;
      redis[fault]();
      const { ms, response } = await submit(view, label);
      expect(ms).toBeLessThan(3_000);
      expect(response.json).toMatchObject({
        response_action: 'errors',
        errors: { label: expect.stringContaining('cannot reach its database or Redis') },
      });
      redis.restore();
      redis.reset();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(await tokensNamed(label)).toBe(0);
      expect(app.fake.callsTo('chat.postEphemeral').length).toBe(secrets); // no secret, no "it is in your DMs"
      expect((await submit(view, label)).response.status).toBe(200);
      await app.fake.waitFor(() => app.fake.callsTo('chat.postEphemeral').length > secrets);
      expect(await tokensNamed(label)).toBe(1);
    });
  }
});

describe('a change whose commit acknowledgement is lost', () => {
  it('is found out and reported as made (it was), not as "nothing was changed"', async () => {
    const { token } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Disabled, answer lost'));
    database.loseAnswersAfter(/COMMIT/);
    const answer = await answerTo(() => slack.command(USERS.acmeAdmin, `disable ${token.displayId}`));
    expect(answer.ms).toBeLessThan(3_000);
    expect(answer.text).toContain('is disabled');
    expect(await app.sql(`SELECT status FROM tokens WHERE id = $1`, [token.id])).toEqual([{ status: 'disabled' }]);
  });

  it('is reported as unknown when the database cannot say, never as "nothing was changed"', async () => {
    const { token } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Disabled, then silence'));
    database.loseAnswersAfter(/COMMIT/, { thenBlackhole: true });
    const answer = await answerTo(() => slack.command(USERS.acmeAdmin, `disable ${token.displayId}`));
    expect(answer.ms).toBeLessThan(3_000);
    expect(answer.text).toContain('could not find out whether it was saved');
    expect(answer.text).not.toContain('nothing was changed');
    // Where to look names the token, as a command one can run.
    expect(answer.text).toContain(`Please check (\`/token show ${token.displayId}\`) before trying again.`);
    expect(await app.sql(`SELECT status FROM tokens WHERE id = $1`, [token.id])).toEqual([{ status: 'disabled' }]);
  });

  it('of an edit is reported under the form as unknown, naming the token the form is about', async () => {
    const { token } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Edited, then silence'));
    const before = app.fake.callsTo('views.open').length;
    await slack.command(USERS.acmeAdmin, `edit ${token.displayId}`);
    const view = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[before])).response.view;
    database.loseAnswersAfter(/COMMIT/, { thenBlackhole: true });
    const values = createFormValues({
      label: 'Edited, answer lost',
      scopes: ['orders:read'],
      contact: USERS.acmeAdmin,
    });
    const response = await slack.viewSubmission(USERS.acmeAdmin, view, values);
    const shown = Object.values(response.json!.errors as Record<string, string>).join('\n');
    expect(shown).toContain(`Please check (\`/token show ${token.displayId}\`) before trying again.`);
  });

  it('of a create is reported under the form as unknown, pointing at the list (the new id was never told)', async () => {
    const view = await openCreate();
    database.loseAnswersAfter(/COMMIT/, { thenBlackhole: true });
    const { ms, response } = await submit(view, 'Created, then silence');
    expect(ms).toBeLessThan(3_000);
    expect(response.json).toMatchObject({ response_action: 'errors' });
    const shown = Object.values(response.json!.errors as Record<string, string>).join('\n');
    expect(shown).toContain(
      'could not find out whether it was saved. Please check (`/token list`) before trying again.',
    );
    expect(shown).not.toContain('&lt;id&gt;');
  });
});
