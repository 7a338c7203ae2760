// Telling the people of a leaked management key: its creator (when a person) and the admins of
// its scope (workspace admins always), by DM. The job carries the key's name, never the key;
// each DM carries a delivery key and is looked for in the conversation before it is posted, so a
// retry, or a repeated report of the same leak, sends it once.
import type { KeyLeakNotice } from '../domain/apiKeys.js';
import { isPerson } from '../domain/permissions.js';
import { translator } from '../i18n/index.js';
import { keyLeakNotice } from '../slack/views/apiKeys.js';
import { enqueue, RETRIES, type JobHandlers, type TokenopsQueue } from './jobTypes.js';
import { dm } from './reminderDelivery.js';
import type { ReminderContext } from './reminderScan.js';

export function scheduleKeyLeakNotice(queue: TokenopsQueue, notice: KeyLeakNotice) {
  return enqueue(queue, 'apikey-leak-notice', notice, { jobId: `apikey-leak-${notice.key.displayId}`, ...RETRIES });
}

export function keyLeakNoticeJobs(ctx: ReminderContext): JobHandlers {
  return {
    'apikey-leak-notice': async (job) => {
      const notice = job.data;
      const { scope, createdBy, displayId } = notice.key;
      const admins = await ctx.store.adminsOf(scope.type === 'workspace' ? null : scope);
      const people = new Set([createdBy, ...admins, ...ctx.workspaceAdmins].filter(isPerson));
      for (const userId of people) await dm(ctx, userId, `apikey-leak-${displayId}-${userId}`, (language) => keyLeakNotice(translator(language), notice), true);
    },
  };
}
