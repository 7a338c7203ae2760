import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/testApp.js';

const app = useTestApp();

describe('Slack request verification', () => {
  it('refuses a request with a bad signature with 401 and runs no listener', async () => {
    const body = new URLSearchParams(app.slack.slashCommandPayload('U0ALICE001', 'help')).toString();
    const response = await app.slack.post(body, { signature: 'v0=' + '0'.repeat(64) });
    expect(response.status).toBe(401);
    expect(app.fake.responses).toHaveLength(0);
  });

  it('refuses a correctly signed request older than five minutes with 401', async () => {
    const body = new URLSearchParams(app.slack.slashCommandPayload('U0ALICE001', 'help')).toString();
    const response = await app.slack.post(body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(response.status).toBe(401);
    expect(app.fake.responses).toHaveLength(0);
  });
});

describe('/token help', () => {
  it('answers ephemerally in the ack itself when the answer is ready at once', async () => {
    const started = Date.now();
    const response = await app.slack.command('U0ALICE001', 'help');
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(response.json?.response_type).toBe('ephemeral');
    const answer = await app.fake.waitFor(() => app.fake.responses.find((r) => response.responseUrl.endsWith(r.id)));
    expect(answer.body).toEqual(response.json); // shown once: the ack, no response_url post besides
    expect(app.fake.responses.filter((r) => response.responseUrl.endsWith(r.id))).toHaveLength(1);
    const text = JSON.stringify(answer.body.blocks);
    for (const syntax of [
      '/token create',
      '/token list [status:enabled|disabled|revoked|expired]',
      '/token revoke &lt;id&gt; [reason]',
      '/token admin org create',
    ]) {
      expect(text).toContain(syntax);
    }
    expect(text).toContain('Create, list and govern API tokens');
  });

  it("acks empty within Slack's 3 s when the answer is slow, then answers through response_url", async () => {
    app.fake.addUser({ id: 'U0SLOWPOKE' });
    app.fake.holdNext('users.info', 2_000); // the locale lookup of a user not seen yet
    const started = Date.now();
    const response = await app.slack.command('U0SLOWPOKE', 'help');
    const acked = Date.now() - started;
    expect(response.status).toBe(200);
    expect(response.body).toBe('');
    expect(acked).toBeGreaterThanOrEqual(900);
    expect(acked).toBeLessThan(2_000);
    const answer = await app.fake.waitFor(
      () => app.fake.responses.find((r) => response.responseUrl.endsWith(r.id)),
      5_000,
    );
    expect(answer.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(answer.body.blocks)).toContain('/token create');
  });

  it('answers an empty /token with the same usage', async () => {
    const response = await app.slack.command('U0ALICE001', '');
    const answer = await app.fake.waitFor(() => app.fake.responses.find((r) => response.responseUrl.endsWith(r.id)));
    expect(JSON.stringify(answer.body.blocks)).toContain('/token list');
    expect(answer.body.text).toBe('tokenops: your API tokens, from Slack');
  });

  it("answers in Japanese when the user's Slack locale is Japanese", async () => {
    app.fake.addUser({ id: 'U0HANAKO01', locale: 'ja-JP' });
    const response = await app.slack.command('U0HANAKO01', 'help');
    const answer = await app.fake.waitFor(() => app.fake.responses.find((r) => response.responseUrl.endsWith(r.id)));
    expect(JSON.stringify(answer.body.blocks)).toContain('API トークンの作成・一覧表示・管理');
    const lookup = app.fake.callsTo('users.info').find((call) => call.args.user === 'U0HANAKO01');
    expect(lookup?.args.include_locale).toBe('true'); // forms carry strings, as to Slack
  });

  it('answers an unknown subcommand with what was wrong and the usage, never an error', async () => {
    const response = await app.slack.command('U0ALICE001', 'frobnicate everything');
    const answer = await app.fake.waitFor(() => app.fake.responses.find((r) => response.responseUrl.endsWith(r.id)));
    expect(answer.body.text).toBe('`frobnicate` is not a /token subcommand.');
    expect(JSON.stringify(answer.body.blocks)).toContain('/token create');
  });

  it('still answers, in English, when Slack cannot tell the locale', async () => {
    app.fake.addUser({ id: 'U0BOB00001' });
    app.fake.failNext('users.info', { error: 'ratelimited' });
    const response = await app.slack.command('U0BOB00001', 'help');
    const answer = await app.fake.waitFor(() => app.fake.responses.find((r) => response.responseUrl.endsWith(r.id)));
    expect(answer.body.text).toBe('tokenops: your API tokens, from Slack');
  });
});
