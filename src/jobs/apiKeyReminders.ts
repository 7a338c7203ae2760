// Expiry reminders of management API keys: on the reminder scan's interval, each key entering a
// REMINDER_DAYS threshold (and once more at its expiry) is claimed once and its creator told
// (notify/notices.ts). A key made by another key has no person to tell.
import type { ApiKeyService } from '../domain/apiKeys.js';
import type { Notifier } from '../notify/deliveries.js';
import { remindApiKey } from '../notify/notices.js';
import { schedulePeriodic, type JobHandlers, type TokenopsQueue } from './jobTypes.js';

export function scheduleApiKeyReminders(queue: TokenopsQueue, everySeconds: number) {
  return schedulePeriodic(queue, 'apikey-reminders', everySeconds * 1000);
}

export function apiKeyReminderJobs(apiKeys: ApiKeyService, notifier: Notifier): JobHandlers {
  return {
    'apikey-reminders': async () => {
      for (const { key } of await apiKeys.dueReminders()) await remindApiKey(notifier, key);
    },
  };
}
