// Last-used times of verified tokens, gathered in memory and written in one statement every
// few seconds, so verification never waits on a database write. A token is recorded once per
// resolution window: admins read last-used to the minute, and a busy token would otherwise cost
// a row update (and its WAL) every flush, on the cores that answer verifications.
import type { Logger } from '../observability/logger.js';

export type LastUsedRecorder = { record(tokenId: string, at: Date): void; flush(): Promise<void>; stop(): Promise<void> };

/** How stale a stored last-used time may be, at most, besides the flush interval. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export function createLastUsedRecorder(
  write: (batch: Map<string, Date>) => Promise<void>,
  logger: Logger,
  options: { intervalMs?: number; resolutionMs?: number } = {},
): LastUsedRecorder {
  const { intervalMs = 5_000, resolutionMs = LAST_USED_RESOLUTION_MS } = options;
  let pending = new Map<string, Date>();
  /** Tokens recorded in the current window: their later uses in it are not written. */
  let recorded = new Set<string>();
  let windowStartedAt = Date.now();
  const flush = async () => {
    if (Date.now() - windowStartedAt >= resolutionMs) {
      recorded = new Set();
      windowStartedAt = Date.now();
    }
    if (!pending.size) return;
    const batch = pending;
    pending = new Map();
    try {
      await write(batch);
    } catch (error) {
      logger.warn({ err: error, tokens: batch.size }, 'could not record last-used times; will retry');
      for (const [id, at] of batch) if (!pending.has(id)) pending.set(id, at);
    }
  };
  const timer = setInterval(() => void flush(), intervalMs);
  timer.unref();
  return {
    record: (tokenId, at) => {
      if (recorded.has(tokenId)) return;
      recorded.add(tokenId);
      pending.set(tokenId, at);
    },
    flush,
    stop: async () => {
      clearInterval(timer);
      await flush();
    },
  };
}
