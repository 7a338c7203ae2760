import { describe, expect, it, vi } from 'vitest';
import type { RespondArguments } from '@slack/bolt';
import { ackWithFirstReply } from '../../../src/slack/middleware/ackReply.js';

function parts(options: { ackFails?: boolean } = {}) {
  const acks: Array<RespondArguments | undefined> = [];
  const responds: RespondArguments[] = [];
  const ackErrors: unknown[] = [];
  const answer = ackWithFirstReply({
    ack: async (message) => {
      acks.push(message as RespondArguments | undefined);
      if (options.ackFails) throw new Error('no socket');
    },
    respond: async (message) => {
      responds.push(message as RespondArguments);
      return {} as never;
    },
    onAckError: (error) => ackErrors.push(error),
    budgetMs: 50,
  });
  return { answer, acks, responds, ackErrors };
}

describe('ackWithFirstReply', () => {
  it('sends the first answer in the ack and later ones through response_url, acking once', async () => {
    const { answer, acks, responds } = parts();
    await answer.reply({ text: 'first' });
    await answer.reply({ text: 'second' });
    await answer.done();
    expect(acks).toEqual([{ text: 'first' }]);
    expect(responds).toEqual([{ text: 'second' }]);
  });

  it('acks empty at the end of the budget, then answers through response_url', async () => {
    vi.useFakeTimers();
    try {
      const { answer, acks, responds } = parts();
      await vi.advanceTimersByTimeAsync(60);
      expect(acks).toEqual([undefined]);
      await answer.reply({ text: 'late' });
      await answer.done();
      expect(acks).toEqual([undefined]);
      expect(responds).toEqual([{ text: 'late' }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('acks empty once when the command answered nothing (it opened a modal)', async () => {
    const { answer, acks, responds } = parts();
    await answer.done();
    await new Promise((resolve) => setTimeout(resolve, 80)); // the budget passes too
    expect(acks).toEqual([undefined]);
    expect(responds).toEqual([]);
  });

  it('still delivers the answer through response_url when the ack cannot be sent, and reports it', async () => {
    const { answer, acks, responds, ackErrors } = parts({ ackFails: true });
    await answer.reply({ text: 'answer' });
    await answer.done();
    expect(acks).toEqual([{ text: 'answer' }]);
    expect(responds).toEqual([{ text: 'answer' }]);
    expect(ackErrors).toHaveLength(1);
  });
});
