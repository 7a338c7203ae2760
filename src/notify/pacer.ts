// Calls to Slack at Slack's pace: every call waits for its slot under Slack's published limit
// (rateTiers.ts), shared by all instances through Redis, so a busy hour is a steady stream
// instead of a storm of 429s.
import type { ShortLivedStore } from '../domain/ports.js';
import { rateRule } from './rateTiers.js';

// Calls spread evenly over each limit's window stretched by this much: a timer that fires late
// bunches a call with the next, and the margin keeps both inside Slack's window.
const LATENESS_MS = 50;

export class Pacer {
  /** `scale` > 1 only under the emulator's time-scaled limits (tests, benchmarks). */
  constructor(
    private readonly store: ShortLivedStore,
    private readonly scale = 1,
  ) {}

  /** Resolves when `method` (on `channel`, for chat.postMessage) may be called. */
  async wait(method: string, channel?: string): Promise<void> {
    const rule = rateRule(method, channel);
    if (!rule) return;
    // Pacing is a courtesy: without Redis the call goes now, and Slack's 429 still guards.
    const wait = await this.store
      .slot(`slack-pace:${rule.key}`, (rule.windowMs / this.scale + LATENESS_MS) / rule.limit)
      .catch(() => 0);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
