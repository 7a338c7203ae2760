// Last-used times of verified tokens, gathered in memory and written in one statement every
// few seconds, so verification never waits on a database write.
import type { Logger } from '../observability/logger.js';

export type LastUsedRecorder = { record(tokenId: string, at: Date): void; flush(): Promise<void>; stop(): Promise<void> };

export function createLastUsedRecorder(write: (batch: Map<string, Date>) => Promise<void>, logger: Logger, intervalMs = 5_000): LastUsedRecorder {
  let pending = new Map<string, Date>();
  const flush = async () => {
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
    record: (tokenId, at) => void pending.set(tokenId, at),
    flush,
    stop: async () => {
      clearInterval(timer);
      await flush();
    },
  };
}
