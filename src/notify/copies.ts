// Every copy of a question rewritten once it is answered, so that no copy goes on asking what
// someone else (or anyone, by another path) answered: each reminder's digest, each admin's
// notice of an orphaned contact or of a pasted secret, a requester's Withdraw. A copy is found
// by its key among its DM's last 50 messages (a reminder digest, a notice sent once), or at its
// recorded place (AskedCopies); it is rewritten in its reader's language, from what it says now,
// by one writer at a time (SlackMessages.reviseAt), so that two answers never undo each other
// and a copy answered already is left as it is: a rewrite never brings back what was answered.
import { ErrorCode } from '@slack/web-api';
import type { MessagePlace } from '../domain/ports.js';
import { translator, type Translate } from '../i18n/index.js';
import type { Message } from '../slack/views/message.js';
import { slackError } from '../slack/web/errors.js';
import type { Guard, Notifier } from './deliveries.js';

/** One recipient's copy: by the key in its metadata, or by its place. */
export type Copy = { recipient: string } & ({ key: string } | MessagePlace);

/** A copy's rewrite from what it says now, in its reader's language: undefined leaves it (it no
 *  longer asks: answered already, or another message). */
export type Rewrite = (t: Translate, message: Message) => Message | undefined;

/** A copy another writer held throughout: the job is tried again (the copies done are left then). */
class CopyBusy extends Error {
  constructor() {
    super('a copy was being rewritten; trying again');
  }
}

/** Slack's refusals that a later try may not meet again: its own failures. Any other refusal of a
 *  copy (message_not_found, channel_not_found, cant_update_message, edit_window_closed…) is for
 *  good: that copy is left. */
const PASSING = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);

/**
 * Rewrites every copy. A copy Slack refuses for good is logged and skipped; a rate limit (or the
 * guard's pause for one) fails the job at once, and an unreachable Slack, a passing refusal or a
 * copy being rewritten fails it after the others, so that its retry tries again (the copies
 * rewritten since read as answered, and are left). `settled`: told of the copies that need
 * nothing more (rewritten, answered already, gone or refused for good).
 */
export async function reviseCopies<C extends Copy>(
  n: Notifier,
  guard: Guard,
  copies: C[],
  rewrite: Rewrite,
  settled?: (copies: C[]) => Promise<void>,
): Promise<void> {
  const done: C[] = [];
  let retry: unknown;
  try {
    for (const copy of copies) {
      try {
        await guard(() => reviseCopy(n, copy, rewrite));
        done.push(copy);
      } catch (error) {
        const code = (error as { code?: ErrorCode }).code;
        // Slack's 429, or the guard's pause of the queue for it: the rest waits too.
        if (code === ErrorCode.RateLimitedError || (error as Error).name === 'RateLimitError') throw error;
        if (code === ErrorCode.PlatformError && !PASSING.has(slackError(error))) {
          n.logger.warn({ recipient: copy.recipient, error: slackError(error) }, 'could not rewrite a copy');
          done.push(copy);
        } else retry ??= error;
      }
    }
  } finally {
    if (done.length) await settled?.(done);
  }
  if (retry) throw retry;
}

async function reviseCopy(n: Notifier, copy: Copy, rewrite: Rewrite) {
  const t = translator(await n.slack.people.languageOf(copy.recipient));
  const revise = (message: Message) => rewrite(t, message);
  const revised =
    'key' in copy
      ? await n.slack.revise(await n.slack.channelOf(copy.recipient), copy.key, revise)
      : await n.slack.reviseAt(copy.channel, copy.ts, revise);
  if (revised === 'busy') throw new CopyBusy();
}

/** Rewrites the recorded copies of the question `subject` (askedAbout), and forgets them once
 *  they need nothing more. */
export async function reviseAsked(n: Notifier, guard: Guard, subject: string, rewrite: Rewrite): Promise<void> {
  const copies = n.slack.copies;
  if (!copies) return;
  await reviseCopies(n, guard, await copies.of(subject), rewrite, (settled) => copies.forget(settled));
}
