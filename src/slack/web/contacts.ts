// Who can be a primary contact: a person whose account is active. A deactivated account, a bot
// or an id Slack does not know would read no reminder. Read from the one cache of Slack's
// users.info (notify/people.ts, given by the composition root).
import type { ContactDirectory } from '../../domain/ports.js';
import type { Logger } from '../../observability/logger.js';
import { slackError } from './errors.js';

/** Who a Slack user is, as the cache of users.info says (Slack asked when it has none). */
export type Accounts = { person(userId: string): Promise<{ deleted: boolean; bot: boolean }> };

export function slackContacts(accounts: Accounts, logger: Logger): ContactDirectory {
  return {
    async statusOf(userId) {
      try {
        const account = await accounts.person(userId);
        if (account.deleted) return 'deactivated';
        return account.bot ? 'bot' : 'active';
      } catch (error) {
        if (slackError(error) === 'user_not_found') return 'unknown';
        // Slack out of reach is no reason to refuse the form: a lost contact is reported later.
        logger.warn(
          { err: error, userId, slackError: slackError(error) },
          'could not check a primary contact with Slack',
        );
        return 'unchecked';
      }
    },
  };
}
