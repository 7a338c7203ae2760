// Telling people about a leak, from the job queue: a DM to the token owner's admins, its
// primary contact and its creator, an e-mail to its developer addresses, and a notice in the
// approvals channel. The job carries the leak's record (never the secret); every recipient is
// claimed in the delivery log before the send, so retries and repeated jobs send nothing twice.
// A report marks its leak applied before queueing the notices; those it could not queue (Redis
// down, a process that died) are queued by a sweep from the leak ledger.
import type { Leak, LeakService } from '../domain/leaks.js';
import { leakEmail } from '../email/messages.js';
import { translator, type Language } from '../i18n/index.js';
import type { Notice } from '../domain/ports.js';
import { isPerson } from '../domain/permissions.js';
import { leakChannelNotice, leakNotice } from '../slack/views/leak.js';
import { RETRIES, enqueue, type JobHandlers, type TokenopsQueue, type TokenopsWorker } from './jobTypes.js';
import { deliverOnce, dm } from './reminderDelivery.js';
import type { ReminderContext } from './reminderScan.js';

/** One job per leak, whatever the number of reports. */
export function scheduleLeakNotices(queue: TokenopsQueue, leak: Leak) {
  return enqueue(queue, 'leak-notices', leak, { jobId: `leak-${leak.id}`, ...RETRIES });
}

/** The approvals channel, and the language everyone there reads. */
type Channel = { id: string; language: Language };

async function notify(ctx: ReminderContext, worker: TokenopsWorker, leak: Leak, channel: Channel | undefined) {
  const found = (await ctx.store.tokens([leak.tokenId])).get(leak.tokenId);
  if (!found) return; // deleted since: nobody to tell about it
  const { token } = found;
  const notice: Notice = { tokenId: token.id, kind: 'leak', epoch: leak.id, threshold: 0 };
  const people = new Set([...(await ctx.store.adminsOf(token.owner)), ...ctx.workspaceAdmins, token.primaryContact, token.createdBy].filter(isPerson));
  for (const userId of people) {
    await deliverOnce(ctx, worker, notice, userId, (resuming) => dm(ctx, userId, `leak-${leak.id}-${userId}`, (language) => leakNotice(translator(language), token, leak), resuming));
  }
  if (ctx.mailer) {
    const email = leakEmail(token, leak);
    for (const address of token.developerEmails) {
      await deliverOnce(ctx, worker, notice, address, async () => {
        await ctx.mailer!.send({ to: address, ...email, messageId: `<leak-${leak.id}-${address}@tokenops>` });
        return 'sent';
      });
    }
  }
  if (channel) {
    await deliverOnce(ctx, worker, notice, channel.id, async () => {
      await ctx.client.chat.postMessage({ channel: channel.id, ...leakChannelNotice(translator(channel.language), token, leak) });
      return 'sent';
    });
  }
}

const SWEEP_EVERY_MS = 30_000;

/** The leak ledger's outbox: notices a report could not queue (Redis down) are queued from it. */
export function scheduleLeakNoticesSweep(queue: TokenopsQueue) {
  return queue.upsertJobScheduler('leak-notices-sweep', { every: SWEEP_EVERY_MS }, { name: 'leak-notices-sweep' });
}

export function leakNoticeJobs(ctx: ReminderContext, approvalsChannel: Channel | undefined, leaks: Pick<LeakService, 'queueLateNotices'>): JobHandlers {
  return {
    'leak-notices': (job, worker) => notify(ctx, worker, job.data, approvalsChannel),
    'leak-notices-sweep': async () => {
      const queued = await leaks.queueLateNotices();
      if (queued) ctx.logger.warn({ queued }, 'queued the notices of leaks whose reports could not queue them');
    },
  };
}
