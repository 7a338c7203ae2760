import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/testApp.js';
import { verify as verifyOn } from '../support/verification.js';
import { USERS, seedTenants } from '../support/tenants.js';
import { createFormValues, type CreateForm } from '../support/slackForms.js';
import { SECRET_PATTERN, deliveredSecret, scanForSecret, ONLY_IN_ITS_DM } from '../support/secretScan.js';

const app = useTestApp();

beforeAll(async () => {
  await seedTenants(app.tokenops);
  app.fake.addUser({ id: USERS.globexAdmin, locale: 'ja-JP' });
});

async function openCreate(userId: string) {
  const before = app.fake.callsTo('views.open').length;
  const response = await app.slack.command(userId, 'create');
  expect(response.status).toBe(200);
  const call = await app.fake.waitFor(() => app.fake.callsTo('views.open')[before]);
  expect(call.response.ok).toBe(true);
  return call.response.view as Record<string, any>;
}

const validForm = (more: CreateForm = {}): CreateForm => ({
  owner: 'domain:shop.acme.test',
  label: 'Storefront',
  apiVersion: '2026-01',
  contact: USERS.acmeAdmin,
  emails: 'dev@acme.test',
  scopes: ['orders:read', 'products:read'],
  expiry: '30d',
  ...more,
});

const answerTo = (responseUrl: string) =>
  app.fake.waitFor(() => app.fake.responses.find((r) => responseUrl.endsWith(r.id)));
const verify = async (secret: string) => (await verifyOn(app.tokenops, { token: secret })).body;

describe('/token create', () => {
  it('opens the contract modal with only the owners the caller administers', async () => {
    const view = await openCreate(USERS.acmeAdmin);
    expect(view.callback_id).toBe('token_create');
    const blocks = view.blocks as any[];
    expect(blocks.map((b) => b.block_id)).toEqual([
      'owner',
      'label',
      'description',
      'api_version',
      'primary_contact',
      'developer_emails',
      'scopes',
      'allowed_ips',
      'rate_limit',
      'expiry',
      'expiry_date',
    ]);
    for (const block of blocks) expect(block.element.action_id).toBe(block.block_id);
    expect(blocks[0].element.options.map((o: any) => o.value)).toEqual([
      'org:acme',
      'domain:blog.acme.test',
      'domain:shop.acme.test',
    ]);
    expect(blocks[3].element.initial_option.value).toBe('2026-01');
    expect(blocks[4].element).toMatchObject({ type: 'users_select', initial_user: USERS.acmeAdmin });
    expect(blocks[6].element.option_groups.map((g: any) => g.label.text)).toEqual([
      'Orders',
      'Products',
      'Customers',
      'Payments',
      'Webhooks',
    ]);
    expect(blocks[7]).toMatchObject({ optional: true, element: { type: 'plain_text_input', multiline: true } });
    expect(blocks[8]).toMatchObject({
      optional: true,
      element: { type: 'plain_text_input', placeholder: { text: '600/min' } },
    });
    expect(blocks[9].element.options.map((o: any) => o.value)).toEqual(['7d', '30d', '60d', '90d', '180d', '365d']);
    expect(blocks[9].element.initial_option.value).toBe('90d');
    expect(blocks[10].element.type).toBe('datepicker');
  });

  it('creates the token and shows its secret once, in an ephemeral DM, and nowhere else', async () => {
    const view = await openCreate(USERS.shopAdmin);
    const response = await app.slack.viewSubmission(USERS.shopAdmin, view, createFormValues(validForm()));
    expect(response.status).toBe(200);
    expect(response.body).toBe('');
    const secret = await app.fake.waitFor(() => deliveredSecret(app, USERS.shopAdmin));
    const dm = app.fake.callsTo('chat.postEphemeral').find((c) => JSON.stringify(c.args).includes(secret))!;
    expect(dm.args).toMatchObject({ channel: 'D0SHOPADM1', user: USERS.shopAdmin });
    expect(dm.args.text).toContain('Storefront');
    expect(dm.args.text).toContain('will not be shown again');
    expect(dm.args.text).not.toContain(secret); // notifications show the text: the secret is only in the blocks
    const told = await app.fake.waitFor(() =>
      app.fake
        .callsTo('chat.postEphemeral')
        .find((c) => c.args.channel === 'C0GENERAL1' && c.args.user === USERS.shopAdmin),
    );
    expect(told.args.text).toContain('is in your direct messages');
    expect(await verify(secret)).toMatchObject({
      code: 'VALID',
      token: { label: 'Storefront', scopes: ['orders:read', 'products:read'] },
    });

    expect(await scanForSecret(app, secret)).toEqual(ONLY_IN_ITS_DM);
  });

  it('puts every validation error on its block and creates nothing', async () => {
    const view = await openCreate(USERS.acmeAdmin);
    const response = await app.slack.viewSubmission(
      USERS.acmeAdmin,
      view,
      createFormValues(
        validForm({
          label: 'Storefront',
          scopes: [],
          emails: 'dev@acme.test not-an-address',
          expiryDate: '2020-01-01',
        }),
      ),
    );
    expect(response.json).toEqual({
      response_action: 'errors',
      errors: {
        scopes: 'Choose at least one scope.',
        developer_emails: '“not-an-address” is not a valid e-mail address.',
        expiry_date: 'Choose today (UTC) or a later date.',
      },
    });
    const taken = await app.slack.viewSubmission(USERS.acmeAdmin, view, createFormValues(validForm()));
    expect(taken.json).toEqual({
      response_action: 'errors',
      errors: {
        label:
          'Another token of this organization or domain (revoked ones aside) already has this name. Choose another name.',
      },
    });
    expect(app.fake.callsTo('chat.postEphemeral').filter((c) => c.args.user === USERS.acmeAdmin)).toHaveLength(0);
  });

  it('answers in Japanese for a Japanese admin', async () => {
    const view = await openCreate(USERS.globexAdmin);
    expect(view.title.text).toBe('トークンを作成');
    expect((view.blocks as any[])[1].label.text).toBe('トークン名');
    const response = await app.slack.viewSubmission(
      USERS.globexAdmin,
      view,
      createFormValues(validForm({ owner: 'org:globex', label: '' })),
    );
    expect(response.json).toEqual({ response_action: 'errors', errors: { label: 'トークン名を入力してください。' } });
  });

  it('refuses, politely and without a modal, someone who administers nothing', async () => {
    const opened = app.fake.callsTo('views.open').length;
    const response = await app.slack.command(USERS.nobody, 'create');
    const answer = await answerTo(response.responseUrl);
    expect(answer.body.text).toContain('You do not administer any organization or domain');
    expect(app.fake.callsTo('views.open')).toHaveLength(opened);
    const refused = await app.sql(`SELECT action, outcome, reason FROM audit_events WHERE actor = $1`, [USERS.nobody]);
    expect(refused).toContainEqual({ action: 'token.create', outcome: 'refused', reason: 'no_owner' });
  });

  it('refuses an owner the caller does not administer, even in a forged submission', async () => {
    const view = await openCreate(USERS.shopAdmin);
    const response = await app.slack.viewSubmission(
      USERS.shopAdmin,
      view,
      createFormValues(validForm({ owner: 'org:globex', label: 'Forged' })),
    );
    expect(response.json).toMatchObject({
      response_action: 'errors',
      errors: { owner: expect.stringContaining('You do not administer') },
    });
  });

  it('creates nothing for a submission Slack gave up on (no ack within 3 s: a slow users.info); submitted again, it creates the token once', async () => {
    const view = await openCreate(USERS.acmeAdmin);
    // Submitted by someone tokenops has not seen yet: their locale lookup is slow.
    app.fake.addUser({ id: USERS.workspaceAdmin });
    app.fake.holdNext('users.info', 3_500);
    const values = createFormValues(validForm({ owner: 'org:acme', label: 'Acked too late' }));
    const late = await app.slack.viewSubmission(USERS.workspaceAdmin, view, values);
    expect(late.status).toBe(404); // Slack saw no ack in time (Bolt's answer after 3 s): the person sees an error
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const root = await app.tokenops.tokens.actor(USERS.workspaceAdmin);
    const named = async () =>
      (await app.tokenops.tokens.list(root, { words: ['Acked too late'] }, { limit: 10 })).tokens;
    expect(await named()).toHaveLength(0); // and nothing happens later
    expect(deliveredSecret(app, USERS.workspaceAdmin)).toBeUndefined();

    const retry = await app.slack.viewSubmission(USERS.workspaceAdmin, view, values);
    expect([retry.status, retry.body]).toEqual([200, '']);
    const secret = await app.fake.waitFor(() => deliveredSecret(app, USERS.workspaceAdmin));
    let answer = await verify(secret);
    for (let i = 0; i < 20 && answer.code !== 'VALID'; i++)
      answer = await new Promise((resolve) => setTimeout(resolve, 100)).then(() => verify(secret));
    expect(answer).toMatchObject({ code: 'VALID', token: { label: 'Acked too late' } });
    expect(await named()).toHaveLength(1);
  });

  it('creates one token for a double click or a Slack retry of the same submission', async () => {
    const view = await openCreate(USERS.acmeAdmin);
    const values = createFormValues(validForm({ owner: 'org:acme', label: 'Clicked twice' }));
    const responses = await Promise.all([
      app.slack.viewSubmission(USERS.acmeAdmin, view, values),
      app.slack.viewSubmission(USERS.acmeAdmin, view, values),
      app.slack.viewSubmission(USERS.acmeAdmin, view, values),
    ]);
    expect(responses.map((r) => [r.status, r.body])).toEqual([
      [200, ''],
      [200, ''],
      [200, ''],
    ]); // no "name taken" for the echo
    await app.fake.waitFor(() => deliveredSecret(app, USERS.acmeAdmin));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const admin = await app.tokenops.tokens.actor(USERS.acmeAdmin);
    const page = await app.tokenops.tokens.list(admin, { words: ['Clicked twice'] }, { limit: 10 });
    expect(page.tokens).toHaveLength(1);
    const dms = app.fake
      .callsTo('chat.postEphemeral')
      .filter((c) => c.args.user === USERS.acmeAdmin && SECRET_PATTERN.test(JSON.stringify(c.args.blocks)));
    expect(dms).toHaveLength(1);
  });

  it('says a secret that reached the DM after its delivery window was voided meanwhile, not that Slack refused it', async () => {
    const label = 'Delivered too late';
    const view = await openCreate(USERS.acmeAdmin);
    app.fake.holdNext('chat.postEphemeral', 1_500); // Slack is slow to take the secret's DM
    const calls = app.fake.calls.length;
    await app.slack.viewSubmission(USERS.acmeAdmin, view, createFormValues(validForm({ owner: 'org:acme', label })));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await app.tokenops.tokens.voidUndelivered(0)).toHaveLength(1); // the delivery sweep, as if its window had passed
    const told = await app.fake.waitFor(() =>
      app.fake.calls
        .slice(calls)
        .find((c) => c.method === 'chat.postEphemeral' && c.args.channel === 'C0GENERAL1' && c.response?.ok),
    );
    expect(told.args.text).toMatch(
      /^The secret of \*Delivered too late\* \(`tok_\w+`\) reached your direct messages only after its delivery window had closed, so it was voided: the secret in that message does not work\./,
    );
    expect(told.args.text).not.toContain('could not send');
    expect((await verify(deliveredSecret(app, USERS.acmeAdmin)!)).code).toBe('NOT_FOUND');
  });

  it("shows the secret once, and voids it, when Slack's answer to its DM is cut off", async () => {
    const label = 'Answer cut off';
    const view = await openCreate(USERS.acmeAdmin);
    // Slack shows the DM; its answer never comes back (the secret's DM, not another instance's post)
    app.fake.dropNext('chat.postEphemeral', (args) => JSON.stringify(args).includes(label));
    const calls = app.fake.calls.length;
    await app.slack.viewSubmission(USERS.acmeAdmin, view, createFormValues(validForm({ owner: 'org:acme', label })));
    const told = await app.fake.waitFor(() =>
      app.fake.calls
        .slice(calls)
        .find((c) => c.method === 'chat.postEphemeral' && c.args.channel === 'C0GENERAL1' && c.response?.ok),
    );
    expect(told.args.text).toMatch(
      /^Slack did not confirm that the secret of \*Answer cut off\* \(`tok_\w+`\) reached your direct messages, so it was voided/,
    );
    const shown = app.fake
      .callsTo('chat.postEphemeral')
      .filter((c) => c.args.user === USERS.acmeAdmin && SECRET_PATTERN.test(JSON.stringify(c.args.blocks)));
    expect(shown.filter((c) => JSON.stringify(c.args).includes(label))).toHaveLength(1); // not posted again
    expect((await verify(deliveredSecret(app, USERS.acmeAdmin)!)).code).toBe('NOT_FOUND');
  });

  for (const [name, failure] of [
    ['refuses the DM (ok:false)', () => app.fake.failNext('chat.postEphemeral', { error: 'messages_tab_disabled' })],
    [
      'keeps answering 500 until retries are exhausted',
      () => app.fake.failNext('conversations.open', { status: 500 }, 3),
    ],
  ] as const) {
    it(`voids the new token when Slack ${name}, and says so without the secret`, async () => {
      const label = `Undelivered ${name.length}`;
      const view = await openCreate(USERS.acmeAdmin);
      failure();
      const calls = app.fake.calls.length;
      await app.slack.viewSubmission(USERS.acmeAdmin, view, createFormValues(validForm({ owner: 'org:acme', label })));
      const told = await app.fake.waitFor(() =>
        app.fake.calls
          .slice(calls)
          .find(
            (c) =>
              c.method === 'chat.postEphemeral' && c.args.channel === 'C0GENERAL1' && c.status === 200 && c.response.ok,
          ),
      );
      expect(told.args.text).toContain('so it was voided');
      expect(JSON.stringify(told.args)).not.toMatch(SECRET_PATTERN);
      const admin = await app.tokenops.tokens.actor(USERS.acmeAdmin);
      expect((await app.tokenops.tokens.list(admin, { words: [label] }, { limit: 10 })).tokens).toEqual([]);
    });
  }
});
