// What every outbound message shares: who sends (Slack at its pace, e-mail), the delivery log
// that makes a send happen once (claimed before, recorded after), and how a send that failed
// for good is told apart from one worth retrying.
import type { Notice, NoticeKey, ReminderStore } from '../domain/ports.js';
import { isPermanentMailError, type Mailer } from '../email/mailer.js';
import type { Logger } from '../observability/logger.js';
import { isPermanentSlackError, slackError, slackSetupHint } from '../slack/web/errors.js';
import type { SlackMessages } from './slackMessages.js';

export type Notifier = {
  /** The delivery log, and the tokens and admins a message names. */
  log: ReminderStore;
  slack: SlackMessages;
  mailer?: Mailer;
  logger: Logger;
  /** ADMIN_USER_IDS: workspace admins from configuration, on top of those with a grant. */
  workspaceAdmins: string[];
};

/** How a send runs: the worker turns Slack's 429 into a pause of its queue. */
export type Guard = <T>(send: () => Promise<T>) => Promise<T>;
export const unguarded: Guard = (send) => send();

/** Sends one notice to one recipient unless the log has it; claims it first, logs the outcome. */
export async function deliverOnce(
  n: Notifier,
  guard: Guard,
  notice: Notice,
  recipient: string,
  send: (resuming: boolean) => Promise<'sent' | 'deactivated'>,
) {
  const state = await n.log.deliveryState(notice, recipient);
  if (state === 'sent' || state === 'failed') return 'skipped';
  if (!state) await n.log.claim(notice, recipient);
  try {
    const outcome = await guard(() => send(state === 'sending'));
    await n.log.record(
      notice,
      recipient,
      outcome === 'sent' ? 'sent' : 'failed',
      outcome === 'sent' ? undefined : 'user_deactivated',
    );
    return outcome;
  } catch (error) {
    if (isPermanentSlackError(error) || isPermanentMailError(error)) {
      failedForGood(n, notice, recipient, error);
      await n.log.record(notice, recipient, 'failed', slackError(error));
      return 'failed';
    }
    throw error;
  }
}

/** Sends to each recipient at most once ever (no resume: a lost answer is not sent again). */
export async function sendOnce(
  n: Notifier,
  guard: Guard,
  notice: NoticeKey,
  recipient: string,
  send: () => Promise<'sent' | 'deactivated'>,
) {
  if (!(await n.log.claim(notice, recipient))) return;
  try {
    const outcome = await guard(send);
    await n.log.record(
      notice,
      recipient,
      outcome === 'sent' ? 'sent' : 'failed',
      outcome === 'sent' ? undefined : 'user_deactivated',
    );
  } catch (error) {
    if (!isPermanentSlackError(error)) throw error;
    await n.log.record(notice, recipient, 'failed', slackError(error));
  }
}

export function failedForGood(n: Pick<Notifier, 'logger'>, what: unknown, recipient: string, error: unknown) {
  const hint = slackSetupHint(error);
  if (hint)
    n.logger.error({ notice: what, recipient, error: slackError(error) }, `notification failed for good: ${hint}`);
  else n.logger.warn({ notice: what, recipient, error: slackError(error) }, 'notification failed for good');
}
