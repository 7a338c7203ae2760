// Telling people about a leak: a DM to the token owner's admins, its primary contact and its
// creator, an e-mail to its developer addresses, and a notice in the approvals channel. Never
// the secret: the leak's record only. Every recipient is claimed in the delivery log before the
// send, so retries and repeated jobs send nothing twice.
import type { Leak } from '../domain/leaks.js';
import type { Notice } from '../domain/ports.js';
import { leakEmail } from '../email/messages.js';
import { translator, type Language } from '../i18n/index.js';
import { leakChannelNotice, leakNotice } from '../slack/views/leak.js';
import { deliverOnce, type Guard, type Notifier } from './deliveries.js';
import { adminsOf, leakRecipients } from './recipients.js';

/** The approvals channel, and the language everyone there reads. */
export type Channel = { id: string; language: Language };

export async function notifyLeak(n: Notifier, guard: Guard, leak: Leak, channel: Channel | undefined) {
  const found = (await n.log.tokens([leak.tokenId])).get(leak.tokenId);
  if (!found) return; // deleted since: nobody to tell about it
  const { token } = found;
  const notice: Notice = { tokenId: token.id, kind: 'leak', epoch: leak.id, threshold: 0 };
  const { people, addresses } = await leakRecipients(n, token);
  // Buttons only for those who can use them: a contact or creator who is no admin is sent to them.
  const admins = new Set(await adminsOf(n, token.owner));
  const expired = token.expiresAt !== null && token.expiresAt <= new Date();
  for (const userId of people) {
    await deliverOnce(n, guard, notice, userId, (resuming) =>
      n.slack.dmOnce(
        userId,
        `leak-${leak.id}-${userId}`,
        (language) => leakNotice(translator(language), token, leak, { admin: admins.has(userId), expired }),
        resuming,
      ),
    );
  }
  if (n.mailer) {
    const email = leakEmail(token, leak);
    for (const address of addresses) {
      await deliverOnce(n, guard, notice, address, async () => {
        await n.mailer!.send({ to: address, ...email, messageId: `<leak-${leak.id}-${address}@tokenops>` });
        return 'sent';
      });
    }
  }
  if (channel) {
    await deliverOnce(n, guard, notice, channel.id, async () => {
      await n.slack.post(channel.id, leakChannelNotice(translator(channel.language), token, leak, expired));
      return 'sent';
    });
  }
}
