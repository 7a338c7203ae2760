// E-mails to a token's developer addresses when it is reset, disabled, revoked, upgraded,
// extended or deleted: each address served once across retries (`done` is kept with the job).
import { isPermanentMailError, type Mailer } from '../email/mailer.js';
import { changeEmail } from '../email/messages.js';
import type { Logger } from '../observability/logger.js';

export type ChangeEmail = {
  label: string;
  displayId: string;
  apiVersion: string;
  /** The token's expiry after the change (ISO; null: never), and whether it is disabled. */
  expiresAt?: string | null;
  disabled?: boolean;
  emails: string[];
  action: string;
  at: string;
};

/** `key`: the same for every attempt (the Message-ID mail systems recognise); `served` is told
 *  the addresses done after each, for a retry to skip them (`change.done`). */
export async function sendChangeEmails(
  mailer: Mailer,
  logger: Logger,
  change: ChangeEmail & { done?: string[] },
  key: string,
  served: (done: string[]) => Promise<unknown>,
) {
  const email = changeEmail(change, change.action);
  const done = new Set(change.done ?? []);
  for (const address of change.emails.filter((a) => !done.has(a))) {
    try {
      await mailer.send({ to: address, ...email, messageId: `<${key}-${address}@tokenops>` });
    } catch (error) {
      if (!isPermanentMailError(error)) throw error;
      logger.warn({ address, action: change.action }, 'change e-mail refused for good');
    }
    done.add(address);
    await served([...done]);
  }
}
