// A token's primary contact who administers nothing of it (a developer whose request made it) asks
// to extend it: from its expiry reminder, `/token extend`, App Home or a workflow step, through the
// real receiver and the Slack emulator. One admin of its owner other than them approves (no
// catalog rule here); the token gets its new expiry under the policy, and the contact is told.
import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '@tokenops/slack-emulator';
import type { Actor } from '../../src/domain/permissions.js';
import { approvalChannel, seedWithApprovalsChannel, withdrawOf } from '../support/approvalChannel.js';
import { sql } from '../support/databases.js';
import { answerText, homePublished } from '../support/slackAnswers.js';
import { createFormValues } from '../support/slackForms.js';
import { clickButton } from '../support/storedMessages.js';
import { useTestApp } from '../support/testApp.js';
import { USERS, tokenInput } from '../support/tenants.js';

const CHANNEL = 'C0APPROVAL';
const DEV = 'U0DEVELOP1'; // no role: the primary contact
const DEV_JA = 'U0DEVELOJA';
const OUTSIDER = 'U0OUTSIDE1'; // no role, contact of nothing
const DAY = 86_400_000;
const app = useTestApp({
  env: { APPROVALS_CHANNEL_ID: CHANNEL, REMINDER_SCAN_INTERVAL_SECONDS: '1', STALE_TOKEN_DAYS: '0' },
});
let root: Actor;

beforeAll(async () => {
  root = await seedWithApprovalsChannel(app, CHANNEL);
  for (const id of [DEV, OUTSIDER, USERS.acmeAdmin]) app.fake.addUser({ id });
  app.fake.addUser({ id: DEV_JA, locale: 'ja-JP' });
});

const { posted, approve, messageText } = approvalChannel(app, CHANNEL);
const DM = (userId: string) => `D${userId.slice(1)}`;
/** The messages of a person's DM with tokenops that name `displayId`, as they are now. */
const dmsAbout = (userId: string, displayId: string) =>
  [...app.fake.messages.values()].filter(
    (m) => m.channel === DM(userId) && JSON.stringify(m.blocks).includes(displayId),
  );
const buttonsOf = (message: Pick<StoredMessage, 'blocks'>) =>
  (message.blocks as any[]).flatMap((b) =>
    b.type === 'actions' ? b.elements.map((e: any) => [e.action_id, e.text.text]) : [],
  );
const held = async (label: string, contact = DEV, expiry = '90d') =>
  (await app.tokenops.tokens.create(root, tokenInput('org:acme', label, { primaryContact: contact, expiry }))).token;
const expiresAt = async (displayId: string) => (await app.tokenops.tokens.show(root, displayId)).expiresAt!.getTime();
const renewal = (expiry: string) => {
  const { expiry: chosen, expiry_date } = createFormValues({ expiry });
  return { expiry: chosen, expiry_date };
};
const opened = async (from: number) =>
  (await app.fake.waitFor(() => app.fake.callsTo('views.open')[from], 10_000)).response.view;

describe('a primary contact who administers nothing asks to extend their token', () => {
  it('from the reminder: the form, the request to the approvals channel, an admin’s approval, the new expiry, told', async () => {
    const token = await held('Developer export');
    await sql(
      app.databaseUrl,
      `UPDATE tokens SET expires_at = now() + interval '5 days', next_reminder_at = now() WHERE display_id = $1`,
      [token.displayId],
    );
    const reminder = await app.fake.waitFor(() => dmsAbout(DEV, token.displayId)[0], 15_000);
    expect(reminder.text).toContain('expires in 5 days');
    expect(reminder.text).toContain('ask to extend it: an admin of Organization acme will be asked to approve');
    expect(buttonsOf(reminder)).toEqual([['reminder_extend', 'Ask to extend']]);

    // The form says it asks; submitted, the request goes to the approvals channel, naming the contact.
    const count = app.fake.callsTo('views.open').length;
    const clicked = await clickButton(app, DEV, reminder, 'reminder_extend', token.displayId);
    const modal = await opened(count);
    expect([modal.callback_id, modal.submit.text]).toEqual(['token_extend', 'Ask to extend']);
    expect(modal.blocks[0].text.text).toContain('It is asked for approval first');
    const before = app.fake.callsTo('chat.postMessage').length;
    expect((await app.slack.viewSubmission(DEV, modal, renewal('90d'))).status).toBe(200);
    const { ts, text, requestId } = await posted(before, 'Developer export');
    for (const part of ['Extension requested: Developer export', `<@${DEV}> (its primary contact)`, '90 days'])
      expect(text).toContain(part);
    expect(text).toContain('May approve: the admins of Organization acme');
    // Answered: the reminder's item says the request waits; the answer of its own carries Withdraw.
    const done = await app.fake.waitFor(
      () =>
        (app.fake.messages.get(`${reminder.channel}/${reminder.ts}`)!.blocks as any[]).find(
          (b) => b.block_id === `reminder_done:expiry:${token.displayId}`,
        ),
      10_000,
    );
    expect(done.text.text).toBe(
      `:hourglass: <@${DEV}> asked for an extension of *Developer export* (\`${token.displayId}\`): its approvers decide, and the outcome comes by direct message.`,
    );
    const asked = await app.fake.waitFor(() => app.fake.responses.find((r) => clicked.responseUrl.endsWith(r.id)));
    expect(asked.body.text).toContain('in <#C0APPROVAL>, as you do not administer it');
    expect(withdrawOf(asked.body.blocks).value).toBe(requestId);

    // A second ask while it waits changes nothing.
    const again = await app.slack.command(DEV, `extend ${token.displayId} 30d`);
    expect(await answerText(app, again.responseUrl)).toContain(
      `A request to extend *Developer export* (\`${token.displayId}\`) by <@${DEV}> is already waiting for approval.`,
    );
    // Nobody approves their own request, and only an admin of its owner approves.
    const unchanged = await expiresAt(token.displayId);
    const own = await approve(DEV, ts, requestId);
    expect(await answerText(app, own.responseUrl)).toContain('someone else must decide it');
    const outsider = await approve(OUTSIDER, ts, requestId);
    expect(await answerText(app, outsider.responseUrl)).toContain('You are not one of the approvers');
    expect(await expiresAt(token.displayId)).toBe(unchanged);

    await approve(USERS.acmeAdmin, ts, requestId);
    await app.fake.waitFor(() => messageText(ts).includes(`Token \`${token.displayId}\` has its new expiry`), 15_000);
    expect(Math.abs((await expiresAt(token.displayId)) - (Date.now() + 90 * DAY))).toBeLessThan(60_000);
    const told = await app.fake.waitFor(() =>
      app.fake
        .callsTo('chat.postMessage')
        .find((c) => c.args.channel === DM(DEV) && String(c.args.text).startsWith('Your request to extend')),
    );
    expect(told.args.text).toContain(`Token \`${token.displayId}\` has its new expiry.`);

    // Its history tells who asked, who approved, and the extension.
    const history = await app.slack.command(USERS.acmeAdmin, `audit ${token.displayId}`);
    const said = JSON.stringify(
      (await app.fake.waitFor(() => app.fake.responses.find((r) => history.responseUrl.endsWith(r.id)))).body.blocks,
    );
    expect(said).toContain(`<@${DEV}> asked for approval to extend it`);
    expect(said).toContain(`<@${USERS.acmeAdmin}> approved the request to extend it`);
    expect(said).toContain(`<@${DEV}> extended it until`);
  }, 60_000);

  it('with `/token extend`, in their language; the maximum lifetime still holds; nobody else may ask', async () => {
    const token = await held('開発用トークン', DEV_JA);
    const beyond = await app.slack.command(DEV_JA, `extend ${token.displayId} 400d`);
    expect(await answerText(app, beyond.responseUrl)).toContain('有効期限の指定が正しくありません');
    const refused = await app.slack.command(OUTSIDER, `extend ${token.displayId} 30d`);
    expect(await answerText(app, refused.responseUrl)).toContain('You do not administer');
    let count = app.fake.callsTo('views.open').length;
    await app.slack.command(OUTSIDER, `extend ${token.displayId}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(app.fake.callsTo('views.open').length).toBe(count); // no form for them

    // Without a value, the form; with one, the request at once.
    count = app.fake.callsTo('views.open').length;
    await app.slack.command(DEV_JA, `extend ${token.displayId}`);
    expect((await opened(count)).submit.text).toBe('延長を申請');
    const before = app.fake.callsTo('chat.postMessage').length;
    const asked = await app.slack.command(DEV_JA, `extend ${token.displayId} 180d`);
    const { ts, requestId } = await posted(before, '開発用トークン');
    expect(await answerText(app, asked.responseUrl)).toContain(
      `ご自身が管理していないトークンのため、「開発用トークン」（\`${token.displayId}\`）の延長を <#C0APPROVAL> で申請しました。`,
    );
    await approve(USERS.workspaceAdmin, ts, requestId);
    await app.fake.waitFor(() => messageText(ts).includes('has its new expiry'), 15_000);
    expect(Math.abs((await expiresAt(token.displayId)) - (Date.now() + 180 * DAY))).toBeLessThan(60_000);
    const told = await app.fake.waitFor(() =>
      app.fake
        .callsTo('chat.postMessage')
        .find((c) => c.args.channel === DM(DEV_JA) && c.args.text.includes('ご自身が申請した')),
    );
    expect(told.args.text).toContain(`ご自身が申請した「開発用トークン」（\`${token.displayId}\`）の延長：`);
  }, 30_000);

  it('from App Home, which lists their tokens with a button for those expiring soon or expired', async () => {
    const soon = await held('Home soon', OUTSIDER, '7d');
    const later = await held('Home later', OUTSIDER, '90d');
    await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Not theirs', { expiry: '7d' }));
    const count = app.fake.callsTo('views.publish').length;
    await app.slack.event({ type: 'app_home_opened', user: OUTSIDER, channel: 'D0HOME0001', tab: 'home' });
    const view = (await homePublished(app, OUTSIDER, count)).args.view as { blocks: any[] };
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('*Tokens you are the primary contact of*');
    expect(text).not.toContain('Not theirs');
    const rows = view.blocks.filter((b) => [soon.displayId, later.displayId].some((id) => b.text?.text.includes(id)));
    expect(rows.map((b) => [b.text.text.includes('Enabled'), b.accessory?.action_id])).toEqual([
      [true, 'home_extend'],
      [true, undefined],
    ]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);

    const forms = app.fake.callsTo('views.open').length;
    await app.slack.blockAction(OUTSIDER, { action_id: 'home_extend', type: 'button', value: soon.displayId });
    const modal = await opened(forms);
    const before = app.fake.callsTo('chat.postMessage').length;
    await app.slack.viewSubmission(OUTSIDER, modal, renewal('30d'));
    const { text: request } = await posted(before, 'Home soon');
    expect(request).toContain(`<@${OUTSIDER}> (its primary contact)`);
  });

  it('with the extend_token workflow step, which ends once an admin approves', async () => {
    const token = await held('Step token');
    const before = app.fake.callsTo('chat.postMessage').length;
    const { execution } = await app.slack.functionExecuted('extend_token', {
      actor: DEV,
      token_id: token.displayId,
      duration: '60d',
    });
    const { ts, requestId } = await posted(before, 'Step token');
    expect(execution.state).toBe('running');
    await approve(USERS.acmeAdmin, ts, requestId);
    await app.fake.waitFor(() => execution.state !== 'running', 15_000);
    expect(execution).toMatchObject({
      state: 'completed',
      outputs: { token_id: token.displayId, expires_at: new Date(await expiresAt(token.displayId)).toISOString() },
    });
  });
});
