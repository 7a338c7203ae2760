// Socket Mode against the emulator's Socket Mode server (apps.connections.open, hello, envelopes
// with an envelope_id, acks), which sends an unacknowledged envelope again, with the same id, on
// the next connection, as Slack does. A connection that dies mid-envelope leaves each command,
// click, form and event with one effect; a reconnect storm leaks no connection and no memory.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import type { Tokenops } from '../../src/tokenops.js';
import { createFormValues } from '../support/slackForms.js';
import { slackPayloads } from '../support/slackPayloads.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';
import { useTestApp } from '../support/testApp.js';

// The fake's app token is only known once it runs, so the instance is started by the test.
const app = useTestApp({ role: 'worker' });
let root: Actor;
let socket: { tokenops: Tokenops; logs: string[] };
const socketModeEnv = () => ({ SLACK_APP_TOKEN: app.fake.appToken, SLACK_SIGNING_SECRET: '' });

const { homeListClick, homeOpened, submission } = slackPayloads(app);

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  socket = await app.startInstance({ role: 'web', env: socketModeEnv() });
  await app.fake.waitFor(() => app.fake.socketConnections > 0);
});

const unexpected = (logs: string[]) =>
  logs.filter((line) => /unhandled rejection|slack listener failed|form submission failed/.test(line));
const homePublishes = (userId: string) =>
  app.fake.callsTo('views.publish').filter((call) => call.args.user_id === userId).length;

describe('Socket Mode', () => {
  it('connects out to Slack when SLACK_APP_TOKEN is set and answers /token help over the socket', async () => {
    expect(app.fake.callsTo('apps.connections.open')).toHaveLength(1);
    const payload = app.slack.slashCommandPayload('U0ALICE001', 'help');
    await app.fake.sendEnvelope('slash_commands', payload);
    const answer = await app.fake.waitFor(() => app.fake.responses.find((r) => payload.response_url.endsWith(r.id)));
    expect(answer.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(answer.body.blocks)).toContain('/token create');

    // No HTTP events endpoint in Socket Mode.
    expect((await fetch(`${socket.tokenops.url}/slack/events`, { method: 'POST' })).status).toBe(404);
  });

  it('a command, a click, a form and an event whose acks die with the connection are sent again with the same envelope_id and take effect once', async () => {
    const { token } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Reset over a dying socket'));
    const opened = app.fake.callsTo('views.open').length;
    await app.fake.sendEnvelope('slash_commands', app.slack.slashCommandPayload(USERS.acmeAdmin, 'create'));
    const view = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
    const values = createFormValues({
      owner: 'org:acme',
      label: 'Created over a dying socket',
      contact: USERS.acmeAdmin,
      scopes: ['orders:read'],
      expiry: '30d',
    });
    const dmsBefore = app.fake
      .callsTo('chat.postMessage')
      .filter((call) => String(call.args.channel).startsWith('D')).length;
    const publishesBefore = homePublishes(USERS.shopAdmin);

    // All four at once: the first ack kills the connection, so the others' acks fail or die too.
    const envelopes = [
      app.fake.sendEnvelope(
        'slash_commands',
        app.slack.slashCommandPayload(USERS.acmeAdmin, `reset ${token.displayId} 24h`),
        { loseAcks: 1, timeoutMs: 30_000 },
      ),
      app.fake.sendEnvelope('interactive', homeListClick(USERS.globexAdmin), { loseAcks: 1, timeoutMs: 30_000 }),
      app.fake.sendEnvelope('interactive', submission(USERS.acmeAdmin, view, values), {
        loseAcks: 1,
        timeoutMs: 30_000,
      }),
      app.fake.sendEnvelope('events_api', homeOpened(USERS.shopAdmin), { loseAcks: 1, timeoutMs: 30_000 }),
    ];
    await Promise.all(envelopes);
    expect(app.fake.callsTo('apps.connections.open').length).toBeGreaterThanOrEqual(2); // it reconnected
    expect([...app.fake.envelopeDeliveries.values()].slice(-4).every((deliveries) => deliveries >= 2)).toBe(true); // each sent again
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // a second effect would have landed by now

    const resets = (await app.tokenops.tokens.audit(root, token.displayId)).filter(
      (event) => event.action === 'token.reset',
    );
    expect(resets).toHaveLength(1);
    const secretDms = app.fake
      .callsTo('chat.postEphemeral')
      .filter((call) => String(call.args.channel).startsWith('D'));
    expect(secretDms.filter((call) => JSON.stringify(call.args).includes(token.displayId))).toHaveLength(1);
    const created = (await app.tokenops.tokens.list(root, { words: ['dying socket'] }, { limit: 10 })).tokens.filter(
      (t) => t.label === 'Created over a dying socket',
    );
    expect(created).toHaveLength(1);
    expect(secretDms.filter((call) => JSON.stringify(call.args).includes(created[0]!.displayId))).toHaveLength(1);
    expect(
      app.fake.callsTo('chat.postMessage').filter((call) => String(call.args.channel).startsWith('D')).length -
        dmsBefore,
    ).toBe(1); // the list, by DM
    expect(homePublishes(USERS.shopAdmin) - publishesBefore).toBe(1);
    expect(unexpected(socket.logs)).toEqual([]);
  }, 60_000);
});

describe('a reconnect storm', () => {
  it('drops and re-sends by the hundred: every envelope acknowledged and acted on once, no connection or memory leaked', async () => {
    // Its own instance, whose Bolt waits 50 ms (not 5 s) before reconnecting: a hundred drops in seconds.
    await socket.tokenops.stop();
    // Logging at info: the debug lines this test keeps would grow its heap by themselves.
    const stormed = await app.startInstance({
      role: 'web',
      env: { ...socketModeEnv(), LOG_LEVEL: 'info' },
      slackSocketPingTimeoutMs: 50,
    });
    await app.fake.waitFor(() => app.fake.socketConnections === 1);
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const ways = ['disconnect', 'close', 'terminate'] as const;
    const openBefore = app.fake.socketsOpened;
    const handles = () =>
      process.getActiveResourcesInfo().filter((type) => type === 'TCPSocketWrap' || type === 'Timeout').length;
    let baseline = { heap: 0, handles: 0 };
    const users = Array.from({ length: 100 }, (_, i) => `U0STORM${String(i).padStart(3, '0')}`);
    for (let round = 0; round < users.length; round++) {
      // An event in flight, whose ack dies with its connection every other round, while the
      // connection is dropped one way or another.
      const delivered = app.fake.sendEnvelope('events_api', homeOpened(users[round]!), {
        loseAcks: round % 2,
        timeoutMs: 20_000,
      });
      if (round % 2 === 0) app.fake.dropSocketConnections(ways[round % 3]);
      await delivered;
      await app.fake.waitFor(() => app.fake.socketConnections === 1, 10_000);
      if (round === 19) {
        gc();
        baseline = { heap: process.memoryUsage().heapUsed, handles: handles() };
      }
    }
    expect(app.fake.socketsOpened - openBefore).toBeGreaterThanOrEqual(100);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(users.map(homePublishes)).toEqual(Array(users.length).fill(1)); // each event acted on once
    expect(app.fake.socketConnections).toBe(1); // none left behind
    gc();
    const heapGrowth = process.memoryUsage().heapUsed - baseline.heap;
    // 80 reconnections since the baseline: one socket, timer or 64 kB kept by each would show.
    expect(heapGrowth).toBeLessThan(5 * 2 ** 20);
    expect(handles() - baseline.handles).toBeLessThan(10);
    expect(unexpected(stormed.logs)).toEqual([]);
  }, 120_000);
});
