// The Web API client's retries against the emulator: a call that may have reached Slack is made
// again only when doing it twice changes nothing (a secret's DM must not be shown twice).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebClient } from '@slack/web-api';
import { SlackEmulator } from '@tokenops/slack-emulator';
import type { Config } from '../../../src/config/env.js';
import { webClientOptions } from '../../../src/slack/web/client.js';
import { mayHaveReachedSlack, slackError } from '../../../src/slack/web/errors.js';
import { quietLogger } from '../../support/quietLogger.js';

let fake: SlackEmulator;
/** The app's client (as Bolt's and the worker's are made), with a shorter timeout when given. */
const clientOf = (apiUrl: string, timeout?: number) =>
  new WebClient(fake.botToken, {
    ...webClientOptions({ slack: { apiUrl } } as Config),
    ...(timeout ? { timeout } : {}),
    logger: quietLogger,
  });
let client: WebClient;

beforeAll(async () => {
  fake = await SlackEmulator.start();
  client = clientOf(fake.apiUrl);
  fake.addUser({ id: 'U0ALICE001' });
  fake.addChannel('C0RETRIES1', { botIsMember: true, members: ['U0ALICE001'] });
});
afterAll(() => fake.close());

const failure = (call: Promise<unknown>) =>
  call.then(
    () => expect.unreachable('it succeeded'),
    (error: unknown) => error,
  );

describe('Web API client retries', () => {
  it('does not post again a message whose answer was cut off: Slack may have shown it', async () => {
    const before = fake.callsTo('chat.postEphemeral').length;
    fake.dropNext('chat.postEphemeral');
    const error = await failure(client.chat.postEphemeral({ channel: 'C0RETRIES1', user: 'U0ALICE001', text: 'once' }));
    expect(mayHaveReachedSlack(error)).toBe(true);
    expect(fake.callsTo('chat.postEphemeral').length - before).toBe(1);
    expect(fake.conversation('C0RETRIES1', 'U0ALICE001').filter((m) => m.text === 'once')).toHaveLength(1);
  });

  it('does not post again a message Slack has not answered in time', async () => {
    const slow = clientOf(fake.apiUrl, 300);
    const before = fake.callsTo('chat.postMessage').length;
    fake.holdNext('chat.postMessage', 2_000);
    const error = await failure(slow.chat.postMessage({ channel: 'C0RETRIES1', text: 'slow' }));
    expect(mayHaveReachedSlack(error)).toBe(true);
    expect(slackError(error)).toBe('timeout');
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // a retry's backoff is at most 1 s
    expect(fake.callsTo('chat.postMessage').length - before).toBe(1);
  });

  it('does not post again a message answered with a 5xx, and makes a read again', async () => {
    const before = fake.callsTo('chat.postMessage').length;
    fake.failNext('chat.postMessage', { status: 500 });
    const error = await failure(client.chat.postMessage({ channel: 'C0RETRIES1', text: 'server error' }));
    expect([mayHaveReachedSlack(error), slackError(error)]).toEqual([true, 'http_500']);
    expect(fake.callsTo('chat.postMessage').length - before).toBe(1);

    fake.failNext('users.info', { status: 500 });
    expect((await client.users.info({ user: 'U0ALICE001' })).ok).toBe(true);
    expect(
      fake
        .callsTo('users.info')
        .slice(-2)
        .map((c) => c.status),
    ).toEqual([500, 200]);
  });

  it("tells Slack's refusals from its failures midway", async () => {
    fake.failNext('chat.postMessage', { error: 'internal_error' }); // "some aspect may have succeeded"
    expect(mayHaveReachedSlack(await failure(client.chat.postMessage({ channel: 'C0RETRIES1', text: 'x' })))).toBe(
      true,
    );
    fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    expect(mayHaveReachedSlack(await failure(client.chat.postMessage({ channel: 'C0RETRIES1', text: 'x' })))).toBe(
      false,
    );
  });

  it('makes a read or an update again when its answer was cut off', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0RETRIES1', text: 'first' });
    fake.dropNext('users.info');
    expect((await client.users.info({ user: 'U0ALICE001' })).user?.id).toBe('U0ALICE001');
    expect(fake.callsTo('users.info').length).toBeGreaterThanOrEqual(2);
    fake.dropNext('chat.update');
    await client.chat.update({ channel: 'C0RETRIES1', ts: posted.ts!, text: 'second' });
    expect(
      fake
        .callsTo('chat.update')
        .slice(-2)
        .map((c) => c.args.text),
    ).toEqual(['second', 'second']);
  });

  it('knows a call that could not connect never reached Slack', async () => {
    const closed = await SlackEmulator.start();
    const url = closed.apiUrl;
    await closed.close();
    const error = await failure(clientOf(url).chat.postMessage({ channel: 'C0RETRIES1', text: 'nobody' }));
    expect(mayHaveReachedSlack(error)).toBe(false);
  });
});
