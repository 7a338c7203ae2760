// Workflow Builder steps end to end: the emulator runs a step (function_executed, signed, to the
// real receiver) and records how tokenops ended it (functions.completeSuccess / completeError).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/domain/permissions.js';
import { useTestApp } from '../../support/testApp.js';
import { USERS, seedTenants, tokenInput } from '../../support/tenants.js';

const app = useTestApp();
let root: Actor;

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  app.fake.addUser({ id: USERS.globexAdmin, locale: 'ja-JP' });
});

const newToken = async (label: string) =>
  (
    await app.tokenops.tokens.create(
      root,
      tokenInput('domain:shop.acme.test', label, { primaryContact: USERS.shopAdmin }),
    )
  ).token;

/** Runs a step and waits until tokenops ended it. */
async function runStep(callbackId: string, inputs: Record<string, string>) {
  const { status, execution, again } = await app.slack.functionExecuted(callbackId, inputs);
  expect(status).toBe(200);
  await app.fake.waitFor(() => execution.state !== 'running', 15_000);
  return { execution, again };
}

describe('extend_token', () => {
  it('extends for an admin of the token and outputs its id and new expiry', async () => {
    const token = await newToken('Step extend');
    const { execution } = await runStep('extend_token', {
      actor: USERS.shopAdmin,
      token_id: token.displayId,
      duration: '90d',
    });
    expect(execution.state).toBe('completed');
    expect(execution.outputs).toEqual({
      token_id: token.displayId,
      expires_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    const shown = await app.tokenops.tokens.show(root, token.displayId);
    expect(shown.expiresAt?.toISOString()).toBe(execution.outputs!.expires_at);
  });

  it('fails with the refusal, in the person’s language, for someone who may not', async () => {
    const token = await newToken('Step extend refused');
    const en = await runStep('extend_token', { actor: USERS.nobody, token_id: token.displayId, duration: '30d' });
    expect(en.execution).toMatchObject({ state: 'failed', error: expect.stringContaining('Nothing was changed') });
    const ja = await runStep('extend_token', { actor: USERS.globexAdmin, token_id: token.displayId, duration: 'soon' });
    expect(ja.execution.state).toBe('failed');
    expect(ja.execution.error).toMatch(/[ぁ-んァ-ン]/);
  });

  it('acts once on Slack’s retry of the event', async () => {
    const token = await newToken('Step extend retried');
    const { execution, again } = await runStep('extend_token', {
      actor: USERS.shopAdmin,
      token_id: token.displayId,
      duration: '30d',
    });
    const completions = app.fake.callsTo('functions.completeSuccess').length;
    await app.slack.functionExecuted('extend_token', {}, { again, retryNum: 1 });
    await app.slack.functionExecuted('extend_token', {}, { again, retryNum: 2 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(app.fake.callsTo('functions.completeSuccess').length).toBe(completions);
    expect(execution.state).toBe('completed');
    const extends_ = (await app.tokenops.tokens.audit(root, token.displayId)).filter(
      (entry) => entry.action === 'token.extend',
    );
    expect(extends_).toHaveLength(1);
  });
});

describe('revoke_token without an approvals channel', () => {
  it('revokes at once and outputs the token id and who revoked it', async () => {
    const token = await newToken('Step revoke');
    const { execution } = await runStep('revoke_token', {
      actor: USERS.acmeAdmin,
      token_id: token.displayId,
      reason: 'no longer used',
    });
    expect(execution).toMatchObject({
      state: 'completed',
      outputs: { token_id: token.displayId, revoked_by: USERS.acmeAdmin },
    });
    expect((await app.tokenops.tokens.show(root, token.displayId)).status).toBe('revoked');
  });
});
