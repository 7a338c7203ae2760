// The report_leak message shortcut end to end: a person reports a message holding a tokenops
// secret; after a confirmation the secret is handled as a leak from Slack (LEAK_ACTION: revoke
// here), the reporter and the token's owners are told, and the message's text is kept nowhere.
import { beforeAll, describe, expect, it } from 'vitest';
import { GENERAL_CHANNEL } from '@tokenops/slack-emulator';
import type { Actor } from '../../../src/domain/permissions.js';
import { generateSecret } from '../../../src/domain/secret.js';
import { useTestApp } from '../../support/testApp.js';
import { scanForSecret, NOWHERE } from '../../support/secretScan.js';
import { codeOf } from '../../support/verification.js';
import { USERS, seedTenants, tokenInput } from '../../support/tenants.js';
import { expectOwnersToldOfLeak } from '../../support/leaks.js';
import { api, createKey } from '../../support/management.js';
import { sql } from '../../support/databases.js';

const app = useTestApp();
const REPORTER_JA = 'U0REPORTJA';
let root: Actor;

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  app.fake.addUser({ id: REPORTER_JA, locale: 'ja-JP' });
});

let seq = 0;
const messageWith = (text: string) => ({
  ts: `1700000000.${String(++seq).padStart(6, '0')}`,
  user: USERS.nobody,
  text,
});

/** Runs the shortcut on `message`; the confirmation modal it opened, if any, and its answer URL. */
async function report(userId: string, message: { ts: string; text: string }) {
  const opened = app.fake.callsTo('views.open').length;
  const response = await app.slack.messageShortcut(userId, 'report_leak', message);
  expect(response.status).toBe(200);
  // Either a confirmation opens, or the answer comes at once.
  const answered = () => app.fake.responses.some((r) => response.responseUrl.endsWith(r.id));
  await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened] || answered());
  return { modal: app.fake.callsTo('views.open')[opened]?.response.view, responseUrl: response.responseUrl };
}
const answer = (responseUrl: string, nth = 0) =>
  app.fake
    .waitFor(() => app.fake.responses.filter((r) => responseUrl.endsWith(r.id))[nth])
    .then((r) => r.body.text as string);

describe('report_leak', () => {
  it('after a confirmation revokes the token, tells the reporter and the owners, and keeps the text nowhere', async () => {
    const { token, secret } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Reported in Slack', { primaryContact: USERS.acmeAdmin }),
    );
    const marker = `okapi-${Date.now()}`;
    const { modal, responseUrl } = await report(USERS.shopAdmin, messageWith(`here you go: ${secret} ${marker}`));
    expect(modal?.callback_id).toBe('report_leak');
    expect(JSON.stringify(modal!.blocks)).toContain('This message holds a tokenops secret. Report it as leaked?');
    expect(await codeOf(app.tokenops, secret)).toBe('VALID'); // nothing before the confirmation
    await app.slack.viewSubmission(USERS.shopAdmin, modal!, {});
    expect(await answer(responseUrl)).toMatch(
      /^Thank you: a tokenops secret reported as leaked\. Their tokens were revoked at once\./,
    );
    expect(await codeOf(app.tokenops, secret)).toBe('REVOKED');
    await expectOwnersToldOfLeak(app, root, token.displayId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(JSON.stringify([app.fake.calls.map((c) => c.args), app.fake.responses])).not.toContain(marker);
    expect(await scanForSecret(app, marker)).toMatchObject({ logs: 0, database: 0, redis: 0 });
    expect(await scanForSecret(app, secret)).toMatchObject(NOWHERE);
  });

  it('tells a secret reported before apart from one it handled now, in one message or alone', async () => {
    const [first, second] = [
      await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Reported twice')),
      await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Reported once')),
    ];
    const once = await report(USERS.shopAdmin, messageWith(first.secret));
    await app.slack.viewSubmission(USERS.shopAdmin, once.modal!, {});
    expect(await answer(once.responseUrl)).toMatch(/^Thank you: a tokenops secret reported as leaked\./);
    const both = await report(USERS.shopAdmin, messageWith(`${first.secret} and ${second.secret}`));
    await app.slack.viewSubmission(USERS.shopAdmin, both.modal!, {});
    expect(await answer(both.responseUrl)).toMatch(
      /^Thank you: a tokenops secret reported as leaked\. Their tokens were revoked at once\. Their admins have been told\. One more was reported before: handled, and the admins told, then\. Delete the message now/,
    );
    expect(await codeOf(app.tokenops, second.secret)).toBe('REVOKED');
    const again = await report(REPORTER_JA, messageWith(first.secret));
    await app.slack.viewSubmission(REPORTER_JA, again.modal!, {});
    expect(await answer(again.responseUrl)).toMatch(
      /^ありがとうございます。このシークレットは以前にも漏えいとして報告されており、そのときに対応と管理者への通知を済ませています。/,
    );
  });

  it('does nothing until confirmed: a closed confirmation leaves the token working', async () => {
    const { secret } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Reported, then not', { primaryContact: USERS.acmeAdmin }),
    );
    const { modal } = await report(USERS.shopAdmin, messageWith(secret));
    await app.slack.viewClosed(USERS.shopAdmin, modal!);
    expect(await codeOf(app.tokenops, secret)).toBe('VALID');
  });

  it('says so, in the reporter’s language, when the message holds no tokenops secret or only dead ones', async () => {
    const none = await report(REPORTER_JA, messageWith('no secrets here, tko_short'));
    expect(none.modal).toBeUndefined();
    expect(await answer(none.responseUrl)).toBe(
      'そのメッセージに tokenops のシークレットは見つからなかったため、何も報告していません。',
    );
    const unknown = await report(USERS.shopAdmin, messageWith(`old one: ${generateSecret('tko')}`));
    await app.slack.viewSubmission(USERS.shopAdmin, unknown.modal!, {});
    expect(await answer(unknown.responseUrl)).toBe(
      'The secrets in that message no longer work (revoked, replaced or unknown), so there is nothing to do.',
    );
  });

  it('revokes a management key found in the message, as a token', async () => {
    const key = await createKey(app, USERS.acmeAdmin, 'org:acme', 'pasted key');
    const { modal, responseUrl } = await report(
      USERS.shopAdmin,
      messageWith(`curl -H "Authorization: Bearer ${key.secret}"`),
    );
    await app.slack.viewSubmission(USERS.shopAdmin, modal!, {});
    expect(await answer(responseUrl)).toMatch(/^Thank you: a tokenops secret reported as leaked\./);
    expect((await api(app, key.secret, 'GET', '/v1/tokens')).status).toBe(401);
    const audit = await sql(
      app.databaseUrl,
      `SELECT reason FROM audit_events WHERE display_id = $1 AND action = 'apikey.leak'`,
      [key.id],
    );
    expect(audit).toEqual([{ reason: expect.stringContaining(`slack: Slack conversation ${GENERAL_CHANNEL}`) }]);
  });
});
