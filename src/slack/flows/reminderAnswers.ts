// A reminder answered (a click on Keep, or the Extend form): its item in the DM gives way to the
// outcome and the other reminders of a digest stay as they were. The message is read as it is
// now and rewritten under the same hold as the copies other admins' answers rewrite
// (notify/reminderCopies.ts): a click that rewrote the message as it was shown could bring back
// the buttons of an item answered meanwhile.
import type { Flow } from '../deps.js';
import { answeredItem, type ItemKey } from '../views/reminder.js';
import { beyondDeadline } from '../../store/requestDeadline.js';
import { slackError } from '../web/errors.js';

/** Where a reminder's message is, as a form carries it: "<channel>/<ts>". */
export const messageRef = (channel: string | undefined, ts: string | undefined) =>
  channel && ts ? `${channel}/${ts}` : undefined;

/** How long a click waits for another writer of its message (a copy's rewrite takes a moment). */
const WAIT_MS = 2_000;

/** true when the item was found in that message (`ref`, see messageRef) and answered there; false
 *  also when it was answered there already (another admin's answer, rewritten in). */
export async function answerInMessage(
  { deps, context: { t } }: Flow,
  { ref, item, outcome }: { ref: string; item: ItemKey; outcome: string },
): Promise<boolean> {
  const [channel = '', ts = ''] = ref.split('/');
  try {
    // After the request's answer and free of its deadline: Slack's pace may take longer, and the
    // hold must be released whatever the request left (each Redis step has its own bound).
    const revised = await beyondDeadline(() =>
      deps.outbox.reviseAt(channel, ts, (message) => answeredItem(t, message, item, outcome), WAIT_MS),
    );
    return revised === 'done';
  } catch (error) {
    deps.logger.warn({ err: error, slackError: slackError(error) }, 'could not answer a reminder in its message');
    return false;
  }
}
