// revoke_token with an approvals channel: the step asks there, as /token revoke does, and ends
// when the request is decided: outputs on approval, a localized error on rejection or expiry.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/domain/permissions.js';
import { useTestApp } from '../../support/testApp.js';
import { seedWithApprovalsChannel, clickOnMessage } from '../../support/approvalChannel.js';
import { USERS, tokenInput } from '../../support/tenants.js';

const CHANNEL = 'C0APPROVAL';
// 0.001 h = 3.6 s: short enough to watch a request expire.
const app = useTestApp({ env: { APPROVALS_CHANNEL_ID: CHANNEL, APPROVAL_TTL_HOURS: '0.001' } });
let root: Actor;

beforeAll(async () => {
  root = await seedWithApprovalsChannel(app, CHANNEL);
  app.fake.addUser({ id: USERS.shopAdmin, locale: 'ja-JP' });
});

const newToken = async (label: string) =>
  (
    await app.tokenops.tokens.create(
      root,
      tokenInput('domain:shop.acme.test', label, { primaryContact: USERS.shopAdmin }),
    )
  ).token;

/** Runs revoke_token; returns the execution and the request's message in the approvals channel. */
async function revokeStep(actor: string, id: string) {
  const posted = app.fake.callsTo('chat.postMessage').length;
  const { execution } = await app.slack.functionExecuted('revoke_token', {
    actor,
    token_id: id,
    reason: 'leaked in a CI log',
  });
  const call = await app.fake.waitFor(() =>
    app.fake
      .callsTo('chat.postMessage')
      .slice(posted)
      .find((c) => c.args.channel === CHANNEL),
  );
  const button = (call.args.blocks as any[])
    .find((b) => b.block_id === 'revocation_decision')
    .elements.find((e: any) => e.action_id === 'revocation_approve');
  return { execution, ts: call.response.ts as string, requestId: button.value as string };
}

const click = (userId: string, ts: string, actionId: string, value: string) =>
  clickOnMessage(app, CHANNEL, userId, ts, actionId, value);

describe('revoke_token through the approvals channel', () => {
  it('waits for the decision, then outputs who approved it; double clicks complete once', async () => {
    const token = await newToken('Step approved');
    const { execution, ts, requestId } = await revokeStep(USERS.shopAdmin, token.displayId);
    expect(execution.state).toBe('running');
    // The person the step acts for is told where the request is, in their DM.
    await app.fake.waitFor(
      () =>
        app.fake.messages.size &&
        [...app.fake.messages.values()].some(
          (m) => m.channel === app.fake.dmOf(USERS.shopAdmin) && String(m.text).includes(token.displayId),
        ),
    );
    await Promise.all([
      click(USERS.acmeAdmin, ts, 'revocation_approve', requestId),
      click(USERS.acmeAdmin, ts, 'revocation_approve', requestId),
    ]);
    await app.fake.waitFor(() => execution.state !== 'running', 15_000);
    expect(execution).toMatchObject({
      state: 'completed',
      outputs: { token_id: token.displayId, revoked_by: USERS.acmeAdmin },
    });
    expect(
      app.fake
        .callsTo('functions.completeSuccess')
        .filter((c) => c.args.function_execution_id === execution.id && c.response.ok),
    ).toHaveLength(1);
    expect((await app.tokenops.tokens.show(root, token.displayId)).status).toBe('revoked');
  });

  it('ends the step when Slack makes the announcement outlast the click (a 429 on the message update)', async () => {
    const token = await newToken('Step slow to announce');
    const { execution, ts, requestId } = await revokeStep(USERS.shopAdmin, token.displayId);
    app.fake.failNext('chat.update', { status: 429, retryAfter: 2 }); // past the click's 1.8-s storage deadline
    await click(USERS.acmeAdmin, ts, 'revocation_approve', requestId);
    await app.fake.waitFor(() => execution.state !== 'running', 8_000);
    expect(execution).toMatchObject({
      state: 'completed',
      outputs: { token_id: token.displayId, revoked_by: USERS.acmeAdmin },
    });
    expect(app.fake.callsTo('chat.update').filter((c) => c.args.ts === ts && c.response.ok)).toHaveLength(1);
  });

  it('ends with the rejection, in the language of the person it acts for', async () => {
    const token = await newToken('Step rejected');
    const { execution, ts, requestId } = await revokeStep(USERS.shopAdmin, token.displayId);
    await click(USERS.acmeAdmin, ts, 'revocation_reject', requestId);
    const modal = await app.fake.waitFor(() =>
      app.fake.modalStack(USERS.acmeAdmin).find((v) => v.callback_id === 'revocation_reject_reason'),
    );
    await app.slack.viewSubmission(USERS.acmeAdmin, modal, {
      reason: { reason: { type: 'plain_text_input', value: 'billing still uses it' } },
    });
    await app.fake.waitFor(() => execution.state !== 'running', 15_000);
    expect(execution.state).toBe('failed');
    expect(execution.error).toContain(`<@${USERS.acmeAdmin}>`);
    expect(execution.error).toContain('却下');
    expect(execution.error).toContain('billing still uses it');
  });

  it('ends with an error when nobody decides in time', async () => {
    const token = await newToken('Step expired');
    const { execution } = await revokeStep(USERS.acmeAdmin, token.displayId);
    await app.fake.waitFor(() => execution.state !== 'running', 15_000);
    expect(execution).toMatchObject({ state: 'failed', error: expect.stringContaining('expired') });
  });

  it('refuses at once, with the reason, a revocation the person may not ask for', async () => {
    const token = await newToken('Step refused');
    const { execution } = await app.slack.functionExecuted('revoke_token', {
      actor: USERS.globexAdmin,
      token_id: token.displayId,
      reason: 'why not',
    });
    await app.fake.waitFor(() => execution.state !== 'running', 15_000);
    expect(execution).toMatchObject({ state: 'failed', error: expect.stringContaining('Nothing was changed') });
  });
});
