// Slack's retries over HTTP: when an ack is slow, Slack sends the same request again, signed
// anew, with X-Slack-Retry-Num (1, then 2). A command, a click, a form and an event each take
// effect once, and every retry is answered 200 (a refusal would make Slack retry again).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { createFormValues } from '../support/slackForms.js';
import { slackPayloads } from '../support/slackPayloads.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';
import { useTestApp } from '../support/testApp.js';

const app = useTestApp();
const { homeListClick, homeOpened, submission } = slackPayloads(app);
let root: Actor;
beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
});

const form = (payload: unknown) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
/** Sends `body` as Slack would the first time, then its two retries; returns the three statuses. */
async function withRetries(body: string, json = false) {
  const statuses = [];
  for (const retry of [0, 1, 2]) {
    const headers = {
      ...(json ? { 'content-type': 'application/json' } : {}),
      ...(retry ? { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' } : {}),
    };
    statuses.push((await app.slack.post(body, { headers })).status);
  }
  return statuses;
}
const dmCount = () =>
  app.fake.callsTo('chat.postMessage').filter((call) => String(call.args.channel).startsWith('D')).length;
const secretDms = (displayId: string) =>
  app.fake
    .callsTo('chat.postEphemeral')
    .filter((call) => String(call.args.channel).startsWith('D') && JSON.stringify(call.args).includes(displayId));
const settle = () => new Promise((resolve) => setTimeout(resolve, 700)); // a second effect would have landed by now

describe('Slack retries (X-Slack-Retry-Num) take effect once', () => {
  it('a command: one reset, one secret', async () => {
    const { token } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Reset, retried'));
    const body = new URLSearchParams(
      app.slack.slashCommandPayload(USERS.acmeAdmin, `reset ${token.displayId} 24h`),
    ).toString();
    expect(await withRetries(body)).toEqual([200, 200, 200]);
    await app.fake.waitFor(() => secretDms(token.displayId)[0]);
    await settle();
    expect(
      (await app.tokenops.tokens.audit(root, token.displayId)).filter((event) => event.action === 'token.reset'),
    ).toHaveLength(1);
    expect(secretDms(token.displayId)).toHaveLength(1);
  });

  it('a click: one list sent by DM', async () => {
    const before = dmCount();
    expect(await withRetries(form(homeListClick(USERS.acmeAdmin)))).toEqual([200, 200, 200]);
    await app.fake.waitFor(() => dmCount() > before || undefined);
    await settle();
    expect(dmCount() - before).toBe(1);
  });

  it('a form: one token, one secret', async () => {
    const opened = app.fake.callsTo('views.open').length;
    await app.slack.command(USERS.acmeAdmin, 'create');
    const view = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
    const values = createFormValues({
      owner: 'org:acme',
      label: 'Created, retried',
      contact: USERS.acmeAdmin,
      scopes: ['orders:read'],
      expiry: '30d',
    });
    expect(await withRetries(form(submission(USERS.acmeAdmin, view, values)))).toEqual([200, 200, 200]);
    const created = () =>
      app.tokenops.tokens.list(root, { words: ['Created, retried'] }, { limit: 10 }).then(({ tokens }) => tokens);
    const [token] = await created(); // the form's work is done before its ack
    await app.fake.waitFor(() => secretDms(token!.displayId)[0]);
    await settle();
    expect(await created()).toHaveLength(1);
    expect(secretDms(token!.displayId)).toHaveLength(1);
  });

  it('an event: App Home published once', async () => {
    const published = () =>
      app.fake.callsTo('views.publish').filter((call) => call.args.user_id === USERS.shopAdmin).length;
    const before = published();
    expect(await withRetries(JSON.stringify(homeOpened(USERS.shopAdmin)), true)).toEqual([200, 200, 200]);
    await app.fake.waitFor(() => published() > before || undefined);
    await settle();
    expect(published() - before).toBe(1);
    expect(app.logs.filter((line) => /slack listener failed|unhandled rejection/.test(line))).toEqual([]);
  });
});
