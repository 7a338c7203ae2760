// The /token listener, called with Bolt's arguments as the starter template's tests call theirs.
import { describe, expect, it, vi } from 'vitest';
import type { App } from '@slack/bolt';
import { registerTokenCommand } from '../../../../src/slack/listeners/commands/token.js';
import type { SlackContext } from '../../../../src/slack/context.js';
import type { SlackDeps } from '../../../../src/slack/deps.js';
import { aToken, fakeApp, fakeClient, fakeContext, fakeDeps } from '../fakeArguments.js';

async function slash(text: string, deps: SlackDeps) {
  const { app, run } = fakeApp();
  registerTokenCommand(app as unknown as App<SlackContext>, deps);
  const client = fakeClient();
  const context = fakeContext();
  await run('command:/token', {
    command: { text, trigger_id: 'trigger-1', channel_id: 'C0CHANNEL1' },
    client,
    context,
  });
  return { client, context, replies: context.reply.mock.calls.map(([message]) => message as { text: string }) };
}

describe('/token', () => {
  it('answers an unknown subcommand with it named back and the help', async () => {
    const { replies } = await slash('frobnicate', fakeDeps());
    expect(replies[0]!.text).toContain('frobnicate');
  });

  it('answers malformed arguments with that subcommand’s usage, running nothing', async () => {
    const { replies } = await slash('edit not-an-id', fakeDeps());
    expect(replies[0]!.text).toContain('/token edit');
  });

  it('names back a list filter it does not know', async () => {
    const { replies } = await slash('list color:blue', fakeDeps());
    expect(replies[0]!.text).toContain('color:blue');
  });

  it('posts a revocation request with its reason to the approvals channel', async () => {
    const token = aToken();
    const request = {
      id: 'req-1',
      displayId: token.displayId,
      requestedBy: 'U0WSADMIN1',
      reason: 'leaked in CI',
      state: 'pending',
      expiresAt: new Date('2030-01-04T00:00:00Z'),
    };
    const revocations = {
      request: vi.fn(async () => ({ request, created: true, token })),
      attachMessage: vi.fn(async () => undefined),
    };
    const deps = fakeDeps({
      approvalsChannelId: 'C0APPROVAL',
      tokens: { showToContact: vi.fn(async () => token) },
      revocations,
      changes: { needsApproval: vi.fn(async () => false) }, // no approval policy covers it: the approvals channel's own table
      scheduler: { expireLater: vi.fn(async () => undefined) },
      locales: { translate: () => fakeContext().t },
    });
    const { client, replies } = await slash(`revoke ${token.displayId} leaked in CI`, deps);
    expect(revocations.request).toHaveBeenCalledWith(
      expect.objectContaining({ userId: 'U0WSADMIN1' }),
      token.displayId,
      'leaked in CI',
      { asContact: false },
    );
    expect(client.chat.postMessage).toHaveBeenCalledWith(expect.objectContaining({ channel: 'C0APPROVAL' }));
    expect(revocations.attachMessage).toHaveBeenCalledWith('req-1', 'C0APPROVAL', '1700000000.000100');
    expect(replies).toHaveLength(1);
  });
});
