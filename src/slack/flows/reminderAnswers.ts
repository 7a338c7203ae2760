// A reminder answered through a form (Extend): its item in the DM gives way to the outcome and
// the other reminders of a digest stay as they were. A form's submission carries no message, so
// the message is read back from the DM (conversations.history) and updated (chat.update).
import type { KnownBlock } from '@slack/types';
import type { Flow } from '../deps.js';
import { answeredItem, type ItemKey } from '../views/reminder.js';
import { slackError } from '../web/errors.js';

/** Where a reminder's message is, as a form carries it: "<channel>/<ts>". */
export const messageRef = (channel: string | undefined, ts: string | undefined) =>
  channel && ts ? `${channel}/${ts}` : undefined;

/** true when the item was found in that message (`ref`, see messageRef) and answered there. */
export async function answerInMessage(
  { deps, client, context: { t } }: Flow,
  { ref, item, outcome }: { ref: string; item: ItemKey; outcome: string },
): Promise<boolean> {
  const [channel = '', ts = ''] = ref.split('/');
  try {
    const history = await client.conversations.history({ channel, latest: ts, oldest: ts, inclusive: true, limit: 1 });
    const message = history.messages?.find((m) => m.ts === ts);
    const answered =
      message &&
      answeredItem(t, { text: message.text, blocks: message.blocks as KnownBlock[] | undefined }, item, outcome);
    if (!answered) return false;
    await client.chat.update({ channel, ts, ...answered });
    return true;
  } catch (error) {
    deps.logger.warn({ err: error, slackError: slackError(error) }, 'could not answer a reminder in its message');
    return false;
  }
}
