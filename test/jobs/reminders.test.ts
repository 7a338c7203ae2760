import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { simpleParser } from 'mailparser';
import { createRedis } from '../../src/store/redis.js';
import type { Actor } from '../../src/domain/permissions.js';
import { QUEUE_NAME } from '../../src/jobs/queue.js';
import { useTestApp } from '../support/testApp.js';
import { REDIS_URL, sql } from '../support/databases.js';
import { startSmtp } from '../support/smtp.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';
import { codeOf } from '../support/verification.js';
import { createKey } from '../support/management.js';

// acme's tokens may be extended to never expire (a reminder queued before that must not be sent).
const CATALOG = path.join(tmpdir(), `tokenops-reminders-${process.pid}.yml`);
writeFileSync(
  CATALOG,
  readFileSync(new URL('../../catalog.example.yml', import.meta.url), 'utf8').replace(
    'never_allowed_for: []',
    'never_allowed_for: [acme]',
  ),
);
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const env: Record<string, string> = {
  REMINDER_SCAN_INTERVAL_SECONDS: '1',
  EMAIL_FROM: 'tokenops@acme.test',
  TOKENOPS_CATALOG: CATALOG,
};
beforeAll(async () => {
  smtp = await startSmtp();
  env.SMTP_URL = smtp.url;
});
const app = useTestApp({ env });
afterAll(() => smtp.close());

let root: Actor;
beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  for (const id of [USERS.acmeAdmin, USERS.shopAdmin, USERS.workspaceAdmin]) app.fake.addUser({ id });
  app.fake.addUser({ id: USERS.shopAdmin, locale: 'ja-JP' });
});

const DM = (userId: string) => `D${userId.slice(1)}`;
/** Reminder DMs to a user about a token. */
const dms = (userId: string, displayId: string) =>
  app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === DM(userId) && c.response.ok && JSON.stringify(c.args).includes(displayId));
const settle = () => new Promise((resolve) => setTimeout(resolve, 2_500)); // two more scans

/** Moves a token's expiry to `hours` from now and makes its next reminder due. */
async function expireIn(displayId: string, hours: number) {
  await sql(
    app.databaseUrl,
    `UPDATE tokens SET expires_at = now() + ($2 || ' hours')::interval, next_reminder_at = now() WHERE display_id = $1`,
    [displayId, String(hours)],
  );
}

describe('expiry reminders', () => {
  it('fire no threshold a token was made inside of (README: Reminders and notices): a 7-day token hears nothing at once', async () => {
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Short lived', { primaryContact: USERS.acmeAdmin, expiry: '7d' }),
    );
    await settle();
    expect(dms(USERS.acmeAdmin, token.displayId)).toHaveLength(0);
    expect(dms(USERS.workspaceAdmin, token.displayId)).toHaveLength(0);
  });

  it('fire only the smallest threshold the token is inside, once, to the contact and the creator, and by e-mail', async () => {
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Expiring soon', {
        primaryContact: USERS.shopAdmin,
        developerEmails: 'dev@acme.test ops@acme.test',
      }),
    );
    await expireIn(token.displayId, 5 * 24);
    const contact = await app.fake.waitFor(() => dms(USERS.shopAdmin, token.displayId)[0], 10_000);
    expect(JSON.stringify(contact.args.blocks)).toContain('有効期限まであと 5 日です'); // Japanese contact, the 7-day threshold, the time left
    // The contact administers a domain, not acme: they may ask to extend it, which acme's admins approve.
    expect(contact.args.text).toContain('延長を申請してください（組織 acme の管理者の承認が必要です）');
    expect(
      contact.args.blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements.map((e: any) => e.text.text) : [])),
    ).toEqual(['延長を申請']);
    const creator = await app.fake.waitFor(() => dms(USERS.workspaceAdmin, token.displayId)[0]);
    expect(creator.args.text).toContain('expires in 5 days');
    expect(creator.args.blocks[1].elements.map((e: any) => e.action_id)).toEqual([
      'reminder_extend',
      'reminder_reset',
      'reminder_show',
    ]);
    await app.fake.waitFor(
      () => smtp.received.filter((m) => m.raw.includes('expires in 5 days')).length === 2 || undefined,
    );
    expect(smtp.received.flatMap((m) => m.to).sort()).toEqual(
      expect.arrayContaining(['dev@acme.test', 'ops@acme.test']),
    );
    await settle();
    expect(dms(USERS.shopAdmin, token.displayId)).toHaveLength(1);
    expect(dms(USERS.workspaceAdmin, token.displayId)).toHaveLength(1);

    await expireIn(token.displayId, 12);
    await app.fake.waitFor(() => dms(USERS.workspaceAdmin, token.displayId)[1], 10_000);
    expect(dms(USERS.workspaceAdmin, token.displayId)[1]!.args.text).toContain('expires in 12 hours');
    await sql(
      app.databaseUrl,
      `UPDATE tokens SET expires_at = now() - interval '1 minute', next_reminder_at = now() WHERE display_id = $1`,
      [token.displayId],
    );
    await app.fake.waitFor(() => dms(USERS.workspaceAdmin, token.displayId)[2], 10_000);
    expect(dms(USERS.workspaceAdmin, token.displayId)[2]!.args.text).toContain('expired');
    expect(dms(USERS.workspaceAdmin, token.displayId)[2]!.args.blocks[1].elements.map((e: any) => e.action_id)).toEqual(
      ['reminder_extend', 'reminder_show'],
    );
    const expired = await app.fake.waitFor(() =>
      smtp.received.find((m) => m.raw.includes('has expired') && m.to.includes('dev@acme.test')),
    );
    const mail = await simpleParser(expired.raw);
    expect(mail.text).toContain(
      'This token has already stopped working: requests with it are refused. If it is still needed, ask an admin of Organization acme to extend it',
    );
    expect(mail.text).toContain(
      'このトークンはすでに使えなくなっています。引き続き必要な場合は、組織 acme の管理者に延長を依頼してください。',
    );
    expect(mail.text).not.toContain('before it stops working');
    await settle();
    expect(dms(USERS.workspaceAdmin, token.displayId)).toHaveLength(3);

    // Extended: every copy of its reminders says by whom and to when, in its reader's language,
    // and asks no more: the contact's (who could only ask for it) and the creator's three.
    await app.tokenops.tokens.extend(root, token.displayId, { expiry: '90d' });
    const stored = (call: { args: any; response: any }) => () =>
      app.fake.messages.get(`${call.args.channel}/${call.response.ts}`)!;
    const contactCopy = stored(contact);
    await app.fake.waitFor(() => contactCopy().text?.includes('に変更されました') || undefined, 15_000);
    expect(contactCopy().text).toMatch(
      new RegExp(
        `^「Expiring soon」（\`${token.displayId}\`）の有効期限が .+ に変更されました（対応者：<@${USERS.workspaceAdmin}>）。$`,
      ),
    );
    expect(JSON.stringify(contactCopy().blocks)).not.toContain('延長を申請してください');
    expect((contactCopy().blocks as any[]).filter((b) => b.type === 'actions')).toEqual([]);
    for (const copy of dms(USERS.workspaceAdmin, token.displayId).map(stored)) {
      await app.fake.waitFor(() => copy().text?.includes('was changed by') || undefined, 15_000);
      expect(copy().text).toContain(
        `The expiry of *Expiring soon* (\`${token.displayId}\`) was changed by <@${USERS.workspaceAdmin}>: it now expires <!date^`,
      );
      expect((copy().blocks as any[]).filter((b) => b.type === 'actions')).toEqual([]);
    }
  }, 45_000);

  it('DM someone who is both contact and creator once, and start over after a reset', async () => {
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Mine alone', { primaryContact: USERS.workspaceAdmin }),
    );
    await expireIn(token.displayId, 3 * 24);
    await app.fake.waitFor(() => dms(USERS.workspaceAdmin, token.displayId)[0], 10_000);
    await settle();
    expect(dms(USERS.workspaceAdmin, token.displayId)).toHaveLength(1);

    await app.tokenops.tokens.reset(root, token.displayId, 'none');
    await expireIn(token.displayId, 3 * 24);
    await app.fake.waitFor(() => dms(USERS.workspaceAdmin, token.displayId)[1], 10_000);
    expect(dms(USERS.workspaceAdmin, token.displayId)[1]!.args.text).toContain('expires in 3 days');
  });

  it('pause for Retry-After on a Slack 429 instead of failing, and record permanent errors without retrying', async () => {
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Rate limited', { primaryContact: USERS.acmeAdmin }),
    );
    app.fake.addUser({ id: 'U0GHOST001' });
    const ghost = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Ghost creator', { primaryContact: 'U0GHOST001' }),
    );
    app.fake.users.delete('U0GHOST001'); // gone from Slack since
    app.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await expireIn(token.displayId, 2 * 24);
    await expireIn(ghost.token.displayId, 2 * 24);
    await app.fake.waitFor(() => dms(USERS.acmeAdmin, token.displayId)[0], 15_000);
    expect(app.fake.callsTo('chat.postMessage').some((c) => c.status === 429)).toBe(true);
    const ghostRows = () =>
      sql(
        app.databaseUrl,
        `SELECT recipient, state, error FROM notifications n JOIN tokens t ON t.id = n.token_id WHERE t.display_id = $1`,
        [ghost.token.displayId],
      );
    let rows = await ghostRows();
    for (
      let i = 0;
      i < 100 && !rows.some((row: any) => row.recipient === 'U0GHOST001' && row.state === 'failed');
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      rows = await ghostRows();
    }
    expect(rows).toEqual(
      expect.arrayContaining([{ recipient: 'U0GHOST001', state: 'failed', error: 'user_not_found' }]),
    );
    const connection = createRedis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUE_NAME, { connection, prefix: `{${app.config.redisPrefix}}` });
    expect(await queue.getFailedCount()).toBe(0);
    await queue.close();
    connection.disconnect();
  });
});

describe('management key reminders', () => {
  it('tell the key’s creator the time actually left, not the threshold that made it due, and when it has expired', async () => {
    const key = await createKey(app, USERS.shopAdmin, 'domain:shop.acme.test', 'nightly');
    await sql(
      app.databaseUrl,
      `UPDATE management_keys SET expires_at = now() + interval '3 days 1 hour', next_reminder_at = now() WHERE display_id = $1`,
      [key.id],
    );
    const reminder = await app.fake.waitFor(() => dms(USERS.shopAdmin, key.id)[0], 10_000);
    expect(reminder.args.text).toContain('の有効期限まであと 3 日です'); // its 7-day threshold is not what is left
    await sql(
      app.databaseUrl,
      `UPDATE management_keys SET expires_at = now() - interval '1 minute', next_reminder_at = now() WHERE display_id = $1`,
      [key.id],
    );
    const expired = await app.fake.waitFor(() => dms(USERS.shopAdmin, key.id)[1], 10_000);
    expect(expired.args.text).toContain('は有効期限が切れたため、もう使えません');
  });
});

describe('a reminder queued before its token changed', () => {
  it('is not sent once the token no longer expires or was reset out of its threshold; one still due is sent once (README: Reminders and notices)', async () => {
    const made = async (label: string) =>
      (await app.tokenops.tokens.create(root, tokenInput('org:acme', label, { primaryContact: USERS.acmeAdmin }))).token
        .displayId;
    const [forever, renewed, kept] = [await made('Now forever'), await made('Reset since'), await made('Still due')];
    // Three days left; the scan queued their 7-day reminders (its schedule moved on), then two changed.
    const rows = await sql(
      app.databaseUrl,
      `UPDATE tokens SET expires_at = now() + interval '3 days', next_reminder_at = NULL WHERE display_id = ANY($1) RETURNING id, display_id, reminder_epoch`,
      [[forever, renewed, kept]],
    );
    for (const row of rows) {
      await sql(
        app.databaseUrl,
        `INSERT INTO notifications (id, token_id, kind, epoch, threshold, recipient, state) VALUES (gen_random_uuid(), $1, 'expiry', $2, 7, $3, 'queued')`,
        [row.id, row.reminder_epoch, USERS.acmeAdmin],
      );
    }
    await app.tokenops.tokens.extend(root, forever, { expiry: 'never' });
    await app.tokenops.tokens.reset(root, renewed, 'none');

    await app.fake.waitFor(() => dms(USERS.acmeAdmin, kept)[0], 10_000);
    await settle();
    expect(dms(USERS.acmeAdmin, kept)).toHaveLength(1);
    expect(dms(USERS.acmeAdmin, forever)).toHaveLength(0);
    expect(dms(USERS.acmeAdmin, renewed)).toHaveLength(0);
    const log = await sql(
      app.databaseUrl,
      `SELECT t.display_id, n.state, n.error FROM notifications n JOIN tokens t ON t.id = n.token_id WHERE t.display_id = ANY($1) ORDER BY t.display_id`,
      [[forever, renewed, kept]],
    );
    expect(Object.fromEntries(log.map((row: any) => [row.display_id, [row.state, row.error]]))).toEqual({
      [forever]: ['skipped', 'outdated'],
      [renewed]: ['skipped', 'outdated'],
      [kept]: ['sent', null],
    });
  });
});

describe('an upgrade', () => {
  it('delivers a reminder that the release before digests queued as a job of its own', async () => {
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Queued before', { primaryContact: USERS.acmeAdmin, developerEmails: 'old@acme.test' }),
    );
    // Claimed by the old scan (its schedule moved on), its delivery job still in Redis.
    const [row] = await sql(
      app.databaseUrl,
      `UPDATE tokens SET expires_at = now() + interval '5 days', next_reminder_at = NULL WHERE display_id = $1 RETURNING id, reminder_epoch`,
      [token.displayId],
    );
    const connection = createRedis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUE_NAME, { connection, prefix: `{${app.config.redisPrefix}}` });
    await queue.add(
      'reminder-deliver',
      { tokenId: row.id, kind: 'expiry', epoch: row.reminder_epoch, threshold: 7 },
      { jobId: `reminder-${row.id}-expiry-${row.reminder_epoch}-7` },
    );
    await queue.close();
    connection.disconnect();
    const contact = await app.fake.waitFor(() => dms(USERS.acmeAdmin, token.displayId)[0], 10_000);
    expect(contact.args.text).toContain('expires in 5 days');
    await app.fake.waitFor(() => dms(USERS.workspaceAdmin, token.displayId)[0], 10_000);
    await app.fake.waitFor(() => smtp.received.some((m) => m.to.includes('old@acme.test')) || undefined, 10_000);
    await settle();
    expect([dms(USERS.acmeAdmin, token.displayId).length, dms(USERS.workspaceAdmin, token.displayId).length]).toEqual([
      1, 1,
    ]);
  });
});

describe('change e-mails', () => {
  it('tell developers about resets, renewals, disables, revocations, upgrades and deletions, in English and Japanese', async () => {
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Integration', { developerEmails: 'int@acme.test', apiVersion: '2025-01' }),
    );
    await app.tokenops.tokens.reset(root, token.displayId);
    await app.tokenops.tokens.extend(root, token.displayId, { expiry: '180d' });
    await app.tokenops.tokens.upgrade(root, token.displayId);
    await app.tokenops.tokens.disable(root, token.displayId);
    await app.tokenops.tokens.revoke(root, token.displayId);
    await app.tokenops.tokens.delete(root, token.displayId);
    const mine = () => smtp.received.filter((m) => m.to.includes('int@acme.test'));
    await app.fake.waitFor(() => mine().length >= 6 || undefined, 10_000);
    const parsed = await Promise.all(mine().map((m) => simpleParser(m.raw)));
    expect(parsed.map((m) => m.subject!.split(' / ')[0]).sort()).toEqual(
      [
        'has a new secret',
        'has a new expiry',
        'moved to another API version',
        'was deleted',
        'was disabled',
        'was revoked',
      ]
        .map((s) => `API token "Integration" ${s}`)
        .sort(),
    );
    const renewal = parsed.find((m) => m.subject!.includes('has a new expiry'))!;
    expect(renewal.subject).toContain('API トークン「Integration」の有効期限が変更されました');
    const expiry = (await app.tokenops.tokens.audit(root, token.displayId)).find((e) => e.action === 'token.extend')!
      .changes!.expiresAt!.after as string;
    expect(renewal.text).toContain(`now expires ${expiry.slice(0, 16).replace('T', ' ')} UTC, with the same secret.`);
    expect(renewal.text).toContain('シークレットは変わりません。');
    expect(
      mine()
        .map((m) => m.raw)
        .join(),
    ).not.toMatch(/tko_[0-9A-Za-z]{36}/);
  });
});

describe('change e-mails, truthfully', () => {
  it('tell of a reset once its new secret is confirmed, never of one undone; of an earlier expiry as it is', async () => {
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Undone reset', { developerEmails: 'undone@acme.test' }),
    );
    const mine = () => smtp.received.filter((m) => m.to.includes('undone@acme.test'));
    const undone = await app.tokenops.tokens.reset(root, token.displayId, 'none', { pendingDelivery: true });
    await app.tokenops.tokens.voidIssued(root, undone); // its DM failed: the reset is undone
    await app.tokenops.tokens.disable(root, token.displayId);
    await app.tokenops.tokens.extend(root, token.displayId, { expiry: '7d' }); // earlier than its 90 days
    await app.fake.waitFor(() => mine().length >= 2 || undefined, 10_000);
    const confirmed = await app.tokenops.tokens.reset(root, token.displayId, 'none', { pendingDelivery: true });
    expect(await app.tokenops.tokens.handedOver(confirmed)).toBe(true);
    await app.fake.waitFor(() => mine().length >= 3 || undefined, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const parsed = await Promise.all(mine().map((m) => simpleParser(m.raw)));
    expect(parsed.map((m) => m.subject!.split(' / ')[0]).sort()).toEqual([
      'API token "Undone reset" has a new expiry',
      'API token "Undone reset" has a new secret', // once: the undone reset told nobody
      'API token "Undone reset" was disabled',
    ]);
    const expiry = parsed.find((m) => m.subject!.includes('has a new expiry'))!.text!;
    expect(expiry).toContain('It is disabled: requests with it are refused until it is enabled again.');
    expect(expiry).not.toContain('past its old expiry');
  });
});

describe('contact reviews', () => {
  it('ask the primary contact, and Keep records the answer and asks again a period later', async () => {
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Reviewed', { primaryContact: USERS.acmeAdmin }),
    );
    await sql(app.databaseUrl, `UPDATE tokens SET next_review_at = now() WHERE display_id = $1`, [token.displayId]);
    const ask = await app.fake.waitFor(
      () => dms(USERS.acmeAdmin, token.displayId).find((c) => String(c.args.text).includes('still needed')),
      10_000,
    );
    const [keep, revoke] = ask.args.blocks[1].elements;
    expect([keep.action_id, revoke.action_id]).toEqual(['review_keep', 'review_revoke']);
    const message = { ts: ask.response.ts, persisted: true, text: ask.args.text, blocks: ask.args.blocks };
    await app.slack.blockAction(
      USERS.acmeAdmin,
      { action_id: keep.action_id, type: 'button', value: keep.value },
      { channelId: DM(USERS.acmeAdmin), message },
    );
    // The reminder itself gives way to the answer.
    const answered = await app.fake.waitFor(() => {
      const now = app.fake.messages.get(`${DM(USERS.acmeAdmin)}/${ask.response.ts}`)!;
      return JSON.stringify(now.blocks).includes('stays') && now;
    });
    expect(answered.blocks!.some((b: any) => b.type === 'actions')).toBe(false);
    const [row] = await sql(app.databaseUrl, `SELECT next_review_at FROM tokens WHERE display_id = $1`, [
      token.displayId,
    ]);
    expect(new Date(row.next_review_at).getTime()).toBeGreaterThan(Date.now() + 89 * 86_400_000);
    expect((await app.tokenops.tokens.audit(root, token.displayId)).map((e) => e.action)).toContain(
      'token.review.keep',
    );
  });
});

describe('contact reviews to a contact who is no admin of the token', () => {
  it('send them to the admins for a revocation, where none can be asked for (no approvals channel or rule)', async () => {
    const { token, secret } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Reviewed by a domain admin', { primaryContact: USERS.shopAdmin }),
    );
    await sql(app.databaseUrl, `UPDATE tokens SET next_review_at = now() WHERE display_id = $1`, [token.displayId]);
    const ask = await app.fake.waitFor(
      () => dms(USERS.shopAdmin, token.displayId).find((c) => JSON.stringify(c.args.blocks).includes('review_revoke')),
      10_000,
    );
    const revoke = (ask.args.blocks as any[])
      .flatMap((b) => b.elements ?? [])
      .find((e: any) => e.action_id === 'review_revoke');
    const message = { ts: ask.response.ts, persisted: true, text: ask.args.text, blocks: ask.args.blocks };
    const clicked = await app.slack.blockAction(
      USERS.shopAdmin,
      { action_id: revoke.action_id, type: 'button', value: revoke.value },
      { channelId: DM(USERS.shopAdmin), message },
    );
    const answer = await app.fake.waitFor(() => app.fake.responses.find((r) => clicked.responseUrl.endsWith(r.id)));
    // A Japanese contact: told whom to ask, not asked to confirm a revocation they may not make.
    expect(JSON.stringify(answer.body)).toContain('組織 acme の管理者に取り消しを依頼してください');
    expect(JSON.stringify(answer.body)).not.toContain('token_confirm');
    expect(await codeOf(app.tokenops, secret)).toBe('VALID');
  });
});

describe('orphaned contacts', () => {
  it('tell the owner’s admins once when a contact is deactivated', async () => {
    app.fake.addUser({ id: 'U0LEAVER01' });
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('domain:shop.acme.test', 'Left behind', { primaryContact: 'U0LEAVER01' }),
    );
    app.fake.addUser({ id: 'U0LEAVER01', deleted: true });
    await app.slack.event({ type: 'user_change', user: { id: 'U0LEAVER01', deleted: true } });
    await app.slack.event({ type: 'user_change', user: { id: 'U0LEAVER01', deleted: true } }, { retryNum: 1 });
    for (const admin of [USERS.acmeAdmin, USERS.shopAdmin, USERS.workspaceAdmin]) {
      const notice = await app.fake.waitFor(() => dms(admin, token.displayId)[0], 10_000);
      expect(notice.args.blocks[1].elements[0].action_id).toBe('orphan_edit');
    }
    await expireIn(token.displayId, 2 * 24); // a reminder finds the contact gone too
    await settle();
    for (const admin of [USERS.acmeAdmin, USERS.shopAdmin, USERS.workspaceAdmin])
      expect(
        dms(admin, token.displayId).filter((c) => JSON.stringify(c.args.blocks).includes('orphan_edit')),
      ).toHaveLength(1);
    expect(dms(USERS.globexAdmin, token.displayId)).toHaveLength(0);
  });

  it('tell them again when the contact chosen next is deactivated too, once each', async () => {
    const [first, next] = ['U0LEAVER02', 'U0LEAVER03'];
    for (const id of [first, next]) app.fake.addUser({ id });
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Left twice', { primaryContact: first }),
    );
    const leave = async (id: string) => {
      app.fake.addUser({ id, deleted: true });
      await app.slack.event({ type: 'user_change', user: { id, deleted: true } });
      await app.slack.event({ type: 'user_change', user: { id, deleted: true } }, { retryNum: 1 });
    };
    const admins = [USERS.acmeAdmin, USERS.workspaceAdmin];
    const notices = (admin: string) =>
      dms(admin, token.displayId).filter((c) => JSON.stringify(c.args.blocks).includes('orphan_edit'));
    const told = (count: number) =>
      app.fake.waitFor(() => admins.every((admin) => notices(admin).length === count) || undefined, 10_000);

    await leave(first);
    await told(1);
    await app.tokenops.tokens.edit(root, token.displayId, { primaryContact: next });
    // The first notice is answered: found by the key its delivery logged.
    const [asked] = notices(USERS.acmeAdmin);
    await app.fake.waitFor(
      () =>
        !JSON.stringify(app.fake.messages.get(`${asked!.args.channel}/${asked!.response.ts}`)!.blocks).includes(
          'orphan_edit',
        ) || undefined,
      15_000,
    );
    await leave(next);
    await told(2);
    await settle();
    for (const admin of admins) {
      expect(notices(admin)).toHaveLength(2);
      expect(notices(admin)[1]!.args.text).toContain(`<@${next}>`);
    }
  });
});
