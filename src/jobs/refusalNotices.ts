// Telling a token's primary contact, and webhooks (token.refused, SPEC §7), that verification
// refused it FORBIDDEN or RATE_LIMITED (SPEC §5), at most once per token per hour: each instance passes a token on once an hour at
// most, and BullMQ's deduplication keeps one job per token per hour across instances. The job
// carries the token's id and the code, never a secret; the DM carries a key, so a retry after a
// lost answer finds it in the DM's history instead of sending it twice.
import { translator } from '../i18n/index.js';
import { refusalNotice } from '../slack/views/token.js';
import { enqueue, RETRIES, type JobHandlers, type TokenopsQueue } from './jobTypes.js';
import { dm } from './reminderDelivery.js';
import type { ReminderContext } from './reminderScan.js';

const HOUR_MS = 3_600_000;

export function scheduleRefusalNotice(queue: TokenopsQueue, tokenId: string, code: 'FORBIDDEN' | 'RATE_LIMITED', now = Date.now()) {
  const hour = Math.floor(now / HOUR_MS);
  return enqueue(queue, 'refusal-notice', { tokenId, code, hour }, { deduplication: { id: `refusal-${tokenId}`, ttl: HOUR_MS }, ...RETRIES });
}

export function refusalNoticeJobs(ctx: ReminderContext): JobHandlers {
  return {
    'refusal-notice': async (job) => {
      const { tokenId, code, hour } = job.data;
      const found = (await ctx.store.tokens([tokenId])).get(tokenId);
      if (!found) return; // deleted since
      const { token } = found;
      // The event first: it does not depend on the contact being reachable.
      await ctx.store.refusalEvent(token, code, HOUR_MS);
      await dm(ctx, token.primaryContact, `refusal-${tokenId}-${hour}`, (language) => refusalNotice(translator(language), token, code), job.attemptsMade > 0);
    },
  };
}
