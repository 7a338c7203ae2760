// A slash command's first answer travels in the ack itself when it is ready within the budget:
// the user sees it a round trip sooner and the app spends no response_url post on it. When the
// answer takes longer, an empty ack goes out at the budget's end (Slack gives up after 3 s) and
// the answers follow through response_url.
import type { AckFn, RespondArguments, RespondFn } from '@slack/bolt';

export const ACK_BUDGET_MS = 1_000;

export function ackWithFirstReply(ack: AckFn<string | RespondArguments>, respond: RespondFn, budgetMs = ACK_BUDGET_MS) {
  let acked: Promise<void> | undefined;
  const settle = (message?: RespondArguments) => {
    clearTimeout(timer);
    acked ??= ack(message);
    return acked;
  };
  const timer = setTimeout(() => void settle().catch(() => undefined), budgetMs);
  return {
    reply: async (message: RespondArguments) => {
      if (acked) await respond(message);
      else await settle(message);
    },
    /** Acks with nothing if no answer went out yet (a modal was opened, say). */
    done: () => settle(),
  };
}
