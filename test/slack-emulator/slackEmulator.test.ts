// The emulator must behave like Slack for failure paths to be tested honestly: checked here with
// the real Web API client that the app uses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebClient, ErrorCode } from '@slack/web-api';
import { quietLogger as quiet } from '../support/quietLogger.js';
import {
  GENERAL_CHANNEL,
  SlackDriver,
  SlackEmulator,
  checkBlocks,
  checkSuggestions,
  readGrants,
} from '@tokenops/slack-emulator';
import { rateRule } from '../../src/notify/rateTiers.js';

let fake: SlackEmulator;
let client: WebClient;
beforeAll(async () => {
  fake = await SlackEmulator.start();
  client = new WebClient(fake.botToken, {
    slackApiUrl: fake.apiUrl,
    logger: quiet,
    retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 10 },
  });
  fake.addUser({ id: 'U0ALICE001', locale: 'ja-JP' });
  fake.addChannel(GENERAL_CHANNEL, { members: ['U0ALICE001'] });
});
afterAll(() => fake.close());

const blocks = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `row ${i}` } }));

describe('Slack emulator Web API', () => {
  it('answers auth.test like Slack and refuses a wrong token', async () => {
    expect(await client.auth.test()).toMatchObject({
      ok: true,
      user_id: 'U0TOKENOPS',
      bot_id: 'B0TOKENOPS',
      team_id: 'T0TEAM0001',
    });
    const stranger = new WebClient('xoxb-wrong', { slackApiUrl: fake.apiUrl, logger: quiet });
    await expect(stranger.auth.test()).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { ok: false, error: 'invalid_auth' },
    });
  });

  it('answers users.info with the locale only when asked', async () => {
    expect((await client.users.info({ user: 'U0ALICE001', include_locale: true })).user?.locale).toBe('ja-JP');
    expect((await client.users.info({ user: 'U0ALICE001' })).user?.locale).toBeUndefined();
    await expect(client.users.info({ user: 'U0NOBODY01' })).rejects.toMatchObject({
      data: { error: 'user_not_found' },
    });
  });

  it('opens a DM and posts ephemeral messages only to members', async () => {
    const dm = await client.conversations.open({ users: 'U0ALICE001' });
    expect(dm.channel?.id).toBe('D0ALICE001');
    expect((await client.chat.postEphemeral({ channel: 'D0ALICE001', user: 'U0ALICE001', text: 'hi' })).ok).toBe(true);
    fake.addUser({ id: 'U0BOB00001' });
    await expect(
      client.chat.postEphemeral({ channel: 'D0ALICE001', user: 'U0BOB00001', text: 'hi' }),
    ).rejects.toMatchObject({
      data: { error: 'user_not_in_channel' },
    });
    // Where the app is not a member: a public channel refuses; a DM between people does not exist for it.
    fake.addChannel('C0NOAPP001', { botIsMember: false, members: ['U0ALICE001'] });
    await expect(
      client.chat.postEphemeral({ channel: 'C0NOAPP001', user: 'U0ALICE001', text: 'hi' }),
    ).rejects.toMatchObject({ data: { error: 'not_in_channel' } });
    fake.addChannel('D0PEERS001', { botIsMember: false, members: ['U0ALICE001', 'U0BOB00001'] });
    await expect(
      client.chat.postEphemeral({ channel: 'D0PEERS001', user: 'U0ALICE001', text: 'hi' }),
    ).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
  });

  it('posts and updates channel messages, and refuses channels the bot is not in', async () => {
    fake.addChannel('C0APPROVAL', { botIsMember: true });
    const posted = await client.chat.postMessage({ channel: 'C0APPROVAL', text: 'request' });
    expect(posted.ts).toMatch(/^\d+\.\d{6}$/);
    await client.chat.update({ channel: 'C0APPROVAL', ts: posted.ts!, text: 'approved' });
    expect(fake.messages.get(`C0APPROVAL/${posted.ts}`)?.text).toBe('approved');
    await expect(client.chat.update({ channel: 'C0APPROVAL', ts: '1.000000', text: 'x' })).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
    fake.addChannel('C0PRIVATE1', { botIsMember: false });
    await expect(client.chat.postMessage({ channel: 'C0PRIVATE1', text: 'x' })).rejects.toMatchObject({
      data: { error: 'not_in_channel' },
    });
    await expect(client.chat.postMessage({ channel: 'C0MISSING1', text: 'x' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
  });

  it('enforces Block Kit limits with invalid_blocks and a JSON pointer', async () => {
    await client.chat.postMessage({ channel: 'C0APPROVAL', text: 'fifty', blocks: blocks(50) });
    const error = await client.chat
      .postMessage({ channel: 'C0APPROVAL', text: 'too many', blocks: blocks(51) })
      .catch((e) => e);
    expect(error.data.error).toBe('invalid_blocks');
    expect(error.data.response_metadata.messages[0]).toContain('[json-pointer:/blocks]');
    const long = await client.chat
      .postMessage({
        channel: 'C0APPROVAL',
        text: 'x',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }],
      })
      .catch((e) => e);
    expect(long.data.response_metadata.messages[0]).toContain('/blocks/0/text/text');
  });

  it('opens views once per trigger, checks modal limits, and expires triggers after 3 s', async () => {
    const view = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'Create a token' },
      blocks: blocks(3),
    };
    const trigger = fake.issueTriggerId();
    const opened = await client.views.open({ trigger_id: trigger, view });
    expect(opened.view?.id).toMatch(/^V/);
    await expect(client.views.open({ trigger_id: trigger, view })).rejects.toMatchObject({
      data: { error: 'expired_trigger_id' },
    });
    await expect(client.views.open({ trigger_id: 'made-up', view })).rejects.toMatchObject({
      data: { error: 'invalid_trigger_id' },
    });
    const longTitle = { ...view, title: { type: 'plain_text' as const, text: 'A title longer than 24 chars' } };
    const error = await client.views.open({ trigger_id: fake.issueTriggerId(), view: longTitle }).catch((e) => e);
    expect(error.data.error).toBe('invalid_arguments');
    expect(error.data.response_metadata.messages[0]).toContain('/view/title');
    const options = Array.from({ length: 101 }, (_, i) => ({
      text: { type: 'plain_text' as const, text: `o${i}` },
      value: `o${i}`,
    }));
    const tooMany = await client.views
      .open({
        trigger_id: fake.issueTriggerId(),
        view: {
          ...view,
          blocks: [
            {
              type: 'section',
              text: { type: 'mrkdwn', text: 'x' },
              accessory: { type: 'static_select', action_id: 's', options },
            },
          ],
        },
      })
      .catch((e) => e);
    expect(tooMany.data.response_metadata.messages[0]).toContain('no more than 100 items');
    const updated = await client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view });
    await expect(
      client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view }),
    ).rejects.toMatchObject({ data: { error: 'hash_conflict' } });
    expect(updated.view?.id).toBe(opened.view?.id);
  });

  it('answers injected failures: ok:false, HTTP 500 (retried), and 429 with Retry-After (honoured)', async () => {
    fake.failNext('chat.postMessage', { error: 'channel_is_archived' });
    await expect(client.chat.postMessage({ channel: 'C0APPROVAL', text: 'x' })).rejects.toMatchObject({
      data: { error: 'channel_is_archived' },
    });

    fake.failNext('auth.test', { status: 500 });
    expect((await client.auth.test()).ok).toBe(true); // the client retried once
    expect(
      fake
        .callsTo('auth.test')
        .slice(-2)
        .map((c) => c.status),
    ).toEqual([500, 200]);

    fake.failNext('users.info', { status: 429, retryAfter: 1 });
    const before = Date.now();
    expect((await client.users.info({ user: 'U0ALICE001' })).ok).toBe(true);
    expect(Date.now() - before).toBeGreaterThanOrEqual(900);
    const rejecting = new WebClient(fake.botToken, {
      slackApiUrl: fake.apiUrl,
      logger: quiet,
      rejectRateLimitedCalls: true,
    });
    fake.failNext('users.info', { status: 429, retryAfter: 7 });
    await expect(rejecting.users.info({ user: 'U0ALICE001' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 7,
    });
  });

  it('carries out a dropped call (the next, or the next it picks), then cuts its connection before the answer', async () => {
    fake.addChannel('C0DROPPED1', { botIsMember: true });
    const once = new WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, logger: quiet, retryConfig: { retries: 0 } });
    fake.dropNext('chat.postMessage');
    await expect(once.chat.postMessage({ channel: 'C0DROPPED1', text: 'sent' })).rejects.toMatchObject({
      code: ErrorCode.RequestError,
    });
    expect(fake.conversation('C0DROPPED1', 'U0ALICE001').map((m) => m.text)).toEqual(['sent']); // Slack did it
    expect((await once.chat.postMessage({ channel: 'C0DROPPED1', text: 'next' })).ok).toBe(true); // once only
    fake.dropNext('chat.postMessage', (args) => args.text === 'this one'); // only the call it picks
    expect((await once.chat.postMessage({ channel: 'C0DROPPED1', text: 'another' })).ok).toBe(true);
    await expect(once.chat.postMessage({ channel: 'C0DROPPED1', text: 'this one' })).rejects.toMatchObject({
      code: ErrorCode.RequestError,
    });
  });

  it('carries out a stalled call only once released, after the calls made meanwhile', async () => {
    fake.addChannel('C0STALLED1', { botIsMember: true });
    const posted = await client.chat.postMessage({ channel: 'C0STALLED1', text: 'asked' });
    const stalled = fake.stallNext('chat.update');
    const early = client.chat.update({ channel: 'C0STALLED1', ts: posted.ts!, text: 'early' });
    await stalled.reached;
    await client.chat.update({ channel: 'C0STALLED1', ts: posted.ts!, text: 'later' });
    expect(fake.messages.get(`C0STALLED1/${posted.ts}`)?.text).toBe('later');
    stalled.release();
    await early;
    expect(fake.messages.get(`C0STALLED1/${posted.ts}`)?.text).toBe('early'); // Slack keeps the last to arrive
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

describe('OAuth scopes, from manifest.yml', () => {
  it('grants the app exactly the manifest scopes, reported in x-oauth-scopes', async () => {
    const manifestScopes = readGrants().scopes;
    expect(fake.grants.scopes).toEqual(manifestScopes);
    const response = await fetch(`${fake.apiUrl}auth.test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.botToken}` },
    });
    expect(response.headers.get('x-oauth-scopes')).toBe(manifestScopes.join(','));
  });

  it('answers missing_scope with needed and provided when the manifest lacks the scope', async () => {
    const narrow = await SlackEmulator.start({
      grants: { ...readGrants(), scopes: ['commands', 'chat:write', 'im:write'] },
    });
    try {
      narrow.addUser({ id: 'U0ALICE001' });
      const narrowClient = new WebClient(narrow.botToken, {
        slackApiUrl: narrow.apiUrl,
        logger: quiet,
        retryConfig: { retries: 0 },
      });
      const dm = await narrowClient.conversations.open({ users: 'U0ALICE001' });
      await expect(narrowClient.conversations.history({ channel: dm.channel!.id! })).rejects.toMatchObject({
        data: { ok: false, error: 'missing_scope', needed: 'im:history', provided: 'commands,chat:write,im:write' },
      });
      await expect(narrowClient.users.info({ user: 'U0ALICE001' })).rejects.toMatchObject({
        data: { error: 'missing_scope', needed: 'users:read' },
      });
      // Methods that need no scope still work.
      expect((await narrowClient.auth.test()).ok).toBe(true);
    } finally {
      await narrow.close();
    }
  });

  it('needs the history scope of the kind of conversation read', async () => {
    const dm = await client.conversations.open({ users: 'U0ALICE001' });
    expect((await client.conversations.history({ channel: dm.channel!.id! })).ok).toBe(true); // im:history is granted
    await expect(client.conversations.history({ channel: GENERAL_CHANNEL })).rejects.toMatchObject({
      data: { error: 'missing_scope', needed: 'channels:history' },
    });
  });

  it('reads history between oldest and latest (inclusive when asked), and answers a permalink that opens the conversation', async () => {
    const dm = (await client.conversations.open({ users: 'U0ALICE001' })).channel!.id!;
    const sent: string[] = [];
    for (const text of ['one', 'two', 'three']) sent.push((await client.chat.postMessage({ channel: dm, text })).ts!);
    const one = await client.conversations.history({
      channel: dm,
      latest: sent[1],
      oldest: sent[1],
      inclusive: true,
      limit: 1,
    });
    expect(one.messages?.map((m) => m.text)).toEqual(['two']);
    expect(
      (await client.conversations.history({ channel: dm, latest: sent[1] })).messages?.map((m) => m.text),
    ).not.toContain('two');
    const { permalink } = await client.chat.getPermalink({ channel: dm, message_ts: sent[0]! });
    expect(permalink).toBe(`${fake.baseUrl}/?channel=${dm}&message=${sent[0]}`);
  });

  it('shows a profile e-mail only with users:read.email, and delivers only subscribed events', async () => {
    fake.addUser({ id: 'U0MAILED01', email: 'm@example.com' });
    const { user } = await client.users.info({ user: 'U0MAILED01' });
    expect(user?.profile?.email).toBeUndefined();
    const driver = new SlackDriver('http://127.0.0.1:9', 'secret', fake);
    expect(await driver.event({ type: 'member_joined_channel', user: 'U0MAILED01' })).toMatchObject({
      delivered: false,
    });
    expect(() => driver.slashCommandPayload('U0MAILED01', 'help', { command: '/tokens' })).toThrow(
      'not a command in manifest.yml',
    );
  });
});

describe('limits Slack documents for what apps send', () => {
  const section = (extra: Record<string, unknown>) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: 'x' },
    ...extra,
  });
  const button = (extra: Record<string, unknown>) => ({
    type: 'button',
    action_id: 'b',
    text: { type: 'plain_text', text: 'Go' },
    ...extra,
  });
  const option = (value: string, text = value) => ({ text: { type: 'plain_text', text }, value });
  const modal = (extra: Record<string, unknown> = {}) => ({
    type: 'modal',
    title: { type: 'plain_text', text: 'Title' },
    blocks: [section({})],
    ...extra,
  });

  it.each([
    [
      'a button value over 2,000 characters',
      [section({ accessory: button({ value: 'v'.repeat(2001) }) })],
      '/blocks/0/accessory/value',
    ],
    [
      'a button style Slack does not have',
      [section({ accessory: button({ style: 'warning' }) })],
      '/blocks/0/accessory/style',
    ],
    [
      'button text over 75',
      [{ type: 'actions', elements: [button({ text: { type: 'plain_text', text: 'b'.repeat(76) } })] }],
      '/blocks/0/elements/0/text/text',
    ],
    [
      'a confirm title in mrkdwn',
      [
        section({
          accessory: button({
            confirm: {
              title: { type: 'mrkdwn', text: 'Sure?' },
              text: { type: 'mrkdwn', text: 'x' },
              confirm: { type: 'plain_text', text: 'Yes' },
              deny: { type: 'plain_text', text: 'No' },
            },
          }),
        }),
      ],
      '/blocks/0/accessory/confirm/title/type',
    ],
    [
      'a confirm button over 30',
      [
        section({
          accessory: button({
            confirm: {
              title: { type: 'plain_text', text: 'Sure?' },
              text: { type: 'mrkdwn', text: 'x' },
              confirm: { type: 'plain_text', text: 'y'.repeat(31) },
              deny: { type: 'plain_text', text: 'No' },
            },
          }),
        }),
      ],
      '/blocks/0/accessory/confirm/confirm/text',
    ],
    [
      'an overflow with 6 options',
      [
        section({
          accessory: {
            type: 'overflow',
            action_id: 'o',
            options: ['1', '2', '3', '4', '5', '6'].map((v) => option(v)),
          },
        }),
      ],
      '/blocks/0/accessory/options',
    ],
    [
      'option text over 75',
      [section({ accessory: { type: 'static_select', action_id: 's', options: [option('a', 't'.repeat(76))] } })],
      '/blocks/0/accessory/options/0/text/text',
    ],
    [
      'option value over 150',
      [section({ accessory: { type: 'static_select', action_id: 's', options: [option('v'.repeat(151), 'a')] } })],
      '/blocks/0/accessory/options/0/value',
    ],
    [
      'an initial option not among the options',
      [
        section({
          accessory: { type: 'static_select', action_id: 's', options: [option('a')], initial_option: option('b') },
        }),
      ],
      '/blocks/0/accessory/initial_option',
    ],
    [
      'more than 10 fields',
      [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }],
      '/blocks/0/fields',
    ],
    [
      'a header over 150',
      [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
      '/blocks/0/text/text',
    ],
    ['an empty section text', [{ type: 'section', text: { type: 'mrkdwn', text: '' } }], '/blocks/0/text/text'],
    ['a duplicate block_id', [section({ block_id: 'same' }), section({ block_id: 'same' })], '/blocks/1/block_id'],
    [
      'an external select with options of its own',
      [section({ accessory: { type: 'external_select', action_id: 'e', options: [option('a')] } })],
      '/blocks/0/accessory',
    ],
  ])('refuses a message with %s', async (_what, blocks, pointer) => {
    const error = await client.chat
      .postMessage({ channel: 'C0APPROVAL', text: 'x', blocks: blocks as never })
      .catch((e) => e);
    expect(error.data?.error).toBe('invalid_blocks');
    expect(error.data.response_metadata.messages.join('\n')).toContain(`[json-pointer:${pointer}]`);
  });

  it('refuses a message text over 40,000 characters', async () => {
    await expect(client.chat.postMessage({ channel: 'C0APPROVAL', text: 'x'.repeat(40_001) })).rejects.toMatchObject({
      data: { error: 'msg_too_long' },
    });
  });

  it.each([
    ['private_metadata over 3,000 characters', modal({ private_metadata: 'm'.repeat(3001) }), '/view/private_metadata'],
    ['a submit label over 24', modal({ submit: { type: 'plain_text', text: 's'.repeat(25) } }), '/view/submit/text'],
    ['a close label over 24', modal({ close: { type: 'plain_text', text: 'c'.repeat(25) } }), '/view/close/text'],
    ['101 blocks', modal({ blocks: Array.from({ length: 101 }, () => section({})) }), '/view/blocks'],
    [
      'an input without a submit button',
      modal({
        blocks: [
          {
            type: 'input',
            label: { type: 'plain_text', text: 'L' },
            element: { type: 'plain_text_input', action_id: 'i' },
          },
        ],
      }),
      '/view/submit',
    ],
    [
      'an initial value longer than max_length',
      modal({
        submit: { type: 'plain_text', text: 'OK' },
        blocks: [
          {
            type: 'input',
            label: { type: 'plain_text', text: 'L' },
            element: { type: 'plain_text_input', action_id: 'i', max_length: 3, initial_value: 'four' },
          },
        ],
      }),
      '/view/blocks/0/element/initial_value',
    ],
    [
      'a datepicker date not in YYYY-MM-DD',
      modal({
        submit: { type: 'plain_text', text: 'OK' },
        blocks: [
          {
            type: 'input',
            label: { type: 'plain_text', text: 'L' },
            element: { type: 'datepicker', action_id: 'd', initial_date: '1/2/2026' },
          },
        ],
      }),
      '/view/blocks/0/element/initial_date',
    ],
  ])('refuses a modal with %s', async (_what, view, pointer) => {
    const error = await client.views.open({ trigger_id: fake.issueTriggerId(), view: view as never }).catch((e) => e);
    expect(error.data?.error).toBe('invalid_arguments');
    expect(error.data.response_metadata.messages.join('\n')).toContain(`[json-pointer:${pointer}]`);
  });

  it('shows an app’s options for an external select only when Slack would: up to 100, each within its limits', () => {
    const options = (n: number) => Array.from({ length: n }, (_, i) => option(`v${i}`));
    expect(checkSuggestions({ options: options(100) })).toEqual([]);
    expect(
      checkSuggestions({ option_groups: [{ label: { type: 'plain_text', text: 'G' }, options: options(3) }] }),
    ).toEqual([]);
    expect(checkSuggestions({ options: options(101) }).join()).toContain('[json-pointer:/options]');
    expect(checkSuggestions({ options: [option('v', 't'.repeat(76))] }).join()).toContain('/options/0/text/text');
    expect(checkSuggestions({ text: 'no options' }).join()).toContain('must provide options or option_groups');
    // An external select needs no options in the view; an initial one is checked like any option.
    const select = (extra: Record<string, unknown>) => [
      section({ accessory: { type: 'external_select', action_id: 'e', min_query_length: 0, ...extra } }),
    ];
    expect(checkBlocks(select({}), 'modal')).toEqual([]);
    expect(checkBlocks(select({ initial_option: option('v'.repeat(151)) }), 'modal').join()).toContain(
      '/blocks/0/accessory/initial_option/value',
    );
  });

  it('allows 100 blocks on a Home tab but not 101', async () => {
    const home = (n: number) => ({
      type: 'home' as const,
      blocks: Array.from({ length: n }, () => section({})) as never,
    });
    expect((await client.views.publish({ user_id: 'U0ALICE001', view: home(100) })).ok).toBe(true);
    await expect(client.views.publish({ user_id: 'U0ALICE001', view: home(101) })).rejects.toMatchObject({
      data: { error: 'invalid_arguments' },
    });
  });
});

describe('Slack emulator rate tiers (opt-in, time-scaled)', () => {
  it('answer 429 with Retry-After beyond a method tier per minute, and about one message per second per channel', async () => {
    const tiered = await SlackEmulator.start({ rateTiers: { scale: 60, rule: rateRule } }); // a Slack minute lasts 1 s
    try {
      tiered.addUser({ id: 'U0BOB00001' });
      tiered.addChannel('C0BUSY0001', { botIsMember: true });
      const raw = (method: string, body: Record<string, unknown>) =>
        fetch(`${tiered.apiUrl}${method}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tiered.botToken}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const opens = await Promise.all(
        Array.from({ length: 60 }, () => raw('conversations.open', { users: 'U0BOB00001' })),
      );
      expect(opens.filter((r) => r.status === 200)).toHaveLength(50); // Tier 3: 50 a minute
      const limited = opens.find((r) => r.status === 429)!;
      expect([Number(limited.headers.get('retry-after')) >= 1, (await limited.json()).error]).toEqual([
        true,
        'ratelimited',
      ]);

      const posts = [];
      for (let i = 0; i < 5; i++)
        posts.push((await raw('chat.postMessage', { channel: 'C0BUSY0001', text: `m${i}` })).status);
      expect(posts).toEqual([200, 200, 200, 429, 429]); // a short burst, then one a second
      expect((await raw('chat.postMessage', { channel: GENERAL_CHANNEL, text: 'elsewhere' })).status).not.toBe(429); // per channel
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await raw('conversations.open', { users: 'U0BOB00001' })).status).toBe(200); // the next (scaled) minute
    } finally {
      await tiered.close();
    }
  });
});
