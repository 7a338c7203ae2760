// Who people are, asked of Slack once for everyone: the Slack layer (answering a person) and the
// worker (writing to one) read the same cache in Redis; Slack still answers without Redis, and a
// failure to read a locale is English, never a failed request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { SlackEmulator } from '@tokenops/slack-emulator';
import { People } from '../../src/notify/people.js';
import { slackContacts } from '../../src/slack/web/contacts.js';
import { Pacer } from '../../src/notify/pacer.js';
import { createRedis, requestPathRedis } from '../../src/store/redis.js';
import { createRequestShortLivedStore, createShortLivedStore } from '../../src/store/shortLived.js';
import { REDIS_URL, createRedisPrefix } from '../support/databases.js';

const redisPrefix = createRedisPrefix();
const redis = createRedis(REDIS_URL, { maxRetriesPerRequest: null });
const requestRedis = requestPathRedis(redis);
const logger = pino({ level: 'silent' });
let fake: SlackEmulator;
let client: WebClient;

beforeAll(async () => {
  fake = await SlackEmulator.start();
  client = new WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  fake.addUser({ id: 'U0HANAKO01', locale: 'ja-JP' });
  fake.addUser({ id: 'U0ALICE001', locale: 'en-US' });
});

afterAll(async () => {
  fake.close();
  requestRedis.disconnect();
  redis.disconnect();
  await redisPrefix.clean();
});

const lookups = (userId: string) => fake.callsTo('users.info').filter((call) => call.args.user === userId).length;

describe('people', () => {
  it('are looked up once for the worker and the Slack layer alike', async () => {
    const shortLived = createShortLivedStore(redis, redisPrefix.prefix);
    const worker = new People(client, shortLived, logger, { pacer: new Pacer(shortLived) });
    const requests = new People(client, createRequestShortLivedStore(requestRedis, redisPrefix.prefix), logger, {
      localMs: 60_000,
    });
    expect(await worker.person('U0HANAKO01')).toEqual({ language: 'ja', deleted: false, bot: false });
    expect(await requests.languageOf('U0HANAKO01')).toBe('ja');
    expect((await requests.translatorFor('U0HANAKO01'))('expiry.never')).toBe(requests.translate('ja')('expiry.never'));
    expect(lookups('U0HANAKO01')).toBe(1);
  });

  it('answer the primary-contact check from the same cache: active, bot, deactivated or unknown, with no lookup of its own', async () => {
    fake.addUser({ id: 'U0CONTACT1' });
    fake.addUser({ id: 'U0ROBOT001', isBot: true });
    fake.addUser({ id: 'U0LEAVER01' });
    const store = createShortLivedStore(redis, redisPrefix.prefix);
    const web = new People(client, store, logger, { localMs: 60_000 }); // the Slack layer's, with a copy in process
    const contacts = slackContacts(new People(client, store, logger), logger); // as composed: no copy in process
    expect(await web.languageOf('U0CONTACT1')).toBe('en'); // someone answered, or written to, before
    expect(await contacts.statusOf('U0CONTACT1')).toBe('active');
    expect(lookups('U0CONTACT1')).toBe(1);
    expect(await contacts.statusOf('U0ROBOT001')).toBe('bot');
    expect(await contacts.statusOf('U0NOBODY02')).toBe('unknown');
    await web.languageOf('U0ROBOT001');
    expect(lookups('U0ROBOT001')).toBe(1); // the check filled the cache
    // A deactivation another instance heard of (it forgets the person in Redis) is seen at once.
    expect(await contacts.statusOf('U0LEAVER01')).toBe('active');
    fake.addUser({ id: 'U0LEAVER01', deleted: true });
    await new People(client, store, logger).forget('U0LEAVER01');
    expect(await contacts.statusOf('U0LEAVER01')).toBe('deactivated');
  });

  it('are asked again once forgotten (a deactivation, a changed locale)', async () => {
    const people = new People(client, createShortLivedStore(redis, redisPrefix.prefix), logger);
    expect(await people.languageOf('U0ALICE001')).toBe('en');
    fake.addUser({ id: 'U0ALICE001', locale: 'ja-JP' });
    expect(await people.languageOf('U0ALICE001')).toBe('en'); // cached
    await people.forget('U0ALICE001');
    expect(await people.languageOf('U0ALICE001')).toBe('ja');
    expect(lookups('U0ALICE001')).toBe(2);
  });

  it('read in English when Slack cannot say, and from Slack when Redis is unreachable', async () => {
    const people = new People(client, createShortLivedStore(redis, redisPrefix.prefix), logger);
    await expect(people.person('U0NOBODY01')).rejects.toMatchObject({ data: { error: 'user_not_found' } });
    expect(await people.languageOf('U0NOBODY01')).toBe('en');

    const unreachable = requestPathRedis(redis);
    unreachable.disconnect();
    const withoutRedis = new People(client, createRequestShortLivedStore(unreachable, redisPrefix.prefix), logger);
    const before = lookups('U0HANAKO01');
    const started = performance.now();
    expect(await withoutRedis.languageOf('U0HANAKO01')).toBe('ja');
    expect(performance.now() - started).toBeLessThan(1_000); // well inside Slack's 3 s: Redis is not waited for
    expect(lookups('U0HANAKO01')).toBe(before + 1);
  });
});
