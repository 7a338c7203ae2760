// The operation table, called as a listener calls it (flows/operations.ts).
import { describe, expect, it, vi } from 'vitest';
import { ASKS_FIRST, runOperation } from '../../../../src/slack/flows/operations.js';
import { testCatalog } from '../../../support/catalog.js';
import { aToken, fakeFlow } from '../fakeArguments.js';

const origin = { triggerId: 'trigger-1' };
const id = 'tok_AAAAAAAAAA';
const buttonsOf = (message: { blocks?: unknown[] }) =>
  JSON.stringify(message.blocks).match(/"action_id":"[^"]+"/g) ?? [];

describe('ASKS_FIRST', () => {
  const token = aToken({ apiVersion: '2026-01' });
  const without = { catalog: testCatalog, approvals: false, approves: () => false };
  const withApprovals = { catalog: testCatalog, approvals: true, approves: () => false };
  const byPolicy = { catalog: testCatalog, approvals: false, approves: () => true };

  it('asks before what cannot be undone, and never before what can', () => {
    expect(ASKS_FIRST.delete(token, [], without)).toBe('confirm');
    expect(ASKS_FIRST.disable(token, [], without)).toBe('none');
    expect(ASKS_FIRST.reset(token, [], without)).toBe('confirm');
    expect(ASKS_FIRST.reset(token, ['24h'], without)).toBe('none');
    expect(ASKS_FIRST.upgrade(token, ['2025-01'], without)).toBe('confirm'); // a downgrade
    expect(ASKS_FIRST.upgrade(token, ['2026-01'], without)).toBe('none');
  });

  it('makes a revocation a request when there is an approvals channel, asking its reason when not given', () => {
    expect(ASKS_FIRST.revoke(token, [], without)).toBe('confirm');
    expect(ASKS_FIRST.revoke(token, [], withApprovals)).toBe('reason');
    expect(ASKS_FIRST.revoke(token, ['leaked'], withApprovals)).toBe('request');
  });

  it('makes a revoke, reset or extend that an approval policy rule covers a request, without a confirmation', () => {
    expect(ASKS_FIRST.revoke(token, [], byPolicy)).toBe('reason');
    expect(ASKS_FIRST.revoke(token, ['leaked'], byPolicy)).toBe('request');
    expect(ASKS_FIRST.reset(token, [], byPolicy)).toBe('confirm'); // when the current secret should stop, first
    expect(ASKS_FIRST.reset(token, ['none'], byPolicy)).toBe('request');
    expect(ASKS_FIRST.reset(token, ['24h'], byPolicy)).toBe('request');
    expect(ASKS_FIRST.extend(token, ['30d'], byPolicy)).toBe('request');
    expect(ASKS_FIRST.extend(token, ['30d'], without)).toBe('none');
  });
});

describe('runOperation', () => {
  it('asks before deleting and deletes nothing', async () => {
    const tokens = { show: vi.fn(async () => aToken()), delete: vi.fn() };
    const { flow, context } = fakeFlow({ tokens });
    expect(await runOperation(flow, { op: 'delete', id, rest: [], origin })).toBe(true);
    expect(tokens.delete).not.toHaveBeenCalled();
    const [question] = context.reply.mock.calls[0]!;
    expect(question.text).toContain('tok_AAAAAAAAAA');
    expect(buttonsOf(question)).toHaveLength(2); // delete, or cancel
  });

  it('deletes once confirmed, answering with the outcome', async () => {
    const tokens = { delete: vi.fn(async () => aToken()) };
    const { flow, context } = fakeFlow({ tokens });
    await runOperation(flow, { op: 'delete', id, rest: [], origin, confirmed: true });
    expect(tokens.delete).toHaveBeenCalledWith(flow.context.actor, id);
    expect(context.reply.mock.calls[0]![0].text).toContain('Checkout');
  });

  it('opens the reason form for a revocation with an approvals channel, carrying where it answers', async () => {
    const tokens = { showToContact: vi.fn(async () => aToken()) };
    const { flow, client } = fakeFlow({ tokens, approvalsChannelId: 'C0APPROVAL' });
    await runOperation(flow, {
      op: 'revoke',
      id,
      rest: [],
      origin: { ...origin, responseUrl: 'https://hooks.slack.com/x' },
      asContact: true,
    });
    const opened = client.views.open.mock.calls[0] as unknown as [
      { trigger_id: string; view: { private_metadata: string } },
    ];
    expect(opened[0].trigger_id).toBe('trigger-1');
    expect(JSON.parse(opened[0].view.private_metadata)).toEqual({
      id,
      responseUrl: 'https://hooks.slack.com/x',
      asContact: '1',
    });
  });

  it('refuses arguments that do not fit, running nothing', async () => {
    const { flow, context } = fakeFlow();
    expect(await runOperation(flow, { op: 'duplicate', id, rest: ['extra'], origin })).toBe(false);
    expect(await runOperation(flow, { op: 'show', id: 'not-an-id', rest: [], origin })).toBe(false);
    expect(context.reply).not.toHaveBeenCalled();
  });
});
