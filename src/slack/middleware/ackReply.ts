// A slash command's first answer travels in the ack itself when it is ready within the budget:
// the user sees it a round trip sooner and the app spends no response_url post on it. When the
// answer takes longer, an empty ack goes out at the budget's end (Slack gives up after 3 s) and
// the answers follow through response_url, as does an answer whose ack could not be sent.
import type { AckFn, RespondArguments } from '@slack/bolt';

const ACK_BUDGET_MS = 1_000;

export function ackWithFirstReply(options: {
  ack: AckFn<string | RespondArguments>;
  respond: (message: RespondArguments) => Promise<unknown>;
  onAckError: (error: unknown) => void;
  budgetMs?: number;
}) {
  let acked: Promise<boolean> | undefined; // false: the ack failed
  const settle = (message?: RespondArguments) => {
    clearTimeout(timer);
    acked ??= options.ack(message).then(
      () => true,
      (error: unknown) => {
        options.onAckError(error);
        return false;
      },
    );
    return acked;
  };
  const timer = setTimeout(() => void settle(), options.budgetMs ?? ACK_BUDGET_MS);
  return {
    reply: async (message: RespondArguments) => {
      const first = !acked;
      if (!first || !(await settle(message))) await options.respond(message);
    },
    /** Acks with nothing if no answer went out yet (a modal was opened, say). */
    done: async () => void (await settle()),
  };
}
