// What one instance runs, and the knobs tests and the playground turn.
import type { DeliverySweep } from '../jobs/deliverySweep.js';

/** `web` serves Slack, the verification API, health and metrics; `worker` runs background jobs
 *  (and serves health and metrics); `all` does both in one process. */
export type Role = 'all' | 'web' | 'worker';

export type StartOptions = {
  role?: Role;
  logSink?: { write(line: string): unknown };
  lastUsedFlushMs?: number;
  deliverySweep?: DeliverySweep;
  /** See createSlackApp. */
  slackSocketPingTimeoutMs?: number;
  /** Shorter webhook retries and timeout (tests). */
  webhookDelivery?: { attempts: number; firstDelayMs: number; timeoutMs?: number };
};
