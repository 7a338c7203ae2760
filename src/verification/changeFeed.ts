// Keeps the verification cache current from the database's change feed (token_changes, written
// by triggers in every changing transaction): each poll reads the changes it has not applied
// yet and drops the tokens they name. Rows get their sequence number when written but become
// visible when their transaction commits, possibly out of order, so each poll re-reads from the
// oldest transaction that was still running at the previous poll and skips rows already applied.
// A successful poll tells the cache it is current as of the poll's start; when polls fail or
// stall, the cache stops serving within its bound and verification reads the database. Poll
// times are monotonic; each poll also reads the database's clock for the verdict's "now".
import type pg from 'pg';
import { pruneChanges, readChanges, type FeedRow } from '../store/sql/verification.js';
import type { Logger } from '../observability/logger.js';
import type { VerificationCache } from './cache.js';
import { monotonicMs, type DatabaseClock } from './databaseClock.js';

const PRUNE_EVERY_MS = 60_000;
/** How long feed rows are kept: an instance away longer than this forgets its whole cache. */
const KEEP_SECONDS = 3_600;
const FORGET_AFTER_MS = 60_000;

type ChangeFeed = { readonly lastPollStartedAt: number; stop(): void };

/** Told what the cache is told, in the same order: for subscribers outside this process. */
export type FeedListener = { cleared(): void; applied(changes: FeedRow[], startedAt: number): void };

export function startChangeFeed(options: {
  pool: pg.Pool;
  cache: VerificationCache;
  clock: DatabaseClock;
  logger: Logger;
  intervalMs: number;
  listener?: FeedListener;
}): ChangeFeed {
  const { pool, cache, clock, logger, listener } = options;
  let sinceXid: number | undefined; // unknown until the first poll: nothing is cached before it
  const applied = new Map<string, number>(); // seq → xid of rows applied, until xmin passes them
  let lastPollStartedAt = 0;
  let lastPruneAt = monotonicMs();
  let failing = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function poll() {
    const startedAt = monotonicMs();
    try {
      const { xmin, changes, dbNowMs } = await readChanges(pool, sinceXid ?? Number.MAX_SAFE_INTEGER);
      clock.observe(dbNowMs, startedAt, monotonicMs());
      if (sinceXid === undefined || startedAt - lastPollStartedAt > FORGET_AFTER_MS) {
        cache.clear();
        listener?.cleared();
      }
      const keys: string[] = [];
      const fresh: FeedRow[] = [];
      for (const change of changes) {
        if (applied.has(change.seq)) continue;
        applied.set(change.seq, change.xid);
        fresh.push(change);
        keys.push(change.tokenId);
        if (change.digest) keys.push(change.digest);
      }
      if (keys.length) cache.invalidate(keys);
      for (const [seq, xid] of applied) if (xid < xmin) applied.delete(seq);
      sinceXid = xmin;
      lastPollStartedAt = startedAt;
      cache.currentAsOf(startedAt);
      listener?.applied(fresh, startedAt);
      if (failing) logger.info('verification change feed is current again');
      failing = false;
    } catch (error) {
      if (!failing)
        logger.warn(
          { err: error },
          'verification change feed cannot be read: cached answers are not served until it can',
        );
      failing = true;
    }
    if (!failing && startedAt - lastPruneAt > PRUNE_EVERY_MS) {
      lastPruneAt = startedAt;
      await pruneChanges(pool, KEEP_SECONDS).catch((error) =>
        logger.warn({ err: error }, 'could not prune the verification change feed'),
      );
    }
    if (stopped) return;
    timer = setTimeout(() => void poll(), Math.max(0, options.intervalMs - (monotonicMs() - startedAt)));
    timer.unref();
  }
  void poll();

  return {
    get lastPollStartedAt() {
      return lastPollStartedAt;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
