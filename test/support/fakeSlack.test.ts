// The fake must behave like Slack for failure paths to be tested honestly: checked here with
// the real Web API client that the app uses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebClient, ErrorCode, LogLevel, type Logger } from '@slack/web-api';
import { FakeSlack, GENERAL_CHANNEL } from './fakeSlack.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };
let fake: FakeSlack;
let client: WebClient;
beforeAll(async () => {
  fake = await FakeSlack.start();
  client = new WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, logger: quiet, retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 10 } });
  fake.addUser({ id: 'U0ALICE001', locale: 'ja-JP' });
  fake.addChannel(GENERAL_CHANNEL, { members: ['U0ALICE001'] });
});
afterAll(() => fake.close());

const blocks = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `row ${i}` } }));

describe('fake Slack Web API', () => {
  it('answers auth.test like Slack and refuses a wrong token', async () => {
    expect(await client.auth.test()).toMatchObject({ ok: true, user_id: 'U0TOKENOPS', bot_id: 'B0TOKENOPS', team_id: 'T0TEAM0001' });
    const stranger = new WebClient('xoxb-wrong', { slackApiUrl: fake.apiUrl, logger: quiet });
    await expect(stranger.auth.test()).rejects.toMatchObject({ code: ErrorCode.PlatformError, data: { ok: false, error: 'invalid_auth' } });
  });

  it('answers users.info with the locale only when asked', async () => {
    expect((await client.users.info({ user: 'U0ALICE001', include_locale: true })).user?.locale).toBe('ja-JP');
    expect((await client.users.info({ user: 'U0ALICE001' })).user?.locale).toBeUndefined();
    await expect(client.users.info({ user: 'U0NOBODY01' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
  });

  it('opens a DM and posts ephemeral messages only to members', async () => {
    const dm = await client.conversations.open({ users: 'U0ALICE001' });
    expect(dm.channel?.id).toBe('D0ALICE001');
    expect((await client.chat.postEphemeral({ channel: 'D0ALICE001', user: 'U0ALICE001', text: 'hi' })).ok).toBe(true);
    fake.addUser({ id: 'U0BOB00001' });
    await expect(client.chat.postEphemeral({ channel: 'D0ALICE001', user: 'U0BOB00001', text: 'hi' })).rejects.toMatchObject({
      data: { error: 'user_not_in_channel' },
    });
  });

  it('posts and updates channel messages, and refuses channels the bot is not in', async () => {
    fake.addChannel('C0APPROVAL', { botIsMember: true });
    const posted = await client.chat.postMessage({ channel: 'C0APPROVAL', text: 'request' });
    expect(posted.ts).toMatch(/^\d+\.\d{6}$/);
    await client.chat.update({ channel: 'C0APPROVAL', ts: posted.ts!, text: 'approved' });
    expect(fake.messages.get(`C0APPROVAL/${posted.ts}`)?.text).toBe('approved');
    await expect(client.chat.update({ channel: 'C0APPROVAL', ts: '1.000000', text: 'x' })).rejects.toMatchObject({ data: { error: 'message_not_found' } });
    fake.addChannel('C0PRIVATE1', { botIsMember: false });
    await expect(client.chat.postMessage({ channel: 'C0PRIVATE1', text: 'x' })).rejects.toMatchObject({ data: { error: 'not_in_channel' } });
    await expect(client.chat.postMessage({ channel: 'C0MISSING1', text: 'x' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
  });

  it('enforces Block Kit limits with invalid_blocks and a JSON pointer', async () => {
    await client.chat.postMessage({ channel: 'C0APPROVAL', text: 'fifty', blocks: blocks(50) });
    const error = await client.chat.postMessage({ channel: 'C0APPROVAL', text: 'too many', blocks: blocks(51) }).catch((e) => e);
    expect(error.data.error).toBe('invalid_blocks');
    expect(error.data.response_metadata.messages[0]).toContain('[json-pointer:/blocks]');
    const long = await client.chat.postMessage({ channel: 'C0APPROVAL', text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] }).catch((e) => e);
    expect(long.data.response_metadata.messages[0]).toContain('/blocks/0/text/text');
  });

  it('opens views once per trigger, checks modal limits, and expires triggers after 3 s', async () => {
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Create a token' }, blocks: blocks(3) };
    const trigger = fake.issueTriggerId();
    const opened = await client.views.open({ trigger_id: trigger, view });
    expect(opened.view?.id).toMatch(/^V/);
    await expect(client.views.open({ trigger_id: trigger, view })).rejects.toMatchObject({ data: { error: 'expired_trigger_id' } });
    await expect(client.views.open({ trigger_id: 'made-up', view })).rejects.toMatchObject({ data: { error: 'invalid_trigger_id' } });
    const longTitle = { ...view, title: { type: 'plain_text' as const, text: 'A title longer than 24 chars' } };
    const error = await client.views.open({ trigger_id: fake.issueTriggerId(), view: longTitle }).catch((e) => e);
    expect(error.data.error).toBe('invalid_arguments');
    expect(error.data.response_metadata.messages[0]).toContain('/view/title');
    const options = Array.from({ length: 101 }, (_, i) => ({ text: { type: 'plain_text' as const, text: `o${i}` }, value: `o${i}` }));
    const tooMany = await client.views
      .open({ trigger_id: fake.issueTriggerId(), view: { ...view, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x' }, accessory: { type: 'static_select', action_id: 's', options } }] } })
      .catch((e) => e);
    expect(tooMany.data.response_metadata.messages[0]).toContain('no more than 100 items');
    const updated = await client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view });
    await expect(client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view })).rejects.toMatchObject({ data: { error: 'hash_conflict' } });
    expect(updated.view?.id).toBe(opened.view?.id);
  });

  it('answers injected failures: ok:false, HTTP 500 (retried), and 429 with Retry-After (honoured)', async () => {
    fake.failNext('chat.postMessage', { error: 'channel_is_archived' });
    await expect(client.chat.postMessage({ channel: 'C0APPROVAL', text: 'x' })).rejects.toMatchObject({ data: { error: 'channel_is_archived' } });

    fake.failNext('auth.test', { status: 500 });
    expect((await client.auth.test()).ok).toBe(true); // the client retried once
    expect(fake.callsTo('auth.test').slice(-2).map((c) => c.status)).toEqual([500, 200]);

    fake.failNext('users.info', { status: 429, retryAfter: 1 });
    const before = Date.now();
    expect((await client.users.info({ user: 'U0ALICE001' })).ok).toBe(true);
    expect(Date.now() - before).toBeGreaterThanOrEqual(900);
    const rejecting = new WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, logger: quiet, rejectRateLimitedCalls: true });
    fake.failNext('users.info', { status: 429, retryAfter: 7 });
    await expect(rejecting.users.info({ user: 'U0ALICE001' })).rejects.toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 7 });
  });

  it('accepts a response_url five times within 30 minutes, then refuses it', async () => {
    const url = fake.issueResponseUrl();
    for (let i = 0; i < 5; i++) {
      expect((await fetch(url, { method: 'POST', body: JSON.stringify({ text: `n${i}` }) })).status).toBe(200);
    }
    const sixth = await fetch(url, { method: 'POST', body: JSON.stringify({ text: 'n6' }) });
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toEqual({ ok: false, error: 'used_url' });
  });
});
