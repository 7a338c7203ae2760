// The subscribers of GET /v1/tokens/changes (README: Verifying in your API): caches outside tokenops, such as
// @tokenops/verify, told what this instance's own cache is told, from the same change feed poll.
// Every event carries an id; a subscriber that reconnects with Last-Event-ID gets the events it
// missed from a bounded in-memory log, or `reset` (drop everything) when they are gone: another
// instance, a restart, or a feed that lost track itself. A heartbeat after every poll, and at
// least every 200 ms, says as of when (`asOf`, ms since the epoch) every change is in the stream:
// a subscriber serves cached answers only while that is recent, so a stalled feed or link shows.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { FeedRow } from '../store/sql/verification.js';
import type { FeedListener } from './changeFeed.js';
import { monotonicMs } from './databaseClock.js';

const LOG_SIZE = 10_000;
const HEARTBEAT_MS = 200;
/** A subscriber that reads slower than this is disconnected (it reconnects and resumes). */
const MAX_BUFFERED_BYTES = 1 << 20;

export type ChangeStream = FeedListener & {
  subscribe(res: ServerResponse, lastEventId: string | undefined): void;
  readonly subscribers: number;
  close(): void;
};

export function createChangeStream(): ChangeStream {
  let epoch = randomBytes(6).toString('hex'); // a new one whenever the log restarts
  let seq = 0;
  const log: Array<{ seq: number; text: string }> = [];
  const subscribers = new Set<ServerResponse>();
  let asOf = 0; // epoch ms of the last poll's start; 0 until one succeeds
  let beatAt = 0;

  const id = () => `${epoch}-${seq}`;
  const send = (res: ServerResponse, text: string) => {
    if (res.writableLength > MAX_BUFFERED_BYTES) return void res.destroy();
    res.write(text);
  };
  const broadcast = (text: string) => subscribers.forEach((res) => send(res, text));
  const heartbeat = () => `id: ${id()}\nevent: heartbeat\ndata: {"asOf":${asOf}}\n\n`;
  const reset = () => `id: ${id()}\nevent: reset\ndata: {}\n\n`;
  const beat = () => {
    beatAt = monotonicMs();
    broadcast(heartbeat());
  };
  const timer = setInterval(() => monotonicMs() - beatAt >= HEARTBEAT_MS - 20 && beat(), 50);
  timer.unref();

  /** The events after `lastEventId`, or undefined when they cannot all be told. */
  const missed = (lastEventId: string) => {
    const [from, n] = lastEventId.split('-');
    const after = Number(n);
    if (from !== epoch || !Number.isSafeInteger(after) || after > seq) return undefined;
    if (after < seq && (log.length === 0 || log[0]!.seq > after + 1)) return undefined;
    return log.filter((event) => event.seq > after).map((event) => event.text);
  };

  return {
    cleared() {
      epoch = randomBytes(6).toString('hex');
      seq = 0;
      log.length = 0;
      broadcast(reset());
    },
    applied(changes: FeedRow[], startedAt: number) {
      const tokenIds = new Set<string>();
      for (const change of changes) if (change.displayId) tokenIds.add(change.displayId);
      for (const tokenId of tokenIds) {
        seq++;
        const text = `id: ${id()}\nevent: change\ndata: ${JSON.stringify({ tokenId })}\n\n`;
        log.push({ seq, text });
        broadcast(text);
      }
      if (log.length > LOG_SIZE) log.splice(0, log.length - LOG_SIZE);
      asOf = Math.round(performance.timeOrigin + startedAt);
      beat();
    },
    subscribe(res, lastEventId) {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      });
      res.flushHeaders();
      const replay = lastEventId === undefined ? [] : missed(lastEventId);
      res.write(`retry: 500\n\n${(replay ?? [reset()]).join('')}${heartbeat()}`);
      subscribers.add(res);
      res.on('close', () => subscribers.delete(res));
    },
    get subscribers() {
      return subscribers.size;
    },
    close() {
      clearInterval(timer);
      for (const res of subscribers) res.end();
      subscribers.clear();
    },
  };
}
