// Reminders at Slack's pace: the emulator enforces Slack's rate tiers (a Slack minute lasts
// 1/60 s here). Everyone due gets one digest per scan naming all their tokens, each reminder
// exactly once, without a storm of 429s; people and DM channels are looked up once.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { useTestApp } from '../support/testApp.js';
import { sql } from '../support/databases.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';

const app = useTestApp({ env: { REMINDER_SCAN_INTERVAL_SECONDS: '1' }, slackRateScale: 60 });
const PEOPLE = Array.from({ length: 120 }, (_, i) => `U0PEOPLE${String(i).padStart(3, '0')}`); // more than a Tier 3 minute allows;
const JAPANESE = new Set(PEOPLE.slice(0, 10));
const tokensOf = new Map<string, string[]>();
let root: Actor;

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  app.fake.addUser({ id: USERS.workspaceAdmin });
  for (const person of PEOPLE) {
    app.fake.addUser({ id: person, ...(JAPANESE.has(person) ? { locale: 'ja-JP' } : {}) });
    const ids: string[] = [];
    for (let i = 0; i < 2; i++)
      ids.push(
        (
          await app.tokenops.tokens.create(
            root,
            tokenInput('org:acme', `${person} ${i}`, { primaryContact: person, expiry: '365d' }),
          )
        ).token.displayId,
      );
    tokensOf.set(person, ids);
  }
}, 120_000);

const DM = (userId: string) => `D${userId.slice(1)}`;
const postsTo = (userId: string) =>
  app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === DM(userId) && c.response.ok);
const settle = () => new Promise((resolve) => setTimeout(resolve, 2_500)); // two more scans
/** Makes every test token due at once (one scan claims them all), `hours` before its expiry. */
const allDueIn = (hours: number) =>
  sql(
    app.databaseUrl,
    `UPDATE tokens SET expires_at = now() + ($1 || ' hours')::interval, next_reminder_at = now() WHERE label LIKE 'U0PEOPLE%'`,
    [String(hours)],
  );

describe('reminder digests', () => {
  it('give each person one DM naming all their due tokens, in their language, paced so that 429s stay rare', async () => {
    await allDueIn(5 * 24);
    const all = [...tokensOf.values()].flat();
    await app.fake.waitFor(
      () =>
        (PEOPLE.every((person) => postsTo(person).length) &&
          all.every((id) => postsTo(USERS.workspaceAdmin).some((c) => JSON.stringify(c.args).includes(id)))) ||
        undefined,
      30_000,
    );
    await settle();
    for (const person of PEOPLE) {
      const [digest, ...more] = postsTo(person);
      expect(more, person).toHaveLength(0);
      for (const id of tokensOf.get(person)!) expect(JSON.stringify(digest!.args.blocks)).toContain(id);
      expect(digest!.args.text).toBe(
        JAPANESE.has(person)
          ? ':bell: 2 件の API トークンについてご確認をお願いします。'
          : ':bell: 2 of your API tokens need your attention.',
      );
      // Contacts who administer nothing: each token offers to ask for its extension, which its admins approve.
      const blocks = JSON.stringify(digest!.args.blocks);
      for (const id of tokensOf.get(person)!) expect(blocks).toContain(`reminder_actions:expiry:${id}`);
      expect(blocks).toContain(JAPANESE.has(person) ? '延長を申請してください' : 'ask to extend it');
    }
    // The creator of all 240: five messages of at most 50, each token in exactly one.
    const creator = postsTo(USERS.workspaceAdmin);
    expect(creator).toHaveLength(5);
    for (const digest of creator) expect(JSON.stringify(digest.args.blocks)).toContain('reminder_actions:'); // an admin
    for (const id of all)
      expect(
        creator.filter((c) => JSON.stringify(c.args.blocks).includes(id)),
        id,
      ).toHaveLength(1);

    const limited = app.fake.calls.filter((c) => c.status === 429).length;
    expect(limited).toBeLessThanOrEqual(Math.ceil(app.fake.calls.length / 50));
    expect(app.fake.callsTo('conversations.open')).toHaveLength(PEOPLE.length + 1);
    const rows = await sql(app.databaseUrl, `SELECT state, count(*)::int AS n FROM notifications GROUP BY state`);
    expect(rows).toEqual([{ state: 'sent', n: 480 }]);
  }, 60_000);

  it('look nobody up again for the next threshold: one chat.postMessage per person', async () => {
    const [opened, looked] = [app.fake.callsTo('conversations.open').length, app.fake.callsTo('users.info').length];
    const before = new Map(PEOPLE.map((person) => [person, postsTo(person).length]));
    await allDueIn(12);
    await app.fake.waitFor(
      () => PEOPLE.every((person) => postsTo(person).length > before.get(person)!) || undefined,
      30_000,
    );
    await settle();
    for (const person of PEOPLE) {
      expect(postsTo(person)).toHaveLength(2);
      expect(postsTo(person)[1]!.args.blocks.length).toBeGreaterThan(3); // a digest of two, not two messages
      expect(JSON.stringify(postsTo(person)[1]!.args.blocks)).toContain(
        JAPANESE.has(person) ? 'あと 12 時間' : 'expires in 12 hours',
      ); // the time left, not the 1-day threshold
    }
    expect(app.fake.callsTo('conversations.open')).toHaveLength(opened);
    expect(app.fake.callsTo('users.info')).toHaveLength(looked);
  }, 60_000);
});
