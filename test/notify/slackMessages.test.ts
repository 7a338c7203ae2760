// Messages at Slack's pace, against the emulator enforcing Slack's published tiers (a Slack
// minute lasts a sixtieth here): a burst of outcome updates and DMs all arrive with 429s rare
// (a timer fired late on a busy machine may bunch a few calls; unpaced, many more are
// refused), and a DM sent under a key is found again by a retry instead of being sent twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { GENERAL_CHANNEL, SlackEmulator } from '@tokenops/slack-emulator';
import { Pacer } from '../../src/notify/pacer.js';
import { People } from '../../src/notify/people.js';
import { rateRule } from '../../src/notify/rateTiers.js';
import { SlackMessages } from '../../src/notify/slackMessages.js';
import { simpleMessage } from '../../src/slack/views/message.js';
import { createRedis } from '../../src/store/redis.js';
import { createShortLivedStore } from '../../src/store/shortLived.js';
import { REDIS_URL, createRedisPrefix } from '../support/databases.js';

const SCALE = 60;
const redisPrefix = createRedisPrefix();
const redis = createRedis(REDIS_URL, { maxRetriesPerRequest: null });
let fake: SlackEmulator;
let messages: SlackMessages;
const people = Array.from({ length: 8 }, (_, i) => `U0PACED${String(i).padStart(3, '0')}`);

beforeAll(async () => {
  fake = await SlackEmulator.start({ rateTiers: { scale: SCALE, rule: rateRule } });
  fake.addChannel(GENERAL_CHANNEL, { members: [] });
  for (const id of people) fake.addUser({ id, locale: id.endsWith('0') ? 'ja-JP' : 'en-US' });
  // Slack's client waits out a 429 and tries again, as the Slack layer's does.
  const client = new WebClient(fake.botToken, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 10, minTimeout: 10, maxTimeout: 10 },
  });
  const store = createShortLivedStore(redis, redisPrefix.prefix);
  const pacer = new Pacer(store, SCALE);
  messages = new SlackMessages(client, store, pacer, new People(client, store, pino({ level: 'silent' }), { pacer }));
});

afterAll(async () => {
  fake.close();
  redis.disconnect();
  await redisPrefix.clean();
});

const limited = () => fake.calls.filter((call) => call.status === 429);

describe('messages to Slack', () => {
  it("keep to Slack's tiers: updates of one message and DMs to many people, 429s rare", async () => {
    await messages.post(GENERAL_CHANNEL, simpleMessage('a request'));
    const ts = String(fake.callsTo('chat.postMessage').at(-1)!.response.ts);
    await Promise.all([
      ...Array.from({ length: 120 }, (_, i) => messages.update(GENERAL_CHANNEL, ts, simpleMessage(`outcome ${i}`))), // more than two of Tier 3's minutes
      ...people.map((id) => messages.dm(id, (language) => simpleMessage(language))),
    ]);
    expect(limited().length).toBeLessThanOrEqual(Math.ceil(fake.calls.length / 10)); // unpaced: a quarter and more
    expect(fake.callsTo('chat.update').filter((call) => call.status === 200)).toHaveLength(120);
    const dms = fake.callsTo('chat.postMessage').filter((call) => String(call.args.channel).startsWith('D'));
    expect(dms.map((call) => call.args.text).sort()).toEqual(
      [...people.map((id) => (id.endsWith('0') ? 'ja' : 'en'))].sort(),
    );
  });

  it('send a keyed DM once: a retry that may have posted it looks in the DM first', async () => {
    const [userId] = people;
    const render = () => simpleMessage('your digest');
    expect(await messages.dmOnce(userId!, 'digest-1', render)).toBe('sent');
    expect(await messages.dmOnce(userId!, 'digest-1', render, true)).toBe('sent'); // found in the history
    expect(await messages.dmOnce(userId!, 'digest-2', render, true)).toBe('sent'); // not there: sent
    const sent = fake.callsTo('chat.postMessage').filter((call) => JSON.stringify(call.args).includes('your digest'));
    expect(sent.map((call) => (call.args.metadata as { event_payload: { key: string } }).event_payload.key)).toEqual([
      'digest-1',
      'digest-2',
    ]);
  });
});
