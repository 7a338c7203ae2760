// Who can be a primary contact, asked of Slack (users.info): a person whose account is active.
// A deactivated account, a bot or an id Slack does not know would read no reminder.
import type { WebClient } from '@slack/web-api';
import type { ContactDirectory } from '../../domain/ports.js';
import type { Logger } from '../../observability/logger.js';
import { slackError } from './errors.js';

const SLACKBOT = 'USLACKBOT';

export function slackContacts(client: WebClient, logger: Logger): ContactDirectory {
  return {
    async statusOf(userId) {
      try {
        const { user } = await client.users.info({ user: userId });
        if (!user) return 'unknown';
        if (user.deleted) return 'deactivated';
        return user.is_bot || user.id === SLACKBOT ? 'bot' : 'active';
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
