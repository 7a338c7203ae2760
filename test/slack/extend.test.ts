// Renewal: /token extend, the list's menu, the reminder's button and the renewal form; the
// catalog's policy applies, counted from today; the secret stays; reminders start over.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SlackDriver } from '@tokenops/slack-emulator';
import type { Actor } from '../../src/domain/permissions.js';
import { SIGNING_SECRET, useTestApp } from '../support/testApp.js';
import { codeOf } from '../support/verification.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';

const app = useTestApp();
const DAY = 86_400_000;
let root: Actor;

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  app.fake.addUser({ id: 'U0JAADMIN2', locale: 'ja-JP' });
  await app.tokenops.tenants.grant(root, 'U0JAADMIN2', { role: 'org_admin', slug: 'acme' });
});

async function answer(user: string, text: string, slack: SlackDriver = app.slack) {
  const response = await slack.command(user, text);
  return (await app.fake.waitFor(() => app.fake.responses.find((r) => response.responseUrl.endsWith(r.id)))).body as {
    text: string;
  };
}
const row = async (id: string) =>
  (
    (await app.sql('SELECT expires_at, reminder_epoch FROM tokens WHERE display_id = $1', [id])) as Array<{
      expires_at: Date;
      reminder_epoch: number;
    }>
  )[0]!;

describe('/token help and a malformed /token extend', () => {
  it('offer `never` only where the catalog lets some organization’s tokens never expire', async () => {
    const offers = async (slack?: SlackDriver) =>
      [await answer(USERS.acmeAdmin, 'help', slack), await answer(USERS.acmeAdmin, 'extend', slack)].map((reply) =>
        JSON.stringify(reply).includes('YYYY-MM-DD|never]'),
      );
    expect(await offers()).toEqual([false, false]); // the shipped catalog: never for nobody
    const catalog = path.join(tmpdir(), `tokenops-extend-never-${process.pid}.yml`);
    writeFileSync(
      catalog,
      readFileSync(new URL('../../catalog.example.yml', import.meta.url), 'utf8').replace(
        'never_allowed_for: []',
        'never_allowed_for: [acme]',
      ),
    );
    const { tokenops } = await app.startInstance({ role: 'web', env: { TOKENOPS_CATALOG: catalog } });
    expect(await offers(new SlackDriver(tokenops.url, SIGNING_SECRET, app.fake))).toEqual([true, true]);
  });
});

describe('/token extend', () => {
  it('gives a token a new expiry from today with the same secret, re-arming its reminders, in either language', async () => {
    const { token, secret } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Renewed', { expiry: '7d' }),
    );
    await app.sql(`UPDATE tokens SET expires_at = now() + interval '1 second' WHERE display_id = $1`, [
      token.displayId,
    ]);
    const before = await row(token.displayId);
    const done = await answer(USERS.acmeAdmin, `extend ${token.displayId} 90d`);
    expect(done.text).toContain(`*Renewed* (\`${token.displayId}\`) now expires`);
    expect(done.text).not.toContain('earlier'); // it had expired
    const after = await row(token.displayId);
    expect(Math.abs(after.expires_at.getTime() - (Date.now() + 90 * DAY))).toBeLessThan(60_000);
    expect(after.reminder_epoch).toBe(before.reminder_epoch + 1);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // past the old expiry
    expect(await codeOf(app.tokenops, secret)).toBe('VALID');
    expect((await app.tokenops.tokens.audit(root, token.displayId))[0]).toMatchObject({
      action: 'token.extend',
      actor: USERS.acmeAdmin,
    });

    const ja = await answer('U0JAADMIN2', `extend ${token.displayId} 2027-01-31`);
    expect(ja.text).toMatch(/の有効期限を、ご指定どおり <!date\^[^>]+> に早めました（変更前：<!date/); // 90 days was later
    expect((await row(token.displayId)).expires_at.toISOString()).toBe('2027-02-01T00:00:00.000Z'); // through that whole day
  });

  it('refuses what the policy does not allow, and changes nothing', async () => {
    const { token } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Bounded'));
    const before = await row(token.displayId);
    expect((await answer(USERS.acmeAdmin, `extend ${token.displayId} 400d`)).text).toBe(
      'That is not a valid expiry: choose 7d, 30d, 60d, 90d, 180d or 365d, or a date (YYYY-MM-DD).',
    );
    expect((await answer('U0JAADMIN2', `extend ${token.displayId} 2w`)).text).toBe(
      '有効期限の指定が正しくありません。7d・30d・60d・90d・180d・365d のいずれか、または日付（YYYY-MM-DD 形式）を指定してください。',
    );
    expect((await answer(USERS.acmeAdmin, `extend ${token.displayId} never`)).text).toBe(
      'Tokens of this organization or domain must expire.',
    );
    expect((await answer(USERS.acmeAdmin, `extend ${token.displayId} 2020-01-01`)).text).toBe(
      'Choose today (UTC) or a later date.',
    );
    expect((await answer(USERS.shopAdmin, `extend ${token.displayId} 30d`)).text).toContain('You do not administer');
    expect(await row(token.displayId)).toEqual(before);
  });

  it('opens the renewal form without a value, from the list menu and from a reminder; the form refuses on its field', async () => {
    const { token } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'By form'));
    const opened = () => app.fake.callsTo('views.open').length;
    let count = opened();
    await app.slack.command(USERS.acmeAdmin, `extend ${token.displayId}`);
    const modal = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[count])).response.view;
    expect(modal.callback_id).toBe('token_extend');
    expect(modal.blocks[0].text.text).toContain(`*By form* (\`${token.displayId}\`)`);
    const past = await app.slack.viewSubmission(USERS.acmeAdmin, modal, {
      expiry: { expiry: { type: 'static_select', selected_option: { value: '30d' } } },
      expiry_date: { expiry_date: { type: 'datepicker', selected_date: '2020-01-01' } },
    });
    expect(past.json).toMatchObject({ response_action: 'errors', errors: { expiry_date: expect.any(String) } });
    const ok = await app.slack.viewSubmission(USERS.acmeAdmin, modal, {
      expiry: { expiry: { type: 'static_select', selected_option: { value: '180d' } } },
      expiry_date: { expiry_date: { type: 'datepicker', selected_date: null } },
    });
    expect(ok.status).toBe(200);
    expect(Math.abs((await row(token.displayId)).expires_at.getTime() - (Date.now() + 180 * DAY))).toBeLessThan(60_000);

    // From a list's menu, the list is refreshed with the outcome.
    const listed = await app.slack.command(USERS.acmeAdmin, 'list By form');
    const list = (await app.fake.waitFor(() => app.fake.responses.find((r) => listed.responseUrl.endsWith(r.id)))).body;
    const option = list.blocks
      .find((b: any) => b.block_id === `token:${token.displayId}`)
      .accessory.options.find((o: any) => o.value.startsWith('extend:'));
    count = opened();
    const chosen = await app.slack.blockAction(USERS.acmeAdmin, {
      action_id: 'token_menu',
      type: 'static_select',
      selected_option: option,
    });
    const fromList = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[count])).response.view;
    expect(fromList.callback_id).toBe('token_extend');
    await app.slack.viewSubmission(USERS.acmeAdmin, fromList, {
      expiry: { expiry: { type: 'static_select', selected_option: { value: '60d' } } },
      expiry_date: { expiry_date: { type: 'datepicker', selected_date: null } },
    });
    const refreshed = (await app.fake.waitFor(() => app.fake.responses.find((r) => chosen.responseUrl.endsWith(r.id))))
      .body;
    expect(refreshed.replace_original).toBe(true);
    expect(refreshed.blocks[0].text.text).toContain(`*By form* (\`${token.displayId}\`) now expires`);
    expect(refreshed.blocks.some((b: any) => b.block_id === `token:${token.displayId}`)).toBe(true);
    count = opened();
    await app.slack.blockAction(USERS.acmeAdmin, {
      action_id: 'reminder_extend',
      type: 'button',
      value: token.displayId,
    });
    expect((await app.fake.waitFor(() => app.fake.callsTo('views.open')[count])).response.view.callback_id).toBe(
      'token_extend',
    );
    count = opened();
    await app.slack.blockAction('U0JAADMIN2', { action_id: 'reminder_extend', type: 'button', value: token.displayId });
    const ja = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[count])).response.view;
    expect([ja.title.text, ja.blocks[0].text.text]).toEqual([
      'トークンを延長',
      `「By form」（\`${token.displayId}\`）の新しい有効期間（今日から数えます）または有効期限の日付を選択してください。シークレットは変わりません。`,
    ]);
  });
});

describe('the edit form', () => {
  it('renews under the same policy when a new expiry is chosen, and keeps the expiry otherwise', async () => {
    const { token } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Edited expiry'));
    const before = await row(token.displayId);
    const count = app.fake.callsTo('views.open').length;
    await app.slack.command(USERS.acmeAdmin, `edit ${token.displayId}`);
    const modal = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[count])).response.view;
    const values = (expiry: string | null) => {
      const v: Record<string, any> = {};
      for (const block of modal.blocks.filter((b: any) => b.type === 'input'))
        v[block.block_id] = {
          [block.block_id]: {
            type: block.element.type,
            value: block.element.initial_value ?? null,
            selected_user: block.element.initial_user,
            selected_options: block.element.initial_options ?? [],
            selected_option: null,
            selected_date: null,
          },
        };
      v.expiry = { expiry: { type: 'static_select', selected_option: expiry ? { value: expiry } : null } };
      return v;
    };
    expect((await app.slack.viewSubmission(USERS.acmeAdmin, modal, values(null))).status).toBe(200);
    expect((await row(token.displayId)).expires_at).toEqual(before.expires_at);
    expect((await app.slack.viewSubmission(USERS.acmeAdmin, modal, values('365d'))).status).toBe(200);
    expect(Math.abs((await row(token.displayId)).expires_at.getTime() - (Date.now() + 365 * DAY))).toBeLessThan(60_000);
    const refused = await app.slack.viewSubmission(USERS.acmeAdmin, modal, values('never'));
    expect(refused.json).toMatchObject({
      response_action: 'errors',
      errors: { expiry: 'Tokens of this organization or domain must expire.' },
    });
  });
});
