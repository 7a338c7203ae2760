// request_token end to end: a workflow asks for a token for its requester; the approvers the
// policy names decide in the approvals channel; the step ends with the decision. The secret
// goes to the requester once, by ephemeral DM, and never into the step's outputs.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../support/testApp.js';
import { exampleCatalogWith } from '../../support/catalog.js';
import { secretsTo } from '../../support/slackAnswers.js';
import { seedWithApprovalsChannel, approvalChannel } from '../../support/approvalChannel.js';
import { USERS } from '../../support/tenants.js';
import { sql } from '../../support/databases.js';

const CHANNEL = 'C0APPROVAL';
const DEV = 'U0DEV00001';
const DEV_JA = 'U0DEVJA001';
const CATALOG = exampleCatalogWith(
  'step-requests',
  `approvals:
  - name: refunds need two
    operation: request
    scopes: ["payments:refund"]
    required: 2
`,
);
const app = useTestApp({ env: { APPROVALS_CHANNEL_ID: CHANNEL, TOKENOPS_CATALOG: CATALOG } });

beforeAll(async () => {
  const root = await seedWithApprovalsChannel(app, CHANNEL);
  await app.tokenops.tenants.grant(root, 'U0ACMEADM2', { role: 'org_admin', slug: 'acme' });
  app.fake.addUser({ id: DEV });
  app.fake.addUser({ id: DEV_JA, locale: 'ja-JP' });
  app.fake.addUser({ id: 'U0ACMEADM2' });
});

const inputs = (label: string, more: Record<string, string> = {}) => ({
  requester: DEV,
  owner: 'org:acme',
  label,
  scopes: 'orders:read',
  reason: 'the nightly export job',
  ...more,
});

/** Runs request_token; the request's message in the approvals channel. */
async function requestStep(stepInputs: Record<string, string>) {
  const posted = app.fake.callsTo('chat.postMessage').length;
  const run = await app.slack.functionExecuted('request_token', stepInputs);
  const call = await app.fake.waitFor(
    () =>
      app.fake
        .callsTo('chat.postMessage')
        .slice(posted)
        .find((c) => c.args.channel === CHANNEL && JSON.stringify(c.args.blocks).includes(stepInputs.label!)),
    15_000,
  );
  const decision = (call.args.blocks as any[]).find((b) => b.block_id === 'token_request_decision');
  return {
    ...run,
    ts: call.response.ts as string,
    requestId: decision.elements[0].value as string,
    text: JSON.stringify(call.args.blocks),
  };
}

const { decide: click } = approvalChannel(app, CHANNEL);

describe('request_token', () => {
  it('waits for the approvals the policy needs, then outputs the token id; the secret reaches the requester once, by DM only', async () => {
    const { execution, ts, requestId, text } = await requestStep(
      inputs('Step refunds', { scopes: 'orders:read, payments:refund' }),
    );
    // No expiry asked (it is optional): approvers read the catalog's default, which the token gets.
    expect(text).toContain('*Expires in*\\n90 days');
    await click(USERS.acmeAdmin, ts, requestId, 'token_request_approve');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(execution.state).toBe('running'); // 1 of 2
    await click('U0ACMEADM2', ts, requestId, 'token_request_approve');
    await app.fake.waitFor(() => execution.state !== 'running', 15_000);
    const request = (await app.tokenops.requests.find(requestId))!;
    expect(execution).toMatchObject({
      state: 'completed',
      outputs: { token_id: request.displayId, request_id: requestId },
    });
    const [secret, ...more] = secretsTo(app, DEV);
    expect(secret).toBeDefined();
    expect(more).toEqual([]);
    // Nowhere else: not in the workflow, the step's calls, the logs or the step's record.
    const functionCalls = JSON.stringify(app.fake.calls.filter((c) => c.method.startsWith('functions.')));
    expect(functionCalls).not.toContain(secret);
    expect(JSON.stringify([...app.fake.functions.executions.values()])).not.toContain(secret);
    expect(app.logs.join('\n')).not.toContain(secret);
    const rows = await sql(app.databaseUrl, 'SELECT * FROM workflow_steps');
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(rows.find((r: any) => r.execution_id === execution.id)).toMatchObject({
      wait_kind: 'request',
      wait_id: requestId,
      completed_at: expect.any(Date),
    });
  });

  it('ends with the rejection and its reason', async () => {
    const { execution, ts, requestId } = await requestStep(inputs('Step rejected'));
    const opened = app.fake.callsTo('views.open').length;
    await click(USERS.acmeAdmin, ts, requestId, 'token_request_reject');
    const modal = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
    await app.slack.viewSubmission(USERS.acmeAdmin, modal, {
      reason: { reason: { type: 'plain_text_input', value: 'use the shared read token' } },
    });
    await app.fake.waitFor(() => execution.state !== 'running', 15_000);
    expect(execution.state).toBe('failed');
    expect(execution.error).toBe(
      `The request was rejected by <@${USERS.acmeAdmin}>. Reason: use the shared read token`,
    );
  });

  it('ends when the requester withdraws the request', async () => {
    const { execution, requestId } = await requestStep(inputs('Step withdrawn'));
    await app.slack.blockAction(
      DEV,
      { action_id: 'token_request_withdraw', type: 'button', value: requestId },
      { channelId: CHANNEL },
    );
    await app.fake.waitFor(() => execution.state !== 'running', 15_000);
    expect(execution).toMatchObject({ state: 'failed', error: `The request was withdrawn by <@${DEV}>.` });
  });

  it('refuses bad input at once, in the requester’s language, and asks nobody', async () => {
    const posted = app.fake.callsTo('chat.postMessage').length;
    const { execution } = await app.slack.functionExecuted(
      'request_token',
      inputs('Step bad', { requester: DEV_JA, scopes: 'orders:read nonsense:scope' }),
    );
    await app.fake.waitFor(() => execution.state !== 'running', 15_000);
    expect(execution.state).toBe('failed');
    expect(execution.error).toMatch(/[ぁ-んァ-ン]/);
    expect(
      app.fake
        .callsTo('chat.postMessage')
        .slice(posted)
        .filter((c) => c.args.channel === CHANNEL),
    ).toEqual([]);
  });

  it('ends saying nothing was requested when Slack did not confirm the post, which posted once', async () => {
    const posted = app.fake.callsTo('chat.postMessage').length;
    // Slack posts it; its answer never comes back
    app.fake.dropNext('chat.postMessage', (args) => JSON.stringify(args).includes('Step cut off'));
    const { execution } = await app.slack.functionExecuted('request_token', inputs('Step cut off'));
    await app.fake.waitFor(() => execution.state !== 'running', 15_000);
    expect(execution).toMatchObject({
      state: 'failed',
      error: expect.stringContaining(
        'Nothing was requested: the request could not be posted to any approver (the approvals channel, their direct messages, or nobody may approve it), or Slack did not confirm its post.',
      ),
    });
    expect(execution.error).toContain('If it reached them anyway, its buttons no longer work.');
    const posts = app.fake
      .callsTo('chat.postMessage')
      .slice(posted)
      .filter((c) => JSON.stringify(c.args).includes('Step cut off'));
    expect(posts).toHaveLength(1);
    const rows = await sql(
      app.databaseUrl,
      `SELECT state, outcome_reason FROM approval_requests WHERE input->>'label' = 'Step cut off'`,
    );
    expect(rows).toEqual([{ state: 'closed', outcome_reason: 'not_posted' }]);
  });

  it('asks once when Slack retries the event', async () => {
    const { execution, again } = await requestStep(inputs('Step retried'));
    await app.slack.functionExecuted('request_token', {}, { again, retryNum: 1 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rows = await sql(
      app.databaseUrl,
      `SELECT count(*)::int AS n FROM approval_requests WHERE input->>'label' = 'Step retried'`,
    );
    expect(rows[0].n).toBe(1);
    expect(execution.state).toBe('running');
  });
});
