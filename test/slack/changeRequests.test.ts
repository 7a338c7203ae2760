// Approval policies for revoke, reset and extend (README: Token requests and approval policies), end to end against the Slack
// emulator: a change a rule covers becomes a request on the token requests' engine (distinct
// approvers, no self-approval, progress), carried out once approved; from Slack and from the
// management API (202 with the request id, the key named as the requester).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import type { DomainError } from '../../src/domain/errors.js';
import { translator } from '../../src/i18n/index.js';
import { api, createKey } from '../support/management.js';
import { useTestApp } from '../support/testApp.js';
import { approvalChannel, withdrawOf, seedWithApprovalsChannel } from '../support/approvalChannel.js';
import { exampleCatalogWith } from '../support/catalog.js';
import { secretsTo, answerText } from '../support/slackAnswers.js';
import { USERS, tokenInput } from '../support/tenants.js';
import { codeOf } from '../support/verification.js';
import { sql } from '../support/databases.js';

const CHANNEL = 'C0APPROVAL';
const SECURITY = 'U0SECURITY1';
const CATALOG = exampleCatalogWith(
  'change-requests',
  `approvals:
  - name: refunds are revoked by two
    operation: revoke
    scopes: ["payments:refund"]
    required: 2
  - name: globex changes by security
    operation: [reset, extend]
    owners: ["org:globex"]
    approvers: ["user:${SECURITY}"]
`,
);
const app = useTestApp({ env: { APPROVALS_CHANNEL_ID: CHANNEL, TOKENOPS_CATALOG: CATALOG } });
let root: Actor;

beforeAll(async () => {
  root = await seedWithApprovalsChannel(app, CHANNEL);
  await app.tokenops.tenants.grant(root, 'U0ACMEADM2', { role: 'org_admin', slug: 'acme' });
  app.fake.addUser({ id: 'U0ACMEADM2' });
  app.fake.addUser({ id: SECURITY });
});

const { posted, approve: click, messageText } = approvalChannel(app, CHANNEL);

describe('approval policies for revoke, reset and extend', () => {
  it('revoke: a covered token is revoked only after two approvers other than the requester', async () => {
    const { token, secret } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Refund bot', { scopes: ['payments:refund'], primaryContact: USERS.shopAdmin }),
    );
    const before = app.fake.callsTo('chat.postMessage').length;
    await app.slack.command(USERS.acmeAdmin, `revoke ${token.displayId} the vendor left`);
    const { ts, text, requestId } = await posted(before, 'Refund bot');
    for (const part of [
      'Revocation requested: Refund bot',
      `<@${USERS.acmeAdmin}>`,
      token.displayId,
      'the vendor left',
      '0 of 2 approvals',
    ])
      expect(text).toContain(part);
    expect(await codeOf(app.tokenops, secret)).toBe('VALID');
    // Direct revocation is refused: the policy covers it.
    await expect(app.tokenops.tokens.revoke(root, token.displayId, 'now')).rejects.toMatchObject({
      code: 'approval_required',
    });

    const own = await click(USERS.acmeAdmin, ts, requestId);
    expect(await answerText(app, own.responseUrl)).toContain('someone else must decide it');
    await click('U0ACMEADM2', ts, requestId);
    await app.fake.waitFor(() => messageText(ts).includes(`1 of 2 approvals: <@U0ACMEADM2>`), 15_000);
    expect(await codeOf(app.tokenops, secret)).toBe('VALID');
    await click(USERS.workspaceAdmin, ts, requestId);
    await app.fake.waitFor(() => messageText(ts).includes(`Token \`${token.displayId}\` is revoked`), 15_000);
    expect(await codeOf(app.tokenops, secret)).toBe('REVOKED');
    const revokes = await sql(
      app.databaseUrl,
      `SELECT actor FROM audit_events WHERE action = 'token.revoke' AND display_id = $1 AND snapshot->>'requestId' = $2`,
      [token.displayId, requestId],
    );
    expect(revokes).toEqual([{ actor: USERS.acmeAdmin }]);
    // The primary contact, who did not ask, hears of it: their integration stops.
    const told = await app.fake.waitFor(() =>
      app.fake
        .callsTo('chat.postMessage')
        .find((c) => c.args.channel === 'D0SHOPADM1' && String(c.args.text).includes(token.displayId)),
    );
    // Its history names the change asked for, not a token request.
    const history = await app.slack.command(USERS.acmeAdmin, `audit ${token.displayId}`);
    const said = JSON.stringify(
      (await app.fake.waitFor(() => app.fake.responses.find((r) => history.responseUrl.endsWith(r.id)))).body.blocks,
    );
    expect(said).toContain(`<@${USERS.acmeAdmin}> asked for approval to revoke it (reason: the vendor left)`);
    expect(said).toContain(`<@U0ACMEADM2> approved the request to revoke it`);
    expect(said).not.toContain('token request');
    expect(told.args.text).toMatch(
      new RegExp(
        `^<@${USERS.acmeAdmin}> asked to revoke \\*Refund bot\\* \\(\`${token.displayId}\`\\), whose primary contact you are:\n` +
          `:white_check_mark: Approved; the last approval by <@${USERS.workspaceAdmin}> <!date\\^\\d+.*>\\. Token \`${token.displayId}\` is revoked\\.$`,
      ),
    );
    // A second ask while one waits gets the same request; a token the rule does not cover follows the channel as before.
    const plain = (await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Plain token'))).token;
    const legacy = app.fake.callsTo('chat.postMessage').length;
    await app.slack.command(USERS.acmeAdmin, `revoke ${plain.displayId} rotated`);
    const call = await app.fake.waitFor(() =>
      app.fake
        .callsTo('chat.postMessage')
        .slice(legacy)
        .find((c) => c.args.channel === CHANNEL),
    );
    expect((call.args.blocks as any[]).some((b) => b.block_id === 'revocation_decision')).toBe(true);
  });

  it('reset: asks first when the current secret should stop, then for approval; approved, the new secret goes to the requester once and the old one stops', async () => {
    const { token, secret: old } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:globex', 'Globex sync', { primaryContact: USERS.globexAdmin }),
    );
    const before = app.fake.callsTo('chat.postMessage').length;
    const command = await app.slack.command(USERS.globexAdmin, `reset ${token.displayId}`);
    const question = (await app.fake.waitFor(() => app.fake.responses.find((r) => command.responseUrl.endsWith(r.id))))
      .body;
    const choices = question.blocks.find((b: any) => b.block_id === 'confirm').elements;
    expect(choices.map((b: any) => b.text.text)).toContain('Stop it now');
    expect(app.fake.callsTo('chat.postMessage').length).toBe(before); // nothing asked of the approvers yet
    const now = choices.find((b: any) => b.text.text === 'Stop it now');
    await app.slack.blockAction(USERS.globexAdmin, { action_id: now.action_id, type: 'button', value: now.value });
    const { ts, text, requestId } = await posted(before, 'Globex sync');
    for (const part of ['Reset requested: Globex sync', `May approve: <@${SECURITY}>`, 'Stop it now'])
      expect(text).toContain(part);
    expect(secretsTo(app, USERS.globexAdmin)).toEqual([]);
    // A reset past the request (a stale button, a direct call) is refused, saying how to ask for it.
    const refused = await app.tokenops.tokens.reset(root, token.displayId).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'approval_required', params: { operation: 'reset' } });
    expect(translator('en')('error.approval_required', (refused as DomainError).params)).toBe(
      `A reset of this token needs approval (an approval rule covers it): use \`/token reset ${token.displayId}\` to ask. Nothing was changed.`,
    );
    const stranger = await click(USERS.workspaceAdmin, ts, requestId);
    expect(await answerText(app, stranger.responseUrl)).toContain('not one of the approvers');
    await click(SECURITY, ts, requestId);
    await app.fake.waitFor(() => messageText(ts).includes('has a new secret'), 15_000);
    const [fresh, ...more] = secretsTo(app, USERS.globexAdmin);
    expect(more).toEqual([]);
    expect([await codeOf(app.tokenops, fresh!), await codeOf(app.tokenops, old)]).toEqual(['VALID', 'NOT_FOUND']);
    expect((await app.tokenops.requests.find(requestId))!.deliveredAt).not.toBeNull();
    expect(JSON.stringify(app.fake.callsTo('chat.postMessage').map((c) => c.args))).not.toContain(fresh);
  });

  it('reset: approved, a new secret whose DM outlasts the click’s 3 s is delivered once, the approvals message and the requester told', async () => {
    const { token, secret: old } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:globex', 'Globex slow sync', { primaryContact: USERS.globexAdmin }),
    );
    const before = app.fake.callsTo('chat.postMessage').length;
    const command = await app.slack.command(USERS.globexAdmin, `reset ${token.displayId}`);
    const question = (await app.fake.waitFor(() => app.fake.responses.find((r) => command.responseUrl.endsWith(r.id))))
      .body;
    const now = question.blocks
      .find((b: any) => b.block_id === 'confirm')
      .elements.find((b: any) => b.text.text === 'Stop it now');
    await app.slack.blockAction(USERS.globexAdmin, { action_id: now.action_id, type: 'button', value: now.value });
    const { ts, requestId } = await posted(before, 'Globex slow sync');
    const secretsBefore = secretsTo(app, USERS.globexAdmin).length;
    // The new secret's DM: shown at once, answered only after the click's deadline has passed.
    app.fake.holdNext('chat.postEphemeral', 3_500);
    const started = Date.now();
    const clicked = await click(SECURITY, ts, requestId);
    expect(Date.now() - started).toBeLessThan(3_000);

    await app.fake.waitFor(() => messageText(ts).includes('has a new secret'), 15_000);
    const told = await app.fake.waitFor(
      () =>
        app.fake
          .callsTo('chat.postMessage')
          .find(
            (c) =>
              c.args.channel === app.fake.dmOf(USERS.globexAdmin) &&
              String(c.args.text).includes(token.displayId) &&
              String(c.args.text).includes('Approved'),
          ),
      15_000,
    );
    expect(told.args.text).toContain('has a new secret');
    expect((await app.tokenops.requests.find(requestId))!).toMatchObject({
      state: 'approved',
      deliveredAt: expect.any(Date),
    });
    const fresh = secretsTo(app, USERS.globexAdmin).slice(secretsBefore);
    expect(fresh).toHaveLength(1);
    expect([await codeOf(app.tokenops, fresh[0]!), await codeOf(app.tokenops, old)]).toEqual(['VALID', 'NOT_FOUND']);
    expect(app.fake.responses.filter((r) => clicked.responseUrl.endsWith(r.id))).toEqual([]);
  });

  it('extend: approved, the token gets the new expiry; the requester is told in Japanese when that is their language', async () => {
    app.fake.addUser({ id: 'U0GLOBJA01', locale: 'ja-JP' });
    await app.tokenops.tenants.grant(root, 'U0GLOBJA01', { role: 'org_admin', slug: 'globex' });
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:globex', 'Globex export', { expiry: '30d' }),
    );
    const before = app.fake.callsTo('chat.postMessage').length;
    const asked = await app.slack.command('U0GLOBJA01', `extend ${token.displayId} 180d`);
    const { ts, text, requestId } = await posted(before, 'Globex export');
    expect(text).toContain('180 days'); // the channel reads the workspace's language
    expect(text).toContain('*Expires in*'); // a period, labelled as one (not "New expiry: 180 days")
    const told = JSON.stringify(
      asked.json ??
        (await app.fake.waitFor(() => app.fake.responses.find((r) => asked.responseUrl.endsWith(r.id)))).body,
    );
    expect(told).toContain('承認ポリシーに従い、「Globex export」');
    await click(SECURITY, ts, requestId);
    await app.fake.waitFor(() => messageText(ts).includes('has its new expiry'), 15_000);
    const after = await app.tokenops.tokens.show(root, token.displayId);
    expect(after.expiresAt!.getTime() - Date.now()).toBeGreaterThan(179 * 86_400_000);
  });

  it('extend from the renewal form answers as reset and revoke do: the request with its Withdraw button, on its own beside a list', async () => {
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:globex', 'Globex by form', { primaryContact: USERS.globexAdmin }),
    );
    const renewal = {
      expiry: { expiry: { type: 'static_select', selected_option: { value: '90d' } } },
      expiry_date: { expiry_date: { type: 'datepicker', selected_date: null } },
    };
    // A date already past is refused under the field, the form left open, as without a rule.
    let opened = app.fake.callsTo('views.open').length;
    await app.slack.command(USERS.globexAdmin, `extend ${token.displayId}`);
    const refused = await app.slack.viewSubmission(
      USERS.globexAdmin,
      (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view,
      { ...renewal, expiry_date: { expiry_date: { type: 'datepicker', selected_date: '2020-01-01' } } },
    );
    expect(refused.json).toMatchObject({ response_action: 'errors', errors: { expiry: expect.any(String) } });
    // Opened by `/token extend <id>`: answered in the channel.
    opened = app.fake.callsTo('views.open').length;
    const answered = app.fake.callsTo('chat.postEphemeral').length;
    let before = app.fake.callsTo('chat.postMessage').length;
    await app.slack.command(USERS.globexAdmin, `extend ${token.displayId}`);
    await app.slack.viewSubmission(
      USERS.globexAdmin,
      (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view,
      renewal,
    );
    const first = await posted(before, 'Globex by form');
    const asked = await app.fake.waitFor(
      () =>
        app.fake
          .callsTo('chat.postEphemeral')
          .slice(answered)
          .find((c) => c.args.user === USERS.globexAdmin && withdrawOf(c.args.blocks)),
      15_000,
    );
    expect(asked.args.text).toContain(`Asked for approval to extend *Globex by form* (\`${token.displayId}\`)`);
    expect(withdrawOf(asked.args.blocks).value).toBe(first.requestId);
    const withdrawn = await app.slack.blockAction(USERS.globexAdmin, {
      action_id: 'token_request_withdraw',
      type: 'button',
      value: first.requestId,
    });
    expect(await answerText(app, withdrawn.responseUrl)).toContain('is withdrawn');
    expect((await app.tokenops.requests.find(first.requestId))!.state).toBe('withdrawn');

    // Opened from a list's menu: the request comes as a message of its own (the list shows nothing new).
    const listed = await app.slack.command(USERS.globexAdmin, 'list Globex by form');
    const list = (await app.fake.waitFor(() => app.fake.responses.find((r) => listed.responseUrl.endsWith(r.id)))).body;
    const option = list.blocks
      .find((b: any) => b.block_id === `token:${token.displayId}`)
      .accessory.options.find((o: any) => o.value.startsWith('extend:'));
    opened = app.fake.callsTo('views.open').length;
    before = app.fake.callsTo('chat.postMessage').length;
    const chosen = await app.slack.blockAction(USERS.globexAdmin, {
      action_id: 'token_menu',
      type: 'static_select',
      selected_option: option,
    });
    await app.slack.viewSubmission(
      USERS.globexAdmin,
      (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view,
      renewal,
    );
    const second = await posted(before, 'Globex by form');
    const inList = (
      await app.fake.waitFor(() => app.fake.responses.find((r) => chosen.responseUrl.endsWith(r.id)), 15_000)
    ).body;
    expect(inList.replace_original).toBe(false);
    expect(withdrawOf(inList.blocks).value).toBe(second.requestId);
  });

  it('revoke from the reason form answers with the request and its Withdraw button too', async () => {
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Refund by form', { scopes: ['payments:refund'] }),
    );
    const opened = app.fake.callsTo('views.open').length;
    const answered = app.fake.callsTo('chat.postEphemeral').length;
    const before = app.fake.callsTo('chat.postMessage').length;
    const command = await app.slack.command(USERS.acmeAdmin, `revoke ${token.displayId}`);
    const modal = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
    expect(modal.callback_id).toBe('revocation_request_reason');
    await app.slack.viewSubmission(USERS.acmeAdmin, modal, {
      reason: { reason: { type: 'plain_text_input', value: 'replaced' } },
    });
    const { requestId } = await posted(before, 'Refund by form');
    const answer = await app.fake.waitFor(
      () =>
        [
          ...app.fake.responses.filter((r) => command.responseUrl.endsWith(r.id)).map((r) => r.body),
          ...app.fake
            .callsTo('chat.postEphemeral')
            .slice(answered)
            .filter((c) => c.args.user === USERS.acmeAdmin)
            .map((c) => c.args),
        ].find((message: any) => withdrawOf(message.blocks ?? [])),
      15_000,
    );
    expect(withdrawOf(answer.blocks).value).toBe(requestId);
  });

  it('closes a request whose token was deleted before the last approval, changing nothing', async () => {
    const { token } = await app.tokenops.tokens.create(root, tokenInput('org:globex', 'Globex gone'));
    const before = app.fake.callsTo('chat.postMessage').length;
    await app.slack.command(USERS.globexAdmin, `extend ${token.displayId} 90d`);
    const { ts, requestId } = await posted(before, 'Globex gone');
    await app.tokenops.tokens.delete(root, token.displayId);
    await click(SECURITY, ts, requestId);
    await app.fake.waitFor(
      () => messageText(ts).includes('Closed without a change: the token no longer exists'),
      15_000,
    );
    expect(await app.tokenops.requests.find(requestId)).toMatchObject({
      state: 'closed',
      outcomeReason: 'token_not_found',
      tokenId: null,
    });
  });

  it('closes a request whose token was deleted at its first approval, not counting it toward two', async () => {
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Refund gone', { scopes: ['payments:refund'] }),
    );
    const before = app.fake.callsTo('chat.postMessage').length;
    await app.slack.command(USERS.acmeAdmin, `revoke ${token.displayId} leaving`);
    const { ts, requestId } = await posted(before, 'Refund gone');
    await app.tokenops.tokens.delete(root, token.displayId);
    await click('U0ACMEADM2', ts, requestId);
    await app.fake.waitFor(
      () => messageText(ts).includes('Closed without a change: the token no longer exists'),
      15_000,
    );
    expect(messageText(ts)).not.toContain('1 of 2 approvals');
    expect(await app.tokenops.requests.find(requestId)).toMatchObject({
      state: 'closed',
      outcomeReason: 'token_not_found',
      approvals: [],
    });
  });

  it('extend_token workflow step: waits for the policy\u2019s approval, then ends with the token id and its new expiry', async () => {
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:globex', 'Globex step', { expiry: '30d' }),
    );
    const before = app.fake.callsTo('chat.postMessage').length;
    const { execution } = await app.slack.functionExecuted('extend_token', {
      actor: USERS.globexAdmin,
      token_id: token.displayId,
      duration: '90d',
    });
    const { ts, requestId } = await posted(before, 'Globex step');
    expect(execution.state).toBe('running');
    await click(SECURITY, ts, requestId);
    await app.fake.waitFor(() => execution.state !== 'running', 15_000);
    // The new expiry too: an empty one would tell the workflow's next steps it never expires.
    const extended = await app.tokenops.tokens.show(root, token.displayId);
    expect(execution).toMatchObject({
      state: 'completed',
      outputs: { token_id: token.displayId, expires_at: extended.expiresAt!.toISOString() },
    });
    expect((await app.tokenops.tokens.show(root, token.displayId)).expiresAt!.getTime() - Date.now()).toBeGreaterThan(
      89 * 86_400_000,
    );
  });

  it('management API: a covered reset answers 202 with the request id, posted naming the key; approved, the primary contact gets the secret', async () => {
    const key = await createKey(app, USERS.globexAdmin, 'org:globex', 'ci');
    const { token, secret: old } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:globex', 'Globex ci', { primaryContact: USERS.globexAdmin }),
    );
    const before = app.fake.callsTo('chat.postMessage').length;
    const asked = await api(app, key.secret, 'POST', `/v1/tokens/${token.displayId}/reset`, { grace: '1h' });
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ status: 'pending', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const { ts, text, requestId } = await posted(before, 'Globex ci');
    expect(requestId).toBe(asked.body.requestId);
    expect(text).toContain(`management key \`${key.id}\``);
    expect(text).toContain('Stop in 1 hour');
    const again = await api(app, key.secret, 'POST', `/v1/tokens/${token.displayId}/reset`, { grace: '1h' });
    expect(again.body.requestId).toBe(requestId);
    const extend = await api(app, key.secret, 'POST', `/v1/tokens/${token.displayId}/extend`, { expiry: '90d' });
    expect(extend.status).toBe(202);

    const delivered = secretsTo(app, USERS.globexAdmin).length;
    await click(SECURITY, ts, requestId);
    await app.fake.waitFor(() => messageText(ts).includes('has a new secret'), 15_000);
    const fresh = secretsTo(app, USERS.globexAdmin).slice(delivered);
    expect(fresh).toHaveLength(1);
    expect([await codeOf(app.tokenops, fresh[0]!), await codeOf(app.tokenops, old)]).toEqual(['VALID', 'VALID']); // the old one until the grace period ends
  });

  it('/token policy shows every rule as applied', async () => {
    const shown = await app.slack.command(USERS.acmeAdmin, 'policy');
    const text = JSON.stringify(
      shown.json ??
        (await app.fake.waitFor(() => app.fake.responses.find((r) => shown.responseUrl.endsWith(r.id)))).body,
    );
    expect(text).toContain('refunds are revoked by two');
    expect(text).not.toMatch(/not applied/i);
  });
});
