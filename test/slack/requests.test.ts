// Token requests end to end against the Slack emulator: anyone asks with /token request, the
// approvers the catalog's policy names decide in the approvals channel, and the token is made
// once with the requester as creator and primary contact, its secret DM'd to them once.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { createFormValues } from '../support/slackForms.js';
import { useTestApp } from '../support/testApp.js';
import { exampleCatalogWith } from '../support/catalog.js';
import { secretsTo, answerText, homePublished } from '../support/slackAnswers.js';
import { seedWithApprovalsChannel, approvalChannel } from '../support/approvalChannel.js';
import { USERS } from '../support/tenants.js';
import { codeOf } from '../support/verification.js';
import { sql } from '../support/databases.js';
import { translator } from '../../src/i18n/index.js';
import { requesterMessage, requestMessage } from '../../src/slack/views/request.js';

const CHANNEL = 'C0APPROVAL';
const DEV = 'U0DEV00001';
const CATALOG = exampleCatalogWith(
  'requests',
  `approvals:
  - name: refunds need two
    operation: request
    scopes: ["payments:refund"]
    required: 2
  - name: globex by security
    operation: request
    owners: ["org:globex"]
    approvers: [usergroup:S0SECURITY]
`,
);
const app = useTestApp({ env: { APPROVALS_CHANNEL_ID: CHANNEL, TOKENOPS_CATALOG: CATALOG } });
let root: Actor;

beforeAll(async () => {
  root = await seedWithApprovalsChannel(app, CHANNEL);
  await app.tokenops.tenants.grant(root, 'U0ACMEADM2', { role: 'org_admin', slug: 'acme' });
  app.fake.addUser({ id: DEV });
  app.fake.addUser({ id: 'U0ACMEADM2' });
});

const text = (value: string | undefined) => ({ type: 'plain_text_input', value: value ?? null });

type RequestForm = {
  owner: string;
  label: string;
  scopes: string[];
  reason?: string;
  expiry?: string;
  allowedIps?: string;
  rateLimit?: string;
};

/** Opens the request form as `userId` and submits it. */
async function submitForm(userId: string, form: RequestForm) {
  const opened = app.fake.callsTo('views.open').length;
  await app.slack.command(userId, 'request');
  const modal = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
  const values = {
    ...createFormValues({
      owner: form.owner,
      label: form.label,
      scopes: form.scopes,
      expiry: form.expiry ?? '30d',
      allowedIps: form.allowedIps,
      rateLimit: form.rateLimit,
    }),
    reason: { reason: text(form.reason ?? 'the nightly export job') },
  };
  return { modal, submitted: await app.slack.viewSubmission(userId, modal, values) };
}

/** Opens the request form as `userId` and submits it; the approvals-channel post it made. */
async function ask(userId: string, form: RequestForm) {
  const posted = app.fake.callsTo('chat.postMessage').length;
  const { modal, submitted } = await submitForm(userId, form);
  if (form.reason === '') return { modal, submitted, ts: '', blocks: [] as any[], requestId: '' };
  const call = await app.fake.waitFor(
    () =>
      app.fake
        .callsTo('chat.postMessage')
        .slice(posted)
        .find((c) => c.args.channel === CHANNEL && JSON.stringify(c.args.blocks).includes(form.label)),
    15_000,
  );
  const blocks = call.args.blocks as any[];
  return { modal, submitted, ts: call.response.ts as string, blocks, requestId: buttons(blocks)[0].value as string };
}

const buttons = (blocks: any[]) => blocks.find((b) => b.block_id === 'token_request_decision')?.elements ?? [];
const message = (ts: string) => app.fake.messages.get(`${CHANNEL}/${ts}`)!;
const { decide: click, messageText } = approvalChannel(app, CHANNEL);
/** Waits until tokenops has posted a message `matching`. */
const messagePosted = (matching: (args: Record<string, any>) => boolean) =>
  app.fake.waitFor(() => app.fake.callsTo('chat.postMessage').some((c) => matching(c.args)), 15_000);

describe('/token request', () => {
  it('offers anyone every owner, no primary contact (it is them), and a required reason', async () => {
    const { modal, submitted } = await ask(DEV, {
      owner: 'org:acme',
      label: 'No reason',
      scopes: ['orders:read'],
      reason: '',
    });
    expect(modal.callback_id).toBe('token_request');
    const ids = modal.blocks.map((b: any) => b.block_id).filter(Boolean);
    expect(ids).toEqual([
      'owner',
      'label',
      'description',
      'api_version',
      'developer_emails',
      'scopes',
      'allowed_ips',
      'rate_limit',
      'expiry',
      'expiry_date',
      'reason',
    ]);
    const owners = modal.blocks.find((b: any) => b.block_id === 'owner').element.options.map((o: any) => o.value);
    expect(owners).toEqual(
      expect.arrayContaining(['org:acme', 'org:globex', 'domain:shop.acme.test', 'domain:api.globex.test']),
    );
    expect(JSON.parse(submitted.body as string)).toMatchObject({
      response_action: 'errors',
      errors: { reason: 'Say why you need this token: the approvers read it.' },
    });
  });

  it('posts the request with who, owner, scopes, expiry, why, progress and who may approve; approved, the requester gets the token once', async () => {
    const { ts, blocks, requestId } = await ask(DEV, {
      owner: 'domain:shop.acme.test',
      label: 'Nightly export',
      scopes: ['orders:read'],
    });
    const posted = JSON.stringify(blocks);
    for (const part of [
      'Token requested: Nightly export',
      `<@${DEV}>`,
      'Domain shop.acme.test',
      '`orders:read`',
      '30 days',
      '*Why*\\n> the nightly export job', // the form's "Why you need it" speaks to the requester
      '0 of 1 approval',
      'May approve: the admins of Domain shop.acme.test',
      '*Allowed IPs*\\nAny address',
      '*Rate limit*\\nNo limit',
    ])
      expect(posted).toContain(part);
    expect(buttons(blocks).map((b: any) => b.action_id)).toEqual(['token_request_approve', 'token_request_reject']);
    const confirmation = await app.fake.waitFor(
      () =>
        app.fake
          .callsTo('chat.postEphemeral')
          .find((c) => c.args.user === DEV && String(c.args.text).includes('Nightly export')),
      15_000,
    );
    expect(confirmation.args.text).toContain(`Asked for approval of *Nightly export* in <#${CHANNEL}>`);

    const stranger = await click(USERS.globexAdmin, ts, requestId, 'token_request_approve');
    expect(await answerText(app, stranger.responseUrl)).toBe(
      'You are not one of the approvers of this request, so you cannot decide it. Nothing was changed.',
    );
    await click(USERS.shopAdmin, ts, requestId, 'token_request_approve');
    await app.fake.waitFor(() => messageText(ts).includes('was made; its secret went to the requester'), 15_000);
    expect(buttons(message(ts).blocks as any[])).toEqual([]);
    const [secret] = await app.fake.waitFor(() => secretsTo(app, DEV).length === 1 && secretsTo(app, DEV), 15_000);
    expect(await codeOf(app.tokenops, secret!)).toBe('VALID');
    const request = (await app.tokenops.requests.find(requestId))!;
    const token = await app.tokenops.tokens.show(root, request.displayId!);
    expect(token).toMatchObject({
      label: 'Nightly export',
      createdBy: DEV,
      primaryContact: DEV,
      scopes: ['orders:read'],
    });
    expect(request.deliveredAt).not.toBeNull();
    // The requester is told in their DM; the channel never holds the secret.
    const told = await app.fake.waitFor(
      () =>
        app.fake
          .callsTo('chat.postMessage')
          .find(
            (c) =>
              c.args.channel.startsWith('D') &&
              JSON.stringify(c.args.blocks).includes('Your token request *Nightly export*'),
          ),
      15_000,
    );
    expect(told.args.text).toContain('its secret went to you by direct message'); // not "to the requester"
    expect(JSON.stringify(app.fake.callsTo('chat.postMessage').map((c) => c.args))).not.toContain(secret);
    const history = (await app.tokenops.tokens.audit(root, token.displayId)).map((e) => `${e.action} ${e.actor}`);
    expect(history).toContain(`token.create ${DEV}`);
  });

  it('says the secret is on its way until it reached the requester, then where it went', async () => {
    const label = 'Warehouse sync';
    const WAITING = 'U0DEVWAIT1'; // a requester of their own: the other tests count DEV's secrets and requests
    app.fake.addUser({ id: WAITING });
    const { ts, requestId } = await ask(WAITING, { owner: 'domain:shop.acme.test', label, scopes: ['orders:read'] });
    await app.fake.waitFor(
      () =>
        app.fake
          .callsTo('chat.postEphemeral')
          .some((c) => c.args.user === WAITING && String(c.args.text).includes(label)),
      15_000,
    );
    const before = secretsTo(app, WAITING).length;
    // The secret's DM: shown at once, answered a moment later (within the click's deadline), so
    // tokenops has not confirmed it yet.
    app.fake.holdNext('chat.postEphemeral', 1_500);
    const approved = click(USERS.shopAdmin, ts, requestId, 'token_request_approve');
    await app.fake.waitFor(() => secretsTo(app, WAITING).length > before, 15_000);
    const made = (await app.tokenops.requests.find(requestId))!;
    expect(made).toMatchObject({ state: 'approved', deliveredAt: null });
    expect(made.displayId).toMatch(/^tok_/);
    // What any message rendered now says of it: on its way, not gone.
    const en = translator('en');
    expect(requestMessage(en, made, new Map()).text).toContain(
      `Token \`${made.displayId}\` was made; its secret is on its way to the requester.`,
    );
    expect(requesterMessage(en, made, '').text).toContain('its secret is on its way to you by direct message.');
    expect(messageText(ts)).not.toContain('its secret went to the requester');

    await approved;
    await app.fake.waitFor(() => messageText(ts).includes('was made; its secret went to the requester'), 15_000);
    expect(messageText(ts)).not.toContain('on its way');
    const delivered = (await app.tokenops.requests.find(requestId))!;
    expect(delivered.deliveredAt).not.toBeNull();
    expect(requesterMessage(en, delivered, '').text).toContain('its secret went to you by direct message.');
    const told = await app.fake.waitFor(
      () =>
        app.fake
          .callsTo('chat.postMessage')
          .find((c) => c.args.channel.startsWith('D') && String(c.args.text).includes(`Your token request *${label}*`)),
      15_000,
    );
    expect(told.args.text).toContain('its secret went to you by direct message.');
  });

  for (const [heldMs, past] of [
    [3_500, 'the click’s 3 s'],
    // Confirming the secret has 10 s of its own from Slack's answer, not from before the DM.
    [11_000, 'the handover’s own 10 s too'],
  ] as const)
    it(`carries out an approval whose secret’s DM outlasts ${past}: delivered once, the approvals message and the requester told`, async () => {
      const label = `Slow handover ${heldMs}`;
      const SLOW = `U0SLOW${heldMs}`; // a requester of their own: the other tests count DEV's secrets and requests
      app.fake.addUser({ id: SLOW });
      const { ts, requestId } = await ask(SLOW, { owner: 'domain:shop.acme.test', label, scopes: ['orders:read'] });
      await app.fake.waitFor(
        () =>
          app.fake
            .callsTo('chat.postEphemeral')
            .some((c) => c.args.user === SLOW && String(c.args.text).includes(label)),
        15_000,
      );
      // The secret's DM: shown at once, answered only after the click's deadline has passed.
      app.fake.holdNext('chat.postEphemeral', heldMs);
      const started = Date.now();
      const clicked = await click(USERS.shopAdmin, ts, requestId, 'token_request_approve');
      expect(clicked.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(3_000); // acknowledged in time, the handover still under way

      await app.fake.waitFor(() => messageText(ts).includes('was made; its secret went to the requester'), 15_000);
      expect(buttons(message(ts).blocks as any[])).toEqual([]);
      const told = await app.fake.waitFor(
        () =>
          app.fake
            .callsTo('chat.postMessage')
            .find((c) => c.args.channel === app.fake.dmOf(SLOW) && String(c.args.text).includes(`*${label}*`)),
        15_000,
      );
      expect(told.args.text).toContain('its secret went to you by direct message.');
      expect((await app.tokenops.requests.find(requestId))!).toMatchObject({
        state: 'approved',
        deliveredAt: expect.any(Date),
      });
      const secrets = secretsTo(app, SLOW);
      expect(secrets).toHaveLength(1);
      // Confirmed: the delivery sweep, even as if its window had passed, has nothing to void.
      expect(await app.tokenops.tokens.voidUndelivered(0)).toEqual([]);
      expect(await codeOf(app.tokenops, secrets[0]!)).toBe('VALID');
      // The approver who clicked is told of no failure: the decision was carried out.
      expect(app.fake.responses.filter((r) => clicked.responseUrl.endsWith(r.id))).toEqual([]);
    }, 30_000);

  it('needs two distinct approvers for a sensitive scope, shows the progress, and counts each person once', async () => {
    const { ts, requestId } = await ask(DEV, {
      owner: 'org:acme',
      label: 'Refund bot',
      scopes: ['orders:read', 'payments:refund'],
    });
    await click(USERS.acmeAdmin, ts, requestId, 'token_request_approve');
    await app.fake.waitFor(() => messageText(ts).includes(`1 of 2 approvals: <@${USERS.acmeAdmin}>`), 15_000);
    expect(buttons(message(ts).blocks as any[])).toHaveLength(2);
    const again = await click(USERS.acmeAdmin, ts, requestId, 'token_request_approve');
    expect(await answerText(app, again.responseUrl)).toContain('You have approved this request already');
    expect(secretsTo(app, DEV).length).toBe(1); // the earlier test's only
    await click('U0ACMEADM2', ts, requestId, 'token_request_approve');
    await app.fake.waitFor(() => messageText(ts).includes('was made'), 15_000);
    expect(messageText(ts)).toContain(`2 of 2 approvals: <@${USERS.acmeAdmin}>, <@U0ACMEADM2>`);
    await app.fake.waitFor(() => secretsTo(app, DEV).length === 2);
  });

  it('ends showing the outcome when an update rendered before the last approval reaches Slack after it', async () => {
    const label = 'Late update';
    const LATE = 'U0DEVLATE1'; // a requester of their own: the other tests count DEV's secrets
    app.fake.addUser({ id: LATE });
    const { ts, requestId } = await ask(LATE, { owner: 'org:acme', label, scopes: ['orders:read', 'payments:refund'] });
    // The first approval's update (1 of 2) is held up on its way to Slack ...
    const first = app.fake.stallNext('chat.update');
    await click(USERS.acmeAdmin, ts, requestId, 'token_request_approve');
    await first.reached;
    // ... while the second approval carries the request out and its updates arrive.
    await click('U0ACMEADM2', ts, requestId, 'token_request_approve');
    await app.fake.waitFor(() => messageText(ts).includes('was made; its secret went to the requester'), 15_000);
    const updates = () => app.fake.callsTo('chat.update').filter((c) => c.args.channel === CHANNEL && c.args.ts === ts);
    const before = updates().length;
    first.release();
    const late = await app.fake.waitFor(() => updates()[before], 15_000);
    expect(JSON.stringify(late.args.blocks)).toContain('1 of 2 approvals'); // Slack showed it for a moment

    await app.fake.waitFor(() => messageText(ts).includes('was made; its secret went to the requester'), 15_000);
    expect(messageText(ts)).toContain(`2 of 2 approvals: <@${USERS.acmeAdmin}>, <@U0ACMEADM2>`);
    expect(buttons(message(ts).blocks as any[])).toEqual([]);
  });

  it('shows the policy fields asked for, and the token is made with them', async () => {
    const { ts, blocks, requestId } = await ask(DEV, {
      owner: 'org:acme',
      label: 'Fenced export',
      scopes: ['orders:read'],
      allowedIps: '203.0.113.0/24, 198.51.100.7',
      rateLimit: '600/min',
    });
    const posted = JSON.stringify(blocks);
    for (const part of [
      '*Allowed IPs*\\n`203.0.113.0/24` `198.51.100.7/32`',
      '*Rate limit*\\n600 requests a minute (`600/min`)',
    ])
      expect(posted).toContain(part);
    await click(USERS.acmeAdmin, ts, requestId, 'token_request_approve');
    await app.fake.waitFor(() => messageText(ts).includes('was made'), 15_000);
    const request = (await app.tokenops.requests.find(requestId))!;
    expect(await app.tokenops.tokens.show(root, request.displayId!)).toMatchObject({
      allowedIps: ['203.0.113.0/24', '198.51.100.7/32'],
      rateLimit: '600/min',
    });
  });

  it('decides once when approvers click at the same moment: one token', async () => {
    const { ts, requestId } = await ask(DEV, { owner: 'org:acme', label: 'Clicked at once', scopes: ['orders:read'] });
    const before = secretsTo(app, DEV).length;
    await Promise.all([
      click(USERS.acmeAdmin, ts, requestId, 'token_request_approve'),
      click('U0ACMEADM2', ts, requestId, 'token_request_approve'),
      click(USERS.workspaceAdmin, ts, requestId, 'token_request_approve'),
    ]);
    await app.fake.waitFor(() => messageText(ts).includes('was made'), 15_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(secretsTo(app, DEV).length).toBe(before + 1);
    const tokens = await app.tokenops.tokens.list(root, { words: ['Clicked at once'] }, { limit: 10 });
    expect(tokens.tokens).toHaveLength(1);
  });

  it('is rejected with a reason asked in a modal; the requester is told', async () => {
    const { ts, requestId } = await ask(DEV, { owner: 'org:acme', label: 'To reject', scopes: ['orders:read'] });
    const opened = app.fake.callsTo('views.open').length;
    // Who may not decide is told so at the click, not after typing a reason.
    for (const [who, told] of [
      [USERS.globexAdmin, 'You are not one of the approvers of this request'],
      [DEV, 'You asked for this'],
    ] as const) {
      const refused = await click(who, ts, requestId, 'token_request_reject');
      expect(await answerText(app, refused.responseUrl)).toContain(told);
    }
    expect(app.fake.callsTo('views.open').length).toBe(opened);
    await click(USERS.acmeAdmin, ts, requestId, 'token_request_reject');
    const modal = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
    expect(modal.callback_id).toBe('token_request_reject_reason');
    await app.slack.viewSubmission(USERS.acmeAdmin, modal, { reason: { reason: text('use the shared read token') } });
    await app.fake.waitFor(() => messageText(ts).includes('Rejected by'), 15_000);
    expect(messageText(ts)).toContain('use the shared read token');
    expect(buttons(message(ts).blocks as any[])).toEqual([]);
    await messagePosted(
      (args) =>
        args.channel.startsWith('D') &&
        JSON.stringify(args.blocks).includes('Your token request *To reject*') &&
        JSON.stringify(args.blocks).includes('use the shared read token'),
    );
    const late = await click('U0ACMEADM2', ts, requestId, 'token_request_approve');
    expect(await answerText(app, late.responseUrl)).toContain('no longer waiting for a decision');
  });

  it('closes a request Slack refused to post, saying so, and not as withdrawn by its requester', async () => {
    app.fake.failNext('chat.postMessage', { error: 'is_archived' });
    await submitForm(DEV, { owner: 'org:acme', label: 'Never posted', scopes: ['orders:read'] });
    const told = await app.fake.waitFor(() =>
      app.fake
        .callsTo('chat.postEphemeral')
        .find((c) => c.args.user === DEV && String(c.args.text).includes('I could not post the request')),
    );
    expect(told.args.text).toContain('nothing was requested');
    const [request] = (await app.tokenops.requests.mine({ userId: DEV, grants: [] }, 50)).filter(
      (r) => r.input.label === 'Never posted',
    );
    expect(request).toMatchObject({ state: 'closed', outcomeReason: 'not_posted', decidedBy: null });
  });

  it('closes a request whose post Slack did not confirm, saying so, and posts it once', async () => {
    const asker = app.fake.addUser({ id: 'U0CUTPOST1' }).id; // not DEV: its Home lists its last requests
    const posted = app.fake.callsTo('chat.postMessage').length;
    // Slack posts it; its answer never comes back
    app.fake.dropNext('chat.postMessage', (args) => JSON.stringify(args).includes('Post cut off'));
    await submitForm(asker, { owner: 'org:acme', label: 'Post cut off', scopes: ['orders:read'] });
    const told = await app.fake.waitFor(() =>
      app.fake
        .callsTo('chat.postEphemeral')
        .find((c) => c.args.user === asker && String(c.args.text).startsWith('Slack did not confirm')),
    );
    expect(told.args.text).toBe(
      'Slack did not confirm that your request was posted, so nothing was requested. If it reached the approvers anyway, its buttons no longer work. Try again later.',
    );
    const posts = app.fake
      .callsTo('chat.postMessage')
      .slice(posted)
      .filter((c) => JSON.stringify(c.args).includes('Post cut off'));
    expect(posts).toHaveLength(1);
    const [request] = (await app.tokenops.requests.mine({ userId: asker, grants: [] }, 50)).filter(
      (r) => r.input.label === 'Post cut off',
    );
    expect(request).toMatchObject({ state: 'closed', outcomeReason: 'not_posted' });
    const late = await click('U0ACMEADM2', posts[0]!.response.ts as string, request!.id, 'token_request_approve');
    expect(await answerText(app, late.responseUrl)).toContain('no longer waiting for a decision');
  });

  it('can be withdrawn by its requester only', async () => {
    const { ts, requestId } = await ask(DEV, { owner: 'org:acme', label: 'To withdraw', scopes: ['orders:read'] });
    const other = await app.slack.blockAction(
      USERS.acmeAdmin,
      { action_id: 'token_request_withdraw', type: 'button', value: requestId },
      { channelId: CHANNEL },
    );
    expect(await answerText(app, other.responseUrl)).toBe('Only the person who asked can withdraw this request.');
    await app.slack.blockAction(
      DEV,
      { action_id: 'token_request_withdraw', type: 'button', value: requestId },
      { channelId: CHANNEL },
    );
    await app.fake.waitFor(() => messageText(ts).includes('Withdrawn by the requester'), 15_000);
    expect(buttons(message(ts).blocks as any[])).toEqual([]);
  });

  it('refuses at decision time a request whose owner is gone, closing it with why', async () => {
    const { ts, requestId } = await ask(DEV, {
      owner: 'domain:blog.acme.test',
      label: 'Blog feed',
      scopes: ['orders:read'],
    });
    await sql(app.databaseUrl, `DELETE FROM domains WHERE name = 'blog.acme.test'`);
    await click(USERS.acmeAdmin, ts, requestId, 'token_request_approve');
    await app.fake.waitFor(() => messageText(ts).includes('Closed without a token'), 15_000);
    expect(messageText(ts)).toContain('the organization or domain no longer exists');
    expect(buttons(message(ts).blocks as any[])).toEqual([]);
  });

  it('refuses a name in use when asked, and closes a request whose name was taken meanwhile, with no token', async () => {
    const { ts, requestId } = await ask(DEV, { owner: 'org:acme', label: 'Taken meanwhile', scopes: ['orders:read'] });
    await app.tokenops.tokens.create(root, {
      owner: 'org:acme',
      label: 'Taken meanwhile',
      scopes: ['orders:read'],
      primaryContact: USERS.acmeAdmin,
    });
    const before = secretsTo(app, DEV).length;
    await click(USERS.acmeAdmin, ts, requestId, 'token_request_approve');
    await app.fake.waitFor(() => messageText(ts).includes('Closed without a token'), 15_000);
    expect(messageText(ts)).toContain('another token of that organization or domain now has that name');
    expect(secretsTo(app, DEV).length).toBe(before);
    expect((await app.tokenops.requests.find(requestId))!.approvals).toEqual([]); // not counted toward it

    // Asked again under that name (in another case): refused under the name, before any approver is asked.
    const opened = app.fake.callsTo('views.open').length;
    await app.slack.command(DEV, 'request');
    const modal = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
    const posted = app.fake.callsTo('chat.postMessage').length;
    const submitted = await app.slack.viewSubmission(DEV, modal, {
      ...createFormValues({ owner: 'org:acme', label: 'taken MEANWHILE', scopes: ['orders:read'], expiry: '30d' }),
      reason: { reason: text('again') },
    });
    expect(submitted.json).toMatchObject({
      response_action: 'errors',
      errors: { label: expect.stringContaining('already has this name') },
    });
    expect(app.fake.callsTo('chat.postMessage').length).toBe(posted);
  });

  it('closes at the last approval a request whose requester has left, saying so, with no token', async () => {
    const LEAVER = 'U0REQLEAVE';
    app.fake.addUser({ id: LEAVER });
    const { ts, requestId } = await ask(LEAVER, {
      owner: 'org:acme',
      label: 'Asked before leaving',
      scopes: ['orders:read'],
    });
    app.fake.addUser({ id: LEAVER, deleted: true });
    await app.slack.event({ type: 'user_change', user: { id: LEAVER, deleted: true } });
    await click(USERS.acmeAdmin, ts, requestId, 'token_request_approve');
    await app.fake.waitFor(() => messageText(ts).includes('Closed without a token'), 15_000);
    expect(messageText(ts)).toContain('the requester’s Slack account is deactivated');
    expect((await app.tokenops.requests.find(requestId))!.tokenId).toBeNull();
  });

  it('fails closed when the approvers’ user group cannot be read (no usergroups:read), and says so', async () => {
    app.fake.usergroups.set('S0SECURITY', [USERS.globexAdmin]);
    const { ts, blocks, requestId } = await ask(DEV, {
      owner: 'org:globex',
      label: 'Globex feed',
      scopes: ['orders:read'],
    });
    expect(JSON.stringify(blocks)).toContain('could not read the user group <!subteam^S0SECURITY>');
    const refused = await click(USERS.globexAdmin, ts, requestId, 'token_request_approve');
    expect(await answerText(app, refused.responseUrl)).toContain('cannot read right now');
    expect((await app.tokenops.requests.find(requestId))!.state).toBe('pending');
  });

  it('lists the requester’s requests on App Home, and what waits for an approver', async () => {
    const published = app.fake.callsTo('views.publish').length;
    await app.slack.event({ type: 'app_home_opened', user: DEV, channel: 'D0DEV00001', tab: 'home' });
    const home = await homePublished(app, DEV, published, 15_000);
    const shown = JSON.stringify(home.args.view.blocks);
    expect(shown).toContain('My requests');
    expect(shown).toContain('*Nightly export* — Domain shop.acme.test — approved');
    expect(shown).toContain('*Globex feed* — Organization globex — waiting for approval');
  });

  it('asked from App Home: confirmed in the requester’s DM with its Withdraw button; withdrawn there, the Home tab shows it', async () => {
    const opened = app.fake.callsTo('views.open').length;
    await app.slack.blockAction(
      DEV,
      { action_id: 'home_request', type: 'button' },
      { view: { id: 'VHOME', type: 'home' } },
    );
    const modal = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
    const values = createFormValues({
      owner: 'org:globex',
      label: 'Home feed',
      scopes: ['orders:read'],
      expiry: '30d',
    });
    await app.slack.viewSubmission(DEV, modal, { ...values, reason: { reason: text('asked from home') } });
    const confirmed = await app.fake.waitFor(
      () =>
        app.fake
          .callsTo('chat.postMessage')
          .find(
            (c) => c.args.channel === 'D0DEV00001' && JSON.stringify(c.args.blocks).includes('token_request_withdraw'),
          ),
      15_000,
    );
    const withdraw = (confirmed.args.blocks as any[])
      .flatMap((b) => b.elements ?? [])
      .find((e: any) => e.action_id === 'token_request_withdraw');
    const published = app.fake.callsTo('views.publish').length;
    await app.slack.blockAction(
      DEV,
      { action_id: 'token_request_withdraw', type: 'button', value: withdraw.value },
      { view: { id: 'VHOME', type: 'home' } },
    );
    const home = await homePublished(app, DEV, published, 15_000);
    expect(JSON.stringify(home.args.view.blocks)).toContain('*Home feed* — Organization globex — withdrawn');
    expect((await app.tokenops.requests.find(withdraw.value))!.state).toBe('withdrawn');
    // Withdrawn elsewhere (App Home), the confirmation in the DM offers Withdraw no more.
    const dm = () => app.fake.messages.get(`${confirmed.args.channel}/${confirmed.response.ts}`)!;
    await app.fake.waitFor(() => !JSON.stringify(dm().blocks).includes('token_request_withdraw') || undefined, 15_000);
    expect(dm().text).toMatch(/^Your token request \*Home feed\*:\n:wastebasket: Withdrawn by the requester <!date\^/);
  });

  it('confirmed by DM: once decided, the confirmation there says how, in the requester’s language, its Withdraw gone', async () => {
    app.fake.addUser({ id: 'U0JADEV002', locale: 'ja-JP' });
    const opened = app.fake.callsTo('views.open').length;
    await app.slack.command('U0JADEV002', 'request', { channelId: 'D0PEERCHAT' }); // the ephemeral answer is refused there
    const modal = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
    const posted = app.fake.callsTo('chat.postMessage').length;
    const values = createFormValues({
      owner: 'org:acme',
      label: 'Decided feed',
      scopes: ['orders:read'],
      expiry: '30d',
    });
    await app.slack.viewSubmission('U0JADEV002', modal, { ...values, reason: { reason: text('asked among peers') } });
    const confirmed = await app.fake.waitFor(
      () =>
        app.fake
          .callsTo('chat.postMessage')
          .find(
            (c) => c.args.channel === 'D0JADEV002' && JSON.stringify(c.args.blocks).includes('token_request_withdraw'),
          ),
      15_000,
    );
    const { ts, requestId } = await approvalChannel(app, CHANNEL).posted(posted, 'Decided feed');
    await click(USERS.acmeAdmin, ts, requestId, 'token_request_approve');
    const dm = () => app.fake.messages.get(`D0JADEV002/${confirmed.response.ts}`)!;
    await app.fake.waitFor(() => !JSON.stringify(dm().blocks).includes('token_request_withdraw') || undefined, 15_000);
    const { displayId } = (await app.tokenops.requests.find(requestId))!;
    expect(dm().text).toMatch(
      new RegExp(
        `^ご自身が申請したトークン「Decided feed」の発行：\n:white_check_mark: 承認されました（最後の承認：<@${USERS.acmeAdmin}>、<!date\\^.+>）。トークン \`${displayId}\` を発行し、シークレットをダイレクトメッセージでお届けしました。$`,
      ),
    );
    expect(dm().blocks).toHaveLength(1);
    // The copies are forgotten once rewritten, just after the rewrite this test saw (notify/copies.ts).
    const copies = () =>
      app.sql('SELECT count(*)::int AS n FROM asked_copies WHERE subject = $1', [`request:${requestId}`]);
    for (const until = Date.now() + 5_000; (await copies())[0].n !== 0 && Date.now() < until;)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await copies()).toEqual([{ n: 0 }]);
  });

  it('asked in a conversation tokenops is not in: Slack refuses the ephemeral answer, so it comes by DM', async () => {
    const opened = app.fake.callsTo('views.open').length;
    await app.slack.command(DEV, 'request', { channelId: 'D0PEERCHAT' }); // a DM between two people
    const modal = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
    const values = createFormValues({
      owner: 'org:globex',
      label: 'Peer feed',
      scopes: ['orders:read'],
      expiry: '30d',
    });
    await app.slack.viewSubmission(DEV, modal, { ...values, reason: { reason: text('asked among peers') } });
    const confirmed = await app.fake.waitFor(
      () =>
        app.fake
          .callsTo('chat.postMessage')
          .find((c) => c.args.channel === 'D0DEV00001' && String(c.args.text).includes('Peer feed')),
      15_000,
    );
    expect(confirmed.args.text).toContain('Asked for approval of *Peer feed*');
    expect(JSON.stringify(confirmed.args.blocks)).toContain('token_request_withdraw');
    const refused = app.fake.callsTo('chat.postEphemeral').find((c) => c.args.channel === 'D0PEERCHAT');
    expect(refused?.response).toMatchObject({ ok: false, error: 'channel_not_found' });
  });

  it('shows the rules in effect in the reader’s language', async () => {
    app.fake.addUser({ id: 'U0JADEV001', locale: 'ja-JP' });
    const response = await app.slack.command('U0JADEV001', 'policy');
    const body = JSON.stringify(
      (
        await app.fake.waitFor(
          () =>
            app.fake.responses.find((r) => response.responseUrl.endsWith(r.id)) ??
            (response.body ? { body: response.body } : undefined),
        )
      ).body,
    );
    expect(body).toContain('適用中の承認ルール');
    expect(body).toContain('refunds need two');
    expect(body).toContain('<!subteam^S0SECURITY>');
  });
});
