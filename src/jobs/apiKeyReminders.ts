// Expiry reminders of management API keys: on the reminder scan's interval, each key entering a
// REMINDER_DAYS threshold (and once more at its expiry) is claimed once and its creator told by
// DM. A key made by another key has no person to tell; the log says so.
import type { WebClient } from '@slack/web-api';
import { scopeText, type ApiKeyService } from '../domain/apiKeys.js';
import { isPerson } from '../domain/permissions.js';
import type { Logger } from '../observability/logger.js';
import type { Locales } from '../slack/locale.js';
import { simpleMessage } from '../slack/views/message.js';
import { escape } from '../slack/views/text.js';
import { postDm } from '../slack/web/dm.js';
import type { JobHandlers, TokenopsQueue } from './jobTypes.js';

export function scheduleApiKeyReminders(queue: TokenopsQueue, everySeconds: number) {
  return queue.upsertJobScheduler('apikey-reminders', { every: everySeconds * 1000 }, { name: 'apikey-reminders' });
}

export function apiKeyReminderJobs(ctx: { apiKeys: ApiKeyService; client: WebClient; locales: Locales; logger: Logger }): JobHandlers {
  return {
    'apikey-reminders': async () => {
      for (const { key, threshold } of await ctx.apiKeys.dueReminders()) {
        if (!isPerson(key.createdBy)) continue;
        try {
          const t = await ctx.locales.translatorFor(key.createdBy);
          await postDm(ctx.client, key.createdBy, simpleMessage(t('apikey.reminder', { label: escape(key.label), id: key.displayId, scope: scopeText(key.scope), days: threshold })));
        } catch (error) {
          ctx.logger.warn({ err: error, keyId: key.displayId }, 'could not remind the creator of a management key');
        }
      }
    },
  };
}
