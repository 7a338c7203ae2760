// SIGKILL in the middle of a create, a reset, an approval, a token request and a workflow step: whatever the moment, nothing is
// half-done and no token is live with nobody holding its secret. The killed instance is a real
// process (`node dist/main.js web`, as npm start runs it); Slack's emulator holds the answer of
// the call in flight, so the kill lands exactly there.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackDriver } from '@tokenops/slack-emulator';
import type { Actor } from '../../src/domain/permissions.js';
import { SIGNING_SECRET, testEnv, useTestApp } from '../support/testApp.js';
import { codeOf } from '../support/verification.js';
import { createFormValues } from '../support/slackForms.js';
import { SECRET_PATTERN } from '../support/secretScan.js';
import { USERS, tokenInput } from '../support/tenants.js';
import { approvalChannel, revocationRequest, seedWithApprovalsChannel } from '../support/approvalChannel.js';
import { exampleCatalogWith } from '../support/catalog.js';

const CHANNEL = 'C0APPROVAL';
const SECURITY = 'U0SECKILL1';
const CATALOG = exampleCatalogWith(
  'killed-midway',
  `approvals:
  - name: globex resets by security
    operation: reset
    owners: ["org:globex"]
    approvers: ["user:${SECURITY}"]
`,
);
// The survivor answers Slack; its jobs run on the one worker below, whose short sweeps the tests
// wait for (an 'all' instance's worker would take half of them with the 2-minute window).
const app = useTestApp({ role: 'web', env: { APPROVALS_CHANNEL_ID: CHANNEL, TOKENOPS_CATALOG: CATALOG } });
let root: Actor;

beforeAll(async () => {
  root = await seedWithApprovalsChannel(app, CHANNEL);
  // The survivor's worker voids what a killed instance left undelivered (short window for the test).
  await app.startInstance({ role: 'worker', deliverySweep: { everyMs: 300, windowMs: 1_500 } });
});

const doomed: Array<() => Promise<void>> = [];
afterAll(() => Promise.all(doomed.map((kill) => kill()))); // also those a failed test left running

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Another web instance as its own process, on the same database, Redis and Slack. */
async function doomedInstance() {
  const port = await freePort();
  const env = testEnv(
    { databaseUrl: app.databaseUrl, redisPrefix: app.config.redisPrefix, fake: app.fake },
    { APPROVALS_CHANNEL_ID: CHANNEL, TOKENOPS_CATALOG: CATALOG, PORT: String(port), LOG_LEVEL: 'warn' },
  );
  const child = spawn(process.execPath, ['dist/main.js', 'web'], {
    env: { PATH: process.env.PATH, ...env },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const kill = async () =>
    void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL') && (await exited));
  doomed.push(kill);
  const url = `http://127.0.0.1:${port}`;
  await until(
    () =>
      fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      ),
    Boolean,
    'the doomed instance to be ready',
    30_000,
  );
  return { slack: new SlackDriver(url, SIGNING_SECRET, app.fake), kill };
}

const secretsPosted = (from: number) =>
  app.fake
    .callsTo('chat.postEphemeral')
    .slice(from)
    .map((c) => SECRET_PATTERN.exec(JSON.stringify(c.args.blocks))?.[0])
    .filter(Boolean) as string[];

/** Polls `probe` until `done`; fails saying what it waited for once `ms` have passed (generous:
 *  on a loaded machine the sweeps run late, but they run). */
async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`waited ${ms} ms for ${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A reset of a new token of globex asked for by `requester` (reading Slack in Japanese): the
 *  approval policy makes it a request, posted for the security team. */
async function resetRequested(requester: string, label: string) {
  app.fake.addUser({ id: requester, locale: 'ja-JP' });
  app.fake.addUser({ id: SECURITY });
  await app.tokenops.tenants.grant(root, requester, { role: 'org_admin', slug: 'globex' });
  const { token, secret: previous } = await app.tokenops.tokens.create(
    root,
    tokenInput('org:globex', label, { primaryContact: requester }),
  );
  const channel = approvalChannel(app, CHANNEL);
  const before = app.fake.callsTo('chat.postMessage').length;
  await app.slack.command(requester, `reset ${token.displayId} now`);
  return { token, previous, ...channel, ...(await channel.posted(before, label)) };
}

/** The audit entries `action` of one request. */
const audited = (action: string, requestId: string) =>
  app.sql(`SELECT action FROM audit_events WHERE action = $1 AND snapshot->>'requestId' = $2`, [action, requestId]);

describe('an instance killed mid-operation', () => {
  it('create: the secret never works, the sweep voids the token, and the retry with the same name succeeds', async () => {
    const doomed = await doomedInstance();
    const opened = app.fake.callsTo('views.open').length;
    await doomed.slack.command(USERS.acmeAdmin, 'create');
    const view = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened], 15_000)).response.view;
    const values = createFormValues({
      owner: 'org:acme',
      label: 'Killed while delivering',
      scopes: ['orders:read'],
      contact: USERS.acmeAdmin,
      expiry: '30d',
    });
    const posted = app.fake.callsTo('chat.postEphemeral').length;
    app.fake.holdNext('chat.postEphemeral', 20_000); // Slack shows the DM; its answer never reaches tokenops
    void doomed.slack.viewSubmission(USERS.acmeAdmin, view, values).catch(() => undefined);
    const secret = await app.fake.waitFor(() => secretsPosted(posted)[0], 10_000);
    await doomed.kill();

    expect(await codeOf(app.tokenops, secret)).toBe('NOT_FOUND'); // pending: nobody confirmed holding it
    await until(
      () => app.sql(`SELECT count(*)::int AS n FROM tokens WHERE label = 'Killed while delivering'`),
      (rows: any) => rows[0].n === 0,
      'the sweep to void the undelivered token',
    );
    expect(
      await app.sql(
        `SELECT actor, action FROM audit_events WHERE action = 'token.void' AND snapshot->>'label' = 'Killed while delivering'`,
      ),
    ).toEqual([{ actor: 'tokenops', action: 'token.void' }]);

    const retried = app.fake.callsTo('chat.postEphemeral').length;
    const reopened = app.fake.callsTo('views.open').length;
    await app.slack.command(USERS.acmeAdmin, 'create');
    const again = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[reopened])).response.view;
    expect((await app.slack.viewSubmission(USERS.acmeAdmin, again, values)).status).toBe(200);
    const fresh = await app.fake.waitFor(() => secretsPosted(retried)[0], 10_000);
    expect(
      await until(
        () => codeOf(app.tokenops, fresh),
        (code) => code === 'VALID',
        'the retried secret to work',
      ),
    ).toBe('VALID');
  }, 60_000);

  it('reset: the previous secret keeps working; the new one never does, and the sweep undoes the reset', async () => {
    const { token, secret: previous } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Reset killed', { primaryContact: USERS.acmeAdmin }),
    );
    const doomed = await doomedInstance();
    // Stopping the current secret now asks once: the kill lands after the answer.
    const asked = await doomed.slack.command(USERS.acmeAdmin, `reset ${token.displayId} now`);
    const question =
      asked.json ??
      (await app.fake.waitFor(() => app.fake.responses.find((r) => asked.responseUrl.endsWith(r.id)))).body;
    const button = question.blocks.find((b: any) => b.block_id === 'confirm').elements[0];
    const posted = app.fake.callsTo('chat.postEphemeral').length;
    app.fake.holdNext('chat.postEphemeral', 20_000);
    void doomed.slack
      .blockAction(USERS.acmeAdmin, { action_id: button.action_id, type: 'button', value: button.value })
      .catch(() => undefined);
    const next = await app.fake.waitFor(() => secretsPosted(posted)[0], 10_000);
    await doomed.kill();

    expect([await codeOf(app.tokenops, previous), await codeOf(app.tokenops, next)]).toEqual(['VALID', 'NOT_FOUND']);
    await until(
      () =>
        app.sql(
          `SELECT count(*)::int AS n FROM token_secrets s JOIN tokens t ON t.id = s.token_id WHERE t.display_id = $1`,
          [token.displayId],
        ),
      (rows: any) => rows[0].n === 1,
      'the sweep to undo the reset',
    );
    expect([await codeOf(app.tokenops, previous), await codeOf(app.tokenops, next)]).toEqual(['VALID', 'NOT_FOUND']);
    expect((await app.tokenops.tokens.audit(root, token.displayId)).map((e) => [e.actor, e.action])).toEqual([
      ['tokenops', 'token.reset.void'],
      [USERS.acmeAdmin, 'token.reset'],
      [root.userId, 'token.create'],
    ]);
  }, 60_000);

  it('reset request: killed between its approval and the new secret’s delivery, the reset is undone and the requester told to ask again', async () => {
    const REQUESTER = 'U0GLOBJA09';
    const { token, previous, messageText, ts, requestId } = await resetRequested(REQUESTER, 'Reset request killed');

    const doomed = await doomedInstance();
    const delivered = app.fake.callsTo('chat.postEphemeral').length;
    app.fake.holdNext('chat.postEphemeral', 40_000); // the new secret's DM: Slack shows it, tokenops never hears back
    void doomed.slack
      .blockAction(
        SECURITY,
        { action_id: 'token_request_approve', type: 'button', value: requestId },
        { message: { ts, persisted: true }, channelId: CHANNEL },
      )
      .catch(() => undefined);
    const lost = await app.fake.waitFor(() => secretsPosted(delivered)[0], 20_000);
    await doomed.kill();
    // Pending: nobody confirmed holding it; the previous secret was never stopped.
    expect([await codeOf(app.tokenops, previous), await codeOf(app.tokenops, lost)]).toEqual(['VALID', 'NOT_FOUND']);

    // The survivor's sweeps void the new secret, then fail the request: the reset did not happen.
    const [request] = await until(
      () => app.sql(`SELECT state, outcome_reason FROM approval_requests WHERE id = $1::uuid`, [requestId]),
      (rows: any) => rows[0].state !== 'approved',
      'the request to be settled',
    );
    expect(request).toEqual({ state: 'failed', outcome_reason: 'reset_undone' });
    expect([await codeOf(app.tokenops, previous), await codeOf(app.tokenops, lost)]).toEqual(['VALID', 'NOT_FOUND']);
    expect(
      await app.sql(
        `SELECT s.pending_since IS NULL AS confirmed, s.expires_at FROM token_secrets s JOIN tokens t ON t.id = s.token_id WHERE t.display_id = $1`,
        [token.displayId],
      ),
    ).toEqual([{ confirmed: true, expires_at: null }]); // the previous secret only, as valid as before
    expect((await app.tokenops.tokens.audit(root, token.displayId)).map((e) => [e.actor, e.action])).toEqual([
      ['tokenops', 'request.fail'],
      ['tokenops', 'token.reset.void'],
      [REQUESTER, 'token.reset'],
      [SECURITY, 'request.approve'],
      [REQUESTER, 'request.submit'],
      [root.userId, 'token.create'],
    ]);
    expect(secretsPosted(delivered)).toEqual([lost]); // no second secret was made

    // The requester is told, in their language, that nothing changed and to ask again; the
    // approvers' message shows the outcome.
    const told = await app.fake.waitFor(
      () =>
        app.fake
          .callsTo('chat.postMessage')
          .map((c) => (c.args.channel === app.fake.dmOf(REQUESTER) ? JSON.stringify(c.args) : ''))
          .find((text) => text.includes('シークレットのリセットを元に戻しました')),
      15_000,
    );
    expect(told).toContain(
      '承認されましたが、何も変更していません。新しいシークレットを届けられなかったため、シークレットのリセットを元に戻しました。必要であれば、もう一度申請してください。',
    );
    await app.fake.waitFor(() => messageText(ts).includes('Approved, but nothing was changed'), 15_000);
    expect(messageText(ts)).toContain('Ask again if it is still needed');
  }, 90_000);

  it('reset request: its new secret arrived, and it reads delivered whatever else of its token was voided; nobody is told it was undone', async () => {
    const REQUESTER = 'U0GLOBJA08';
    const { token, previous, approve, messageText, ts, requestId } = await resetRequested(
      REQUESTER,
      'Reset recorded late',
    );
    const delivered = app.fake.callsTo('chat.postEphemeral').length;
    await approve(SECURITY, ts, requestId);
    await app.fake.waitFor(() => messageText(ts).includes('has a new secret'), 15_000);
    const [fresh] = secretsPosted(delivered);
    // Confirming the secret recorded the delivery in the same transaction; were it lost (a row
    // from before that, say), the request's own secret still decides, whatever another reset of
    // this token did since: here one whose secret was voided.
    await app.sql(`UPDATE approval_requests SET delivered_at = NULL WHERE id = $1::uuid`, [requestId]);
    await app.sql(
      `INSERT INTO audit_events (id, token_id, display_id, actor, action, outcome) VALUES (gen_random_uuid(), $1::uuid, $2, 'tokenops', 'token.reset.void', 'ok')`,
      [token.id, token.displayId],
    );

    const [request] = await until(
      () =>
        app.sql(`SELECT state, delivered_at IS NOT NULL AS delivered FROM approval_requests WHERE id = $1::uuid`, [
          requestId,
        ]),
      (rows: any) => rows[0].delivered || rows[0].state !== 'approved',
      'the sweep to settle the request',
    );
    expect(request).toEqual({ state: 'approved', delivered: true });
    expect([await codeOf(app.tokenops, fresh!), await codeOf(app.tokenops, previous)]).toEqual(['VALID', 'NOT_FOUND']);
    expect(await audited('request.fail', requestId)).toEqual([]);
    const toRequester = app.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === app.fake.dmOf(REQUESTER))
      .map((c) => JSON.stringify(c.args));
    expect(toRequester.some((text) => text.includes('元に戻しました'))).toBe(false);
  }, 60_000);

  it('approval: killed before its decision, nothing changed; killed after, decided once, and later clicks are told', async () => {
    const { token, secret } = await app.tokenops.tokens.create(
      root,
      tokenInput('domain:shop.acme.test', 'Approval killed', { primaryContact: USERS.shopAdmin }),
    );
    const before = app.fake.callsTo('chat.postMessage').length;
    await app.slack.command(USERS.shopAdmin, `revoke ${token.displayId} rotated out`);
    const { ts, requestId } = await revocationRequest(app.fake, CHANNEL, before);
    const click = (slack: SlackDriver, user: string) =>
      slack.blockAction(
        user,
        { action_id: 'revocation_approve', type: 'button', value: requestId },
        { message: { ts, persisted: true }, channelId: CHANNEL },
      );
    const state = async () =>
      (await app.sql(`SELECT state, decided_by FROM revocation_requests WHERE id = $1::uuid`, [requestId]))[0];

    // Killed while looking up the approver (before any decision): nothing is decided.
    const first = await doomedInstance();
    const lookups = app.fake.callsTo('users.info').length;
    app.fake.addUser({ id: 'U0NEWADMIN9' });
    await app.tokenops.tenants.grant(root, 'U0NEWADMIN9', { role: 'org_admin', slug: 'acme' });
    app.fake.holdNext('users.info', 20_000);
    void click(first.slack, 'U0NEWADMIN9').catch(() => undefined);
    await app.fake.waitFor(() => app.fake.callsTo('users.info').length > lookups);
    await first.kill();
    expect(await state()).toEqual({ state: 'pending', decided_by: null });
    expect(await codeOf(app.tokenops, secret)).toBe('VALID');

    // Killed while Slack updates the message (after the decision committed): decided once.
    const second = await doomedInstance();
    const updates = app.fake.callsTo('chat.update').length;
    app.fake.holdNext('chat.update', 20_000);
    void click(second.slack, USERS.acmeAdmin).catch(() => undefined);
    await app.fake.waitFor(() => app.fake.callsTo('chat.update').length > updates, 10_000);
    await second.kill();
    expect(await state()).toEqual({ state: 'approved', decided_by: USERS.acmeAdmin });
    expect(await codeOf(app.tokenops, secret)).toBe('REVOKED');
    const late = await click(app.slack, 'U0NEWADMIN9');
    expect(late.status).toBe(200);
    expect(await audited('revocation.approve', requestId)).toHaveLength(1);
  }, 60_000);

  it('token request: killed between its approval and the secret’s delivery, the request is neither lost nor made twice', async () => {
    app.fake.addUser({ id: 'U0DEVKILL1' });
    const opened = app.fake.callsTo('views.open').length;
    await app.slack.command('U0DEVKILL1', 'request');
    const view = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
    const posts = app.fake.callsTo('chat.postMessage').length;
    const values = {
      ...createFormValues({ owner: 'org:acme', label: 'Request killed', scopes: ['orders:read'], expiry: '30d' }),
      reason: { reason: { type: 'plain_text_input', value: 'export' } },
    };
    await app.slack.viewSubmission('U0DEVKILL1', view, values);
    const post = await app.fake.waitFor(() =>
      app.fake
        .callsTo('chat.postMessage')
        .slice(posts)
        .find((c) => c.args.channel === CHANNEL && JSON.stringify(c.args.blocks).includes('Request killed')),
    );
    const requestId = post.args.blocks.find((b: any) => b.block_id === 'token_request_decision').elements[0]
      .value as string;
    const click = (slack: SlackDriver) =>
      slack.blockAction(
        USERS.acmeAdmin,
        { action_id: 'token_request_approve', type: 'button', value: requestId },
        { message: { ts: post.response.ts, persisted: true }, channelId: CHANNEL },
      );

    const doomed = await doomedInstance();
    const delivered = app.fake.callsTo('chat.postEphemeral').length;
    app.fake.holdNext('chat.postEphemeral', 40_000); // the secret's DM: Slack shows it, tokenops never hears back
    void click(doomed.slack).catch(() => undefined);
    const lost = await app.fake.waitFor(() => secretsPosted(delivered)[0], 20_000);
    await doomed.kill();
    expect(await codeOf(app.tokenops, lost)).toBe('NOT_FOUND'); // pending: nobody confirmed holding it

    // The survivor voids the undelivered token, then makes the approved request's token anew.
    const fresh = await until(
      async () => secretsPosted(delivered).find((s) => s !== lost),
      Boolean,
      'the request’s token made anew',
    );
    expect(
      await until(
        () => codeOf(app.tokenops, fresh!),
        (code) => code === 'VALID',
        'the new secret to work',
      ),
    ).toBe('VALID');
    expect(await codeOf(app.tokenops, lost)).toBe('NOT_FOUND');
    expect(await app.sql(`SELECT created_by, primary_contact FROM tokens WHERE label = 'Request killed'`)).toEqual([
      { created_by: 'U0DEVKILL1', primary_contact: 'U0DEVKILL1' },
    ]);
    const [request] = await until(
      () =>
        app.sql(`SELECT state, delivered_at IS NOT NULL AS delivered FROM approval_requests WHERE id = $1::uuid`, [
          requestId,
        ]),
      (rows: any) => rows[0].delivered,
      'the request to read delivered',
    );
    expect(request).toEqual({ state: 'approved', delivered: true });
    const late = await click(app.slack);
    expect(late.status).toBe(200);
    expect(await audited('request.approve', requestId)).toHaveLength(1);
  }, 90_000);

  it('workflow step: killed between its request’s approval and functions.completeSuccess, the step completes once, with the one token', async () => {
    app.fake.addUser({ id: 'U0DEVKILL2' });
    const posts = app.fake.callsTo('chat.postMessage').length;
    const { execution } = await app.slack.functionExecuted('request_token', {
      requester: 'U0DEVKILL2',
      owner: 'org:acme',
      label: 'Step killed',
      scopes: 'orders:read',
      reason: 'export',
    });
    const post = await app.fake.waitFor(
      () =>
        app.fake
          .callsTo('chat.postMessage')
          .slice(posts)
          .find((c) => c.args.channel === CHANNEL && JSON.stringify(c.args.blocks).includes('Step killed')),
      15_000,
    );
    const requestId = post.args.blocks.find((b: any) => b.block_id === 'token_request_decision').elements[0]
      .value as string;

    const doomed = await doomedInstance();
    const delivered = app.fake.callsTo('chat.postEphemeral').length;
    app.fake.holdNext('chat.postEphemeral', 40_000); // the secret's DM: shown, never answered; the step is not completed yet
    void doomed.slack
      .blockAction(
        USERS.acmeAdmin,
        { action_id: 'token_request_approve', type: 'button', value: requestId },
        { message: { ts: post.response.ts, persisted: true }, channelId: CHANNEL },
      )
      .catch(() => undefined);
    const lost = await app.fake.waitFor(() => secretsPosted(delivered)[0], 20_000);
    await doomed.kill();
    expect(execution.state).toBe('running');

    // The survivor's sweep makes the request's token anew, hands it over, and ends the step with it.
    await until(
      async () => execution.state,
      (state) => state !== 'running',
      'the step to end',
    );
    const tokens = await app.sql(`SELECT display_id FROM tokens WHERE label = 'Step killed'`);
    expect(tokens).toHaveLength(1);
    expect(execution).toMatchObject({
      state: 'completed',
      outputs: { token_id: tokens[0].display_id, request_id: requestId },
    });
    const completions = app.fake.calls.filter(
      (c) => c.method.startsWith('functions.complete') && c.args.function_execution_id === execution.id,
    );
    expect(completions.map((c) => c.method)).toEqual(['functions.completeSuccess']);
    const fresh = secretsPosted(delivered).filter((s) => s !== lost);
    expect(fresh).toHaveLength(1);
    expect([await codeOf(app.tokenops, lost), await codeOf(app.tokenops, fresh[0]!)]).toEqual(['NOT_FOUND', 'VALID']);
    expect(
      await app.sql(`SELECT completed_at IS NOT NULL AS done FROM workflow_steps WHERE execution_id = $1`, [
        execution.id,
      ]),
    ).toEqual([{ done: true }]);
  }, 90_000);
});
