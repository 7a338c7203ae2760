// Reminders as a user lives them, with the clock moved forward as the playground moves it (every
// timestamp in the database shifted back): a threshold fires when the token enters it, stating
// the time actually left; the expired notice leads to Extend, which revives the token, and never
// to a reset that would hand out a dead secret; answering one item of a digest keeps the others,
// and the other recipients' copies of it say who answered.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { moveClock } from '../support/clock.js';
import type { StoredMessage } from '@tokenops/slack-emulator';
import { useTestApp } from '../support/testApp.js';
import { clickButton } from '../support/storedMessages.js';
import { codeOf } from '../support/verification.js';
import { createFormValues } from '../support/slackForms.js';
import { SECRET_PATTERN } from '../support/secretScan.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';

// No unused-token digest: the contacts below administer acme, whose tokens lie unused as the clock moves.
const app = useTestApp({ env: { REMINDER_SCAN_INTERVAL_SECONDS: '1', STALE_TOKEN_DAYS: '0' } });
const [EARLY, RESET, DIGEST, ANSWERS] = ['U0CLOCKEAR', 'U0CLOCKRES', 'U0CLOCKDIG', 'U0CLOCKANS'];
let root: Actor;

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  // Admins of acme: a contact who is none is sent to the admins instead (test/jobs/reminders.test.ts).
  for (const id of [EARLY, RESET, DIGEST, ANSWERS]) {
    app.fake.addUser({ id });
    await app.tokenops.tenants.grant(root, id, { role: 'org_admin', slug: 'acme' });
  }
});

const DM = (userId: string) => `D${userId.slice(1)}`;
/** What a person's DM with tokenops holds now (messages are updated in place). */
const dmsAbout = (userId: string, displayId: string) =>
  [...app.fake.messages.values()].filter(
    (m) => m.channel === DM(userId) && JSON.stringify(m.blocks).includes(displayId),
  );
const settle = () => new Promise((resolve) => setTimeout(resolve, 2_500)); // two more scans
const days = (n: number) => moveClock(app.databaseUrl, n);
const actionsOf = (message: StoredMessage) => (message.blocks as any[]).filter((b) => b.type === 'actions');
/** One reminder of a message (alone or in a digest): its text and its buttons. */
const item = (message: StoredMessage, id: string) => ({
  text: (message.blocks as any[]).find((b) => b.block_id === `reminder:expiry:${id}`)?.text.text as string,
  buttons: ((message.blocks as any[]).find((b) => b.block_id === `reminder_actions:expiry:${id}`)?.elements ?? []).map(
    (e: any) => [e.action_id, e.style],
  ),
});

/** A new token of acme's, for `primaryContact`, expiring after `expiry`; its display id. */
const acmeToken = async (label: string, primaryContact: string, expiry: string) =>
  (await app.tokenops.tokens.create(root, tokenInput('org:acme', label, { primaryContact, expiry }))).token.displayId;

let made: { early: string; early60: string; reset: string; earlySecret: string };

describe('with the clock moved forward', () => {
  it('fires a threshold only when a token enters it after its creation or reset, stating the time left and offering Extend first', async () => {
    const early = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Made for 30 days', { primaryContact: EARLY, expiry: '30d' }),
    );
    const early60 = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Made for 60 days', { primaryContact: EARLY, expiry: '60d' }),
    );
    const reset = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Reset at 25 days', { primaryContact: RESET, expiry: '60d' }),
    );
    made = {
      early: early.token.displayId,
      early60: early60.token.displayId,
      reset: reset.token.displayId,
      earlySecret: early.secret,
    };

    await days(1);
    await settle();
    expect(dmsAbout(EARLY, made.early)).toHaveLength(0); // inside 30 days since it was made: its maker chose that

    await days(34); // day 35: the 60-day tokens entered their 30-day threshold; the 30-day one expired
    const entered = item(await app.fake.waitFor(() => dmsAbout(EARLY, made.early60)[0], 10_000), made.early60);
    expect(entered.text).toContain('*Made for 60 days*');
    expect(entered.text).toContain('expires in 25 days'); // the time left, not "30 days"
    expect(entered.text).toContain(
      'Extend it to keep it working (a reset gives a new secret but does not move the expiry).',
    );
    expect(entered.buttons).toEqual([
      ['reminder_extend', 'primary'],
      ['reminder_reset', undefined],
      ['reminder_show', undefined],
    ]);
    const expired = item(await app.fake.waitFor(() => dmsAbout(EARLY, made.early)[0], 10_000), made.early);
    expect(expired.text).toContain('expired'); // the 7- and 1-day thresholds it crossed meanwhile are not sent: only the smallest
    await app.fake.waitFor(() => dmsAbout(RESET, made.reset)[0], 10_000);
    await settle();
    expect(
      [dmsAbout(EARLY, made.early), dmsAbout(EARLY, made.early60), dmsAbout(RESET, made.reset)].map(
        (found) => found.length,
      ),
    ).toEqual([1, 1, 1]);

    // Reset with 25 days left: no 30-day reminder again; the next is when it enters 7 days.
    await app.tokenops.tokens.reset(root, made.reset, 'none');
    await days(1);
    await settle();
    expect(dmsAbout(RESET, made.reset)).toHaveLength(1);
    await days(18); // 6 days left
    const week = await app.fake.waitFor(() => dmsAbout(RESET, made.reset)[1], 10_000);
    expect(item(week, made.reset).text).toContain('expires in 6 days');
  }, 60_000);

  it('leads from the expired notice to Extend, which revives the token, and refuses a reset that would hand out a dead secret', async () => {
    expect(await codeOf(app.tokenops, made.earlySecret)).toBe('EXPIRED');
    const [notice] = dmsAbout(EARLY, made.early);
    expect(item(notice!, made.early).text).toContain('If it is still needed, extend it: the same secret works again.');
    expect(item(notice!, made.early).buttons.map(([action]: string[]) => action)).toEqual([
      'reminder_extend',
      'reminder_show',
    ]); // no reset

    // An admin tries a reset: refused with the way out, and no secret anywhere.
    const secrets = () =>
      app.fake.callsTo('chat.postEphemeral').filter((c) => SECRET_PATTERN.test(JSON.stringify(c.args))).length;
    const before = secrets();
    for (const text of [`reset ${made.early} 24h`, `reset ${made.early}`]) {
      const typed = await app.slack.command(USERS.acmeAdmin, text);
      const answer = await app.fake.waitFor(() => app.fake.responses.find((r) => typed.responseUrl.endsWith(r.id)));
      expect(answer.body.text).toBe(
        `This token has expired, so a new secret would not work either. Extend it first (\`/token extend ${made.early}\`, or Extend in its menu): the secret it has works again. Reset it after that if you also need a new secret.`,
      );
    }
    expect(secrets()).toBe(before);
    expect(
      (await app.tokenops.tokens.audit(root, made.early))
        .filter((e) => e.action === 'token.reset')
        .map((e) => e.outcome),
    ).toEqual(['refused']);

    // The contact clicks Extend on the notice and chooses 30 days: the same secret works again.
    const opened = app.fake.callsTo('views.open').length;
    const clicked = await clickButton(app, EARLY, notice!, 'reminder_extend', made.early);
    const modal = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
    expect(modal.callback_id).toBe('token_extend');
    const { expiry } = createFormValues({ expiry: '30d' });
    expect((await app.slack.viewSubmission(EARLY, modal, { expiry })).status).toBe(200);
    // The outcome answers that item of the DM; the other reminder in it keeps its buttons.
    const done = await app.fake.waitFor(
      () => (notice!.blocks as any[]).find((b) => b.block_id === `reminder_done:expiry:${made.early}`),
      10_000,
    );
    expect(done.text.text).toContain('*Made for 30 days* (`' + made.early + '`) now expires');
    expect(item(notice!, made.early).buttons).toEqual([]);
    expect(item(notice!, made.early60).buttons.map(([action]: string[]) => action)).toEqual([
      'reminder_extend',
      'reminder_reset',
      'reminder_show',
    ]);
    expect(app.fake.responses.filter((r) => clicked.responseUrl.endsWith(r.id))).toEqual([]); // no second answer
    expect(await codeOf(app.tokenops, made.earlySecret)).toBe('VALID');
  }, 30_000);

  it('changes only the answered item of a digest, keeps the others answerable, and says when all are answered', async () => {
    const reviewed: string[] = [];
    for (let i = 1; i <= 5; i++) reviewed.push(await acmeToken(`Reviewed ${i}`, DIGEST, '365d'));
    const lapsing = await acmeToken('Lapsing', DIGEST, '90d');
    const both: string[] = [];
    for (let i = 1; i <= 2; i++) both.push(await acmeToken(`Both ${i}`, ANSWERS, '365d'));

    await days(91); // the reviews are due, and "Lapsing" has expired
    const digest = await app.fake.waitFor(
      () =>
        [...app.fake.messages.values()].find(
          (m) =>
            m.channel === DM(DIGEST) && [...reviewed, lapsing].every((id) => JSON.stringify(m.blocks).includes(id)),
        ),
      15_000,
    );
    expect(digest.text).toBe(':bell: 6 of your API tokens need your attention.');
    expect(actionsOf(digest)).toHaveLength(6);

    const current = () => app.fake.messages.get(`${digest.channel}/${digest.ts}`)!;
    /** Keep clicked: the message, once its item is answered in it. */
    const keep = async (userId: string, message: StoredMessage, id: string) => {
      await clickButton(app, userId, message, 'review_keep', id);
      return app.fake.waitFor(() => {
        const now = app.fake.messages.get(`${message.channel}/${message.ts}`)!;
        return !actionsOf(now).some((b: any) => b.block_id === `reminder_actions:review:${id}`) && now;
      });
    };
    const after = await keep(DIGEST, current(), reviewed[1]!);
    expect(JSON.stringify(after.blocks)).toContain(`Thanks: *Reviewed 2* (\`${reviewed[1]}\`) stays.`);
    expect(
      actionsOf(after)
        .map((b: any) => b.block_id)
        .sort(),
    ).toEqual(
      [
        ...reviewed.filter((_, i) => i !== 1).map((id) => `reminder_actions:review:${id}`),
        `reminder_actions:expiry:${lapsing}`,
      ].sort(),
    );
    expect(after.text).toBe(digest.text);

    for (const id of reviewed.filter((_, i) => i !== 1)) await keep(DIGEST, current(), id);
    expect(actionsOf(current()).map((b: any) => b.block_id)).toEqual([`reminder_actions:expiry:${lapsing}`]); // still answerable
    expect(current().text).toBe(digest.text);
    // The last one, the expired token, answered by extending it: now nothing is left to answer.
    await app.tokenops.tenants.grant(root, DIGEST, { role: 'org_admin', slug: 'acme' });
    const opened = app.fake.callsTo('views.open').length;
    await clickButton(app, DIGEST, current(), 'reminder_extend', lapsing);
    const modal = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
    await app.slack.viewSubmission(DIGEST, modal, { expiry: createFormValues({ expiry: '90d' }).expiry });
    await app.fake.waitFor(
      () => current().text === ':white_check_mark: Every reminder in this message has been answered.' || undefined,
      10_000,
    );
    expect(actionsOf(current())).toHaveLength(0);
    // The creator's copy of that notice says who gave it a new expiry, and offers Extend no more.
    const answeredFor = (message: StoredMessage) =>
      (message.blocks as any[]).find((b) => b.block_id === `reminder_done:expiry:${lapsing}`);
    const creators = await app.fake.waitFor(
      () => dmsAbout(USERS.workspaceAdmin, lapsing).find((m) => answeredFor(m)),
      15_000,
    );
    expect(answeredFor(creators).text.text).toContain(
      `The expiry of *Lapsing* (\`${lapsing}\`) was changed by <@${DIGEST}>: it now expires <!date^`,
    );
    expect(item(creators, lapsing).buttons).toEqual([]);

    const two = await app.fake.waitFor(
      () =>
        [...app.fake.messages.values()].find(
          (m) => m.channel === DM(ANSWERS) && both.every((id) => JSON.stringify(m.blocks).includes(id)),
        ),
      15_000,
    );
    const twoNow = () => app.fake.messages.get(`${two.channel}/${two.ts}`)!;
    for (const id of both) await keep(ANSWERS, twoNow(), id);
    expect(twoNow().text).toBe(':white_check_mark: Every reminder in this message has been answered.');
    expect(JSON.stringify(twoNow().blocks)).toContain(
      ':white_check_mark: Every reminder in this message has been answered.',
    );
    expect(actionsOf(twoNow())).toHaveLength(0);
  }, 60_000);
});
