// Every recipient's copy of a reminder, brought up to date once someone answers it by any path
// (kept the token, gave it a new expiry): its item gives way to what was done and by whom, so no
// copy goes on asking what another admin has answered. Each copy is found by its digest's key
// among the DM's last 50 messages, and rewritten by one writer at a time (two answers in one
// copy must not undo each other); one older, already answered, or listed as a line of a long
// digest stays as it is.
import { ErrorCode } from '@slack/web-api';
import type { RemindersAnswered } from '../domain/reminders.js';
import { translator, type Translate } from '../i18n/index.js';
import { answeredItem } from '../slack/views/reminder.js';
import { requesterText } from '../slack/views/request.js';
import { dateText, escape } from '../slack/views/text.js';
import { slackError } from '../slack/web/errors.js';
import type { Guard, Notifier } from './deliveries.js';

/** A RemindersAnswered as a job carries it (JSON: the time as ISO text). */
export type AnsweredReminders = Omit<RemindersAnswered, 'until'> & { until: string | null };

/** A copy another job was rewriting: the job is tried again (the copies done are skipped then). */
class CopyBusy extends Error {
  constructor() {
    super('a reminder copy was being rewritten; trying again');
  }
}

function outcome(t: Translate, answered: AnsweredReminders): string {
  const said = { label: escape(answered.label), id: answered.displayId, who: requesterText(t, answered.by) };
  const until = answered.until === null ? null : new Date(answered.until);
  if (answered.kind === 'expiry')
    return until
      ? t('reminder.expiryChangedBy', { ...said, when: dateText(t, until, '') })
      : t('reminder.expiryRemovedBy', said);
  const next = dateText(t, until, '');
  return answered.kind === 'review' ? t('review.keptBy', { ...said, next }) : t('stale.keptBy', { ...said, next });
}

/** Updates every copy. Slack's refusal of one copy (deleted, too old to edit) is logged and the
 *  others go on; a rate limit, an unreachable Slack or a copy being rewritten fails the job, whose
 *  retry skips the copies already answered. */
export async function answerCopies(n: Notifier, guard: Guard, answered: AnsweredReminders): Promise<void> {
  const found = (await n.log.tokens([answered.tokenId])).get(answered.tokenId);
  // Gone or revoked since: nothing to tell. A later change of the expiry has a job of its own.
  if (!found || found.token.status === 'revoked') return;
  if (answered.kind === 'expiry' && (found.token.expiresAt?.toISOString() ?? null) !== answered.until) return;
  let retry: unknown;
  for (const { recipient, digest } of await n.log.sentCopies(answered.tokenId, answered.kind)) {
    try {
      await guard(() => answerCopy(n, recipient, digest, answered));
    } catch (error) {
      const code = (error as { code?: ErrorCode }).code;
      // Slack's 429, or the guard's pause of the queue for it: the rest waits too.
      if (code === ErrorCode.RateLimitedError || (error as Error).name === 'RateLimitError') throw error;
      if (code === ErrorCode.PlatformError)
        n.logger.warn({ recipient, digest, error: slackError(error) }, 'could not update a reminder copy');
      else retry ??= error;
    }
  }
  if (retry) throw retry;
}

async function answerCopy(n: Notifier, recipient: string, digest: string, answered: AnsweredReminders) {
  const channel = await n.slack.channelOf(recipient);
  const t = translator(await n.slack.people.languageOf(recipient));
  const said = outcome(t, answered);
  const item = { kind: answered.kind, id: answered.displayId };
  if ((await n.slack.revise(channel, digest, (message) => answeredItem(t, message, item, said))) === 'busy')
    throw new CopyBusy();
}
