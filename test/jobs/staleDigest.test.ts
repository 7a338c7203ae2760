// Unused tokens (STALE_TOKEN_DAYS) with the clock moved forward as the playground moves it: once
// a week each owner's admins get one DM listing its enabled tokens unused that long, in their
// language; repeated scans by two workers send it once; "keep" answers only its item, in every
// admin's copy, and silences the token for a period; "ask for revocation" goes through approval.
import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '@tokenops/slack-emulator';
import type { Actor } from '../../src/domain/permissions.js';
import { moveClock } from '../support/clock.js';
import { sql } from '../support/databases.js';
import { useTestApp } from '../support/testApp.js';
import { clickButton } from '../support/storedMessages.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';

const APPROVALS = 'C0APPROVAL';
const app = useTestApp({
  env: { REMINDER_SCAN_INTERVAL_SECONDS: '1', APPROVALS_CHANNEL_ID: APPROVALS, CONTACT_REVIEW_DAYS: '3650' },
});
let root: Actor;
const made: Record<'idle1' | 'idle2' | 'used' | 'disabled' | 'shop' | 'globex', string> = {} as never;

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  app.fake.addUser({ id: USERS.shopAdmin, locale: 'ja-JP' });
  const create = async (owner: string, label: string) =>
    (await app.tokenops.tokens.create(root, tokenInput(owner, label, { expiry: '365d' }))).token.displayId;
  made.idle1 = await create('org:acme', 'Idle one');
  made.idle2 = await create('org:acme', 'Idle two');
  made.used = await create('org:acme', 'In use');
  made.disabled = await create('org:acme', 'Switched off');
  made.shop = await create('domain:shop.acme.test', 'Shop idle');
  made.globex = await create('org:globex', 'Globex idle');
  await app.tokenops.tokens.disable(root, made.disabled);
  await app.startInstance(); // a second worker scans too
});

const DM = (userId: string) => `D${userId.slice(1)}`;
const digestsTo = (userId: string) =>
  [...app.fake.messages.values()].filter(
    (m) => m.channel === DM(userId) && JSON.stringify(m.blocks).includes('stale_keep'),
  );
const settle = () => new Promise((resolve) => setTimeout(resolve, 2_500)); // two more scans
const actionsOf = (message: StoredMessage) =>
  (message.blocks as any[]).filter((b) => b.type === 'actions').map((b) => b.block_id as string);
const listed = (message: StoredMessage) =>
  Object.entries(made)
    .filter(([, id]) => JSON.stringify(message.blocks).includes(id))
    .map(([name]) => name)
    .sort();

describe('the unused-token digest', () => {
  it('lists, once a week, each owner’s enabled tokens unused for STALE_TOKEN_DAYS to its admins, once each', async () => {
    await moveClock(app.databaseUrl, 20);
    await sql(app.databaseUrl, `UPDATE tokens SET last_used_at = now() - interval '1 day' WHERE display_id = $1`, [
      made.used,
    ]);
    await settle();
    expect(digestsTo(USERS.acmeAdmin)).toHaveLength(0); // not unused for 30 days yet

    // Idle two is called meanwhile, but its policy refuses every call (written as the clock will
    // read after the move): 7 this hour, 5 yesterday (a compacted day). Not counted: an answer
    // older than 30 days, a VALID one (its last use is what the digest reads), NOT_FOUND (a
    // replaced secret).
    await sql(
      app.databaseUrl,
      `INSERT INTO token_usage (token_id, period_start, hours, code, count)
       SELECT t.id, v.at + interval '18 days', v.hours, v.code, v.n FROM tokens t, (VALUES
         (date_trunc('hour', now()), 1, 'FORBIDDEN', 7),
         (date_trunc('day', now()) - interval '1 day', 24, 'INSUFFICIENT_SCOPE', 5),
         (date_trunc('day', now()) - interval '40 days', 24, 'FORBIDDEN', 1000),
         (date_trunc('hour', now()) - interval '1 hour', 1, 'VALID', 100),
         (date_trunc('hour', now()) - interval '2 hours', 1, 'NOT_FOUND', 50)
       ) AS v(at, hours, code, n) WHERE t.display_id = $1`,
      [made.idle2],
    );
    await moveClock(app.databaseUrl, 18); // 38 days since they were made: unused for 30 days at this week's start
    const acme = await app.fake.waitFor(() => digestsTo(USERS.acmeAdmin)[0], 15_000);
    const shop = await app.fake.waitFor(() => digestsTo(USERS.shopAdmin)[0], 15_000);
    const globex = await app.fake.waitFor(() => digestsTo(USERS.globexAdmin)[0], 15_000);
    await settle();
    expect(listed(acme)).toEqual(['idle1', 'idle2', 'shop']); // an org admin sees its domains' tokens; not the used or disabled ones
    expect(acme.text).toBe(':bell: 3 of your API tokens need your attention.');
    expect(JSON.stringify(acme.blocks)).toContain(
      'has not been used for 30 days or more (never used). If nothing needs it, revoke it (where revocations need approval, this asks for it).',
    );
    // …but not of idle two, which something still calls: not idle, refused.
    expect(JSON.stringify(acme.blocks)).toContain(
      `*Idle two* (\`${made.idle2}\`, Organization acme) has had no accepted verification for 30 days or more, yet its policy refused 12 verifications of it in the last 30 days`,
    );
    expect(JSON.stringify(acme.blocks).match(/has not been used for 30 days/g)).toHaveLength(2); // idle one and shop
    expect(listed(shop)).toEqual(['shop']);
    expect(JSON.stringify(shop.blocks)).toContain('作成から 30 日以上、一度も使われていません。');
    expect(listed(globex)).toEqual(['globex']);
    // The workspace admin hears of every owner; two workers and many scans sent each DM once.
    expect(listed(await app.fake.waitFor(() => digestsTo(USERS.workspaceAdmin)[0]))).toEqual([
      'globex',
      'idle1',
      'idle2',
      'shop',
    ]);
    for (const admin of [USERS.acmeAdmin, USERS.shopAdmin, USERS.globexAdmin, USERS.workspaceAdmin])
      expect(digestsTo(admin), admin).toHaveLength(1);
  }, 60_000);

  it('keeps a token for a period when asked, answering only that item, and asks for revocation through approval', async () => {
    const [digest] = digestsTo(USERS.acmeAdmin);
    const current = () => app.fake.messages.get(`${digest!.channel}/${digest!.ts}`)!;
    // Another admin's copy as it is shown now: the answer below is rewritten into it meanwhile.
    const [workspaceCopy] = digestsTo(USERS.workspaceAdmin) as [StoredMessage];
    const shownToWorkspace = structuredClone(app.fake.messages.get(`${workspaceCopy.channel}/${workspaceCopy.ts}`)!);
    await clickButton(app, USERS.acmeAdmin, current(), 'stale_keep', made.idle1);
    await app.fake.waitFor(() => JSON.stringify(current().blocks).includes('stays. It is not listed') || undefined);
    expect(JSON.stringify(current().blocks)).toContain(
      `*Idle one* (\`${made.idle1}\`) stays. It is not listed as unused again before`,
    );
    expect(actionsOf(current()).sort()).toEqual(
      [`reminder_actions:stale:${made.idle2}`, `reminder_actions:stale:${made.shop}`].sort(),
    ); // the others stay answerable
    expect((await app.tokenops.tokens.audit(root, made.idle1)).map((e) => e.action)).toContain('token.stale.keep');

    // Every other admin's copy of the item says who kept it, in their language, and asks no
    // more; their other items stay answerable.
    const copyOf = (userId: string) => {
      const [{ channel, ts }] = digestsTo(userId) as [StoredMessage];
      return () => app.fake.messages.get(`${channel}/${ts}`)!;
    };
    const [workspace, shop] = [copyOf(USERS.workspaceAdmin), copyOf(USERS.shopAdmin)];
    await app.fake.waitFor(
      () => !actionsOf(workspace()).includes(`reminder_actions:stale:${made.idle1}`) || undefined,
      15_000,
    );
    expect(JSON.stringify(workspace().blocks)).toContain(
      `*Idle one* (\`${made.idle1}\`) was kept by <@${USERS.acmeAdmin}>: it is not listed as unused again before`,
    );
    expect(actionsOf(workspace()).sort()).toEqual(
      [made.globex, made.idle2, made.shop].map((id) => `reminder_actions:stale:${id}`).sort(),
    );
    // Clicked on the copy as it was shown before that rewrite: the click answers its item in the
    // message as it is now, and idle one's buttons do not come back.
    await clickButton(app, USERS.workspaceAdmin, shownToWorkspace, 'stale_keep', made.shop);
    await app.fake.waitFor(() => !actionsOf(workspace()).includes(`reminder_actions:stale:${made.shop}`) || undefined);
    expect(actionsOf(workspace()).sort()).toEqual(
      [made.globex, made.idle2].map((id) => `reminder_actions:stale:${id}`).sort(),
    );
    // Idle one clicked on that old copy too: answered there already, the message stays as it is
    // now and the click gets an answer of its own.
    const clicked = await clickButton(app, USERS.workspaceAdmin, shownToWorkspace, 'stale_keep', made.idle1);
    const own = await app.fake.waitFor(() => app.fake.responses.find((r) => clicked.responseUrl.endsWith(r.id)));
    expect(own.body.replace_original).toBe(false);
    expect(own.body.text).toContain('stays');
    expect(actionsOf(workspace()).sort()).toEqual(
      [made.globex, made.idle2].map((id) => `reminder_actions:stale:${id}`).sort(),
    );
    await app.fake.waitFor(() => !actionsOf(shop()).length || undefined, 15_000);
    expect(JSON.stringify(shop().blocks)).toContain(
      `「Shop idle」（\`${made.shop}\`）は引き続き使用することになりました（対応者：<@${USERS.workspaceAdmin}>）。`,
    );
    expect(shop().text).toContain('は引き続き使用することになりました'); // a single reminder: its text is the outcome
    await app.fake.waitFor(
      () => !actionsOf(current()).includes(`reminder_actions:stale:${made.shop}`) || undefined,
      15_000,
    );
    expect(actionsOf(current())).toEqual([`reminder_actions:stale:${made.idle2}`]);

    const opened = app.fake.callsTo('views.open').length;
    await clickButton(app, USERS.acmeAdmin, current(), 'stale_revoke', made.idle2);
    const modal = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
    expect(
      (
        await app.slack.viewSubmission(USERS.acmeAdmin, modal, {
          reason: { reason: { type: 'plain_text_input', value: 'unused for a month' } },
        })
      ).status,
    ).toBe(200);
    const request = await app.fake.waitFor(() =>
      app.fake.callsTo('chat.postMessage').find((c) => c.args.channel === APPROVALS),
    );
    expect(JSON.stringify(request.args.blocks)).toContain(made.idle2);
    expect(JSON.stringify(request.args.blocks)).toContain('revocation_approve');
    expect((await app.tokenops.tokens.show(root, made.idle2)).status).toBe('enabled'); // until an admin approves
  }, 30_000);

  it('lists what is still unused the next week, but not a kept token until its period is over', async () => {
    await moveClock(app.databaseUrl, 7);
    const second = await app.fake.waitFor(() => digestsTo(USERS.acmeAdmin)[1], 15_000);
    await settle();
    expect(listed(second)).toEqual(['idle2']); // shop was kept by another admin
    expect(digestsTo(USERS.acmeAdmin)).toHaveLength(2);

    await moveClock(app.databaseUrl, 35); // past the kept period (30 days from the week start after the answer)
    const third = await app.fake.waitFor(() => digestsTo(USERS.acmeAdmin)[2], 15_000);
    expect(listed(third)).toEqual(['idle1', 'idle2', 'shop', 'used']); // unused for a period by now too
  }, 60_000);
});
