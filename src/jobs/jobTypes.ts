// Every job of the queue: its name and payload, declared once and typed through BullMQ's
// generics, so that a handler gets its own payload and a producer cannot send another.
import type { Job, Queue, Worker } from 'bullmq';
import type { KeyLeakNotice } from '../domain/apiKeys.js';
import type { Leak, PastedByOther } from '../domain/leaks.js';
import type { Notice } from '../domain/ports.js';
import type { ChangeEmail } from '../notify/changeEmails.js';
import type { AnsweredReminders } from '../notify/reminderCopies.js';

type JobPayloads = {
  heartbeat: Record<string, never>;
  'revocation-expire': { requestId: string };
  'revocation-announce': { requestId: string };
  'revocation-sweep': Record<string, never>;
  /** Ends the workflow steps whose request ended without them being told (a lost announcement). */
  'step-sweep': Record<string, never>;
  'delivery-sweep': Record<string, never>;
  'request-expire': { requestId: string };
  'request-escalate': { requestId: string };
  'request-sweep': Record<string, never>;
  /** A request ended: its requester's confirmations by DM lose their Withdraw. */
  'request-ended': { requestId: string };
  'reminder-scan': Record<string, never>;
  /** Everything queued for one Slack user or e-mail address. */
  'reminder-digest': { recipient: string };
  /** What was sent about a token answered (kept, a new expiry, a new primary contact, the token
   *  stopped after its secret was pasted): every recipient's copy is updated. */
  'reminder-answered': AnsweredReminders;
  /** One reminder, as the release before digests queued them: still in Redis after an upgrade. */
  'reminder-deliver': Notice;
  /** `done`: the addresses served before a retry. */
  'change-email': ChangeEmail & { done?: string[] };
  /** The leak's record, never the secret. */
  'leak-notices': Leak;
  'leak-notices-sweep': Record<string, never>;
  /** A working secret pasted by someone who does not administer its token: ids, never the secret;
   *  `hour`: since the epoch. */
  'paste-notice': PastedByOther & { hour: number };
  'webhook-relay': Record<string, never>;
  'webhook-purge': Record<string, never>;
  /** One delivery of one event to one endpoint: its id only (the body and secrets stay in PostgreSQL). */
  'webhook-deliver': { deliveryId: string };
  'apikey-reminders': Record<string, never>;
  /** A leaked management key's name and where it leaked, never the key. */
  'apikey-leak-notice': KeyLeakNotice;
  'audit-purge': Record<string, never>;
  /** A verification refusal the primary contact hears about; `hour`: since the epoch. */
  'refusal-notice': { tokenId: string; code: 'FORBIDDEN' | 'RATE_LIMITED'; hour: number };
};
export type JobName = keyof JobPayloads;
export type JobOf<N extends JobName> = Job<JobPayloads[N], unknown, N>;
export type TokenopsQueue = Queue<JobPayloads[JobName], unknown, JobName>;
export type TokenopsWorker = Worker<JobPayloads[JobName], unknown, JobName>;

/** A job's handler; it gets the worker to pause the queue (rate limits) when it must. */
export type JobHandlers = { [N in JobName]?: (job: JobOf<N>, worker: TokenopsWorker) => Promise<unknown> };

/** Adds a job whose payload fits its name. */
export function enqueue<N extends JobName>(
  queue: TokenopsQueue,
  name: N,
  data: JobPayloads[N],
  opts?: Parameters<TokenopsQueue['add']>[2],
) {
  return queue.add(name, data, opts);
}

export const RETRIES = { attempts: 8, backoff: { type: 'exponential', delay: 5_000 } };

/** Runs `name` every `everyMs`, one schedule shared by every instance (the last to start sets it).
 *  BullMQ aligns a schedule to an offset below its interval, and keeps that offset when an upsert
 *  changes the interval: a run that then starts late (a busy machine, a worker back from an
 *  outage) puts off the next one by the old offset, up to a whole old interval. So a schedule
 *  whose interval changed, or whose offset no longer fits it, starts afresh. */
export async function schedulePeriodic(queue: TokenopsQueue, name: JobName, everyMs: number) {
  const current = await queue.getJobScheduler(name);
  if (current && (current.every !== everyMs || (current.offset ?? 0) >= everyMs)) await queue.removeJobScheduler(name);
  return queue.upsertJobScheduler(name, { every: everyMs }, { name });
}
