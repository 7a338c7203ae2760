// The playground runs each Workflow Builder step: its panel posts /playground/step, the emulator
// sends tokenops function_executed as the current user, and the step's run shows how it ended.
import { describe, expect, it } from 'vitest';
import { APPROVALS_CHANNEL } from '../../playground/workspace.js';
import { usePlayground } from '../support/playground.js';

const DEV = 'U0PGDEVEL1';
const HANA = 'U0PGADMIN2';
const site = usePlayground('tokenops_playground_steps');

const at = (path: string) => new URL(`/playground${path}`, site.playground.url).href;
const post = async (path: string, body: Record<string, unknown>) => {
  const response = await fetch(at(path), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: new URL(site.playground.url).origin },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, any> };
};
const runs = async (user: string) =>
  ((await (await fetch(at(`/state?user=${user}`))).json()) as { stepRuns: Array<Record<string, any>> }).stepRuns;

describe('the playground’s workflow steps', () => {
  it('lists the manifest’s steps, runs request_token as Dev, and shows it completed once Hana approves', async () => {
    const steps = (await (await fetch(at('/steps'))).json()) as Record<string, unknown>;
    expect(Object.keys(steps).sort()).toEqual(['extend_token', 'request_token', 'revoke_token']);
    const { emulator } = site.playground;
    const posted = emulator.callsTo('chat.postMessage').length;
    const asked = await post('/step', {
      user: DEV,
      step: 'request_token',
      inputs: { owner: 'org:acme', label: 'From a workflow', scopes: 'orders:read', reason: 'nightly export' },
    });
    expect(asked).toMatchObject({ status: 200, json: { status: 200 } });
    const call = await emulator.waitFor(() =>
      emulator
        .callsTo('chat.postMessage')
        .slice(posted)
        .find((c) => c.args.channel === APPROVALS_CHANNEL),
    );
    expect((await runs(DEV))[0]).toMatchObject({ callbackId: 'request_token', state: 'running' });
    const approve = (call.args.blocks as any[])
      .flatMap((b) => b.elements ?? [])
      .find((e: any) => e.action_id === 'token_request_approve');
    await post('/action', {
      user: HANA,
      channel: APPROVALS_CHANNEL,
      messageTs: call.response.ts,
      action: { action_id: approve.action_id, type: 'button', value: approve.value },
    });
    await emulator.waitFor(() => emulator.functions.of('request_token')[0]?.state === 'completed', 10_000);
    const [run] = await runs(DEV);
    expect(run).toMatchObject({ state: 'completed', outputs: { token_id: expect.stringMatching(/^tok_/) } });

    // Hana extends the token from her own panel.
    await post('/step', {
      user: HANA,
      step: 'extend_token',
      inputs: { token_id: run!.outputs.token_id, duration: '90d' },
    });
    await emulator.waitFor(() => emulator.functions.of('extend_token')[0]?.state !== 'running', 10_000);
    expect((await runs(HANA))[0]).toMatchObject({ callbackId: 'extend_token', state: 'completed' });
  });

  it('says what is missing instead of running a step without a required input', async () => {
    expect(await post('/step', { user: DEV, step: 'revoke_token', inputs: { token_id: 'tok_x' } })).toMatchObject({
      status: 400,
      json: { error: expect.stringContaining('reason') },
    });
    expect((await post('/step', { user: DEV, step: 'make_coffee', inputs: {} })).status).toBe(404);
  });
});
