// Usage of tokens as verification sees it (README: HTTP endpoints, Governing use): last-used times, answers per hour by
// code, and the client addresses seen. Recorded in memory and written in one transaction per
// flush, so verification never waits on a database write and the rows written depend on the
// tokens in use, not on the request rate: last-used times every few seconds, counts and
// addresses every sixth flush (30 s in production, as the README says). A failed write keeps its batch for the
// next flush; the client addresses of one token are capped per batch (a flood of spoofed
// addresses costs no memory), keeping the most recent.
import { canonicalAddress } from '../domain/policy.js';
import type { Logger } from '../observability/logger.js';
import { HOUR_MS } from '../domain/time.js';
import type { Seen, UsageBatch } from '../domain/usage.js';

const ADDRESSES_PER_TOKEN = 8;
/** Counts and addresses are written at every this many flushes. */
const USAGE_EVERY = 6;

export type UsageRecorder = {
  /** A VALID answer's time (the verifier calls this once a minute per secret at most). */
  record(tokenId: string, at: Date): void;
  /** One answer for a known token, and the client address it was for, when given. `holder`
   *  (the answer's cache entry) keeps the token's tally at hand for its next answers: one map
   *  lookup fewer per verification. */
  count(tokenId: string, code: string, atMs: number, address: string | undefined, holder?: TallyHolder): void;
  flush(): Promise<void>;
  stop(): Promise<void>;
};

/** One token's answers in the current hour, by code, and its client addresses, as recorded on
 *  every answer: a lookup by token id and a property increment, no key string built per request. */
type Tally = {
  hour: number;
  codes: Record<string, number>;
  addresses?: Map<string, Seen>;
  /** The most recent address and its times: the same client again is the common case. */
  latest?: { address: string; seen: Seen };
  /** Taken by a flush: a holder's reference to it is stale. */
  taken?: boolean;
};
/** What keeps a token's tally between answers; opaque outside this file. */
export type TallyHolder = { tally?: unknown };
/** What was recorded since the last write: `counts` holds what left a tally (a past hour, a failed write). */
type Pending = { lastUsed: Map<string, Date>; tallies: Map<string, Tally>; counts: Map<string, number> };

const emptyPending = (): Pending => ({ lastUsed: new Map(), tallies: new Map(), counts: new Map() });

function addCounts(counts: Map<string, number>, tokenId: string, tally: Tally) {
  for (const code in tally.codes) {
    const key = `${tokenId} ${tally.hour} ${code}`;
    counts.set(key, (counts.get(key) ?? 0) + tally.codes[code]!);
  }
}

/** Keeps when `address` was first and last seen; the map's order is recency, capped. */
function seen(tally: Tally, address: string, first: number, last: number) {
  const latest = tally.latest;
  if (latest !== undefined && latest.address === address) {
    // Already the most recent: nothing moves, and no map is asked.
    latest.seen.first = Math.min(latest.seen.first, first);
    latest.seen.last = Math.max(latest.seen.last, last);
    return;
  }
  const addresses = (tally.addresses ??= new Map());
  const known = addresses.get(address);
  const times = known ? { first: Math.min(known.first, first), last: Math.max(known.last, last) } : { first, last };
  addresses.delete(address); // re-inserted last
  addresses.set(address, times);
  tally.latest = { address, seen: times };
  if (addresses.size > ADDRESSES_PER_TOKEN) addresses.delete(addresses.keys().next().value!);
}

export function createUsageRecorder(
  write: (batch: UsageBatch) => Promise<void>,
  logger: Logger,
  intervalMs = 5_000,
): UsageRecorder {
  let pending = emptyPending();
  let flushes = 0;
  const tallyOf = (tokenId: string, hour: number): Tally => {
    let tally = pending.tallies.get(tokenId);
    if (!tally) pending.tallies.set(tokenId, (tally = { hour, codes: {} }));
    else if (tally.hour !== hour) {
      addCounts(pending.counts, tokenId, tally);
      tally.hour = hour;
      tally.codes = {};
    }
    return tally;
  };
  const flush = async (all = ++flushes % USAGE_EVERY === 0) => {
    if (!pending.lastUsed.size && !(all && (pending.counts.size || pending.tallies.size))) return;
    const taken = pending;
    pending = all ? emptyPending() : { ...taken, lastUsed: new Map() };
    const batch: UsageBatch = { lastUsed: taken.lastUsed, counts: new Map(), addresses: new Map() };
    if (all) {
      batch.counts = taken.counts;
      for (const [tokenId, tally] of taken.tallies) {
        tally.taken = true;
        addCounts(batch.counts, tokenId, tally);
        if (tally.addresses) batch.addresses.set(tokenId, tally.addresses);
      }
    }
    try {
      await write(canonical(batch));
    } catch (error) {
      logger.warn(
        { err: error, tokens: batch.lastUsed.size + batch.addresses.size },
        'could not record token usage; will retry',
      );
      for (const [id, at] of batch.lastUsed)
        if (!pending.lastUsed.has(id) || pending.lastUsed.get(id)! < at) pending.lastUsed.set(id, at);
      for (const [key, n] of batch.counts) pending.counts.set(key, (pending.counts.get(key) ?? 0) + n);
      for (const [id, addresses] of batch.addresses) {
        let tally = pending.tallies.get(id);
        if (!tally) pending.tallies.set(id, (tally = { hour: -1, codes: {} }));
        for (const [address, at] of addresses) seen(tally, address, at.first, at.last);
      }
    }
  };
  const timer = setInterval(() => void flush(), intervalMs);
  timer.unref();
  return {
    record: (tokenId, at) => void pending.lastUsed.set(tokenId, at),
    count: (tokenId, code, atMs, address, holder) => {
      const hour = atMs - (atMs % HOUR_MS);
      let tally = holder?.tally as Tally | undefined;
      if (tally === undefined || tally.taken || tally.hour !== hour) {
        tally = tallyOf(tokenId, hour);
        if (holder) holder.tally = tally;
      }
      tally.codes[code] = (tally.codes[code] ?? 0) + 1;
      if (address !== undefined) seen(tally, address, atMs, atMs);
    },
    flush: () => flush(true),
    stop: async () => {
      clearInterval(timer);
      await flush(true);
    },
  };
}

/** Addresses spelled one way (`::ffff:10.0.0.1` is 10.0.0.1); what is no address is dropped. */
function canonical(batch: UsageBatch): UsageBatch {
  const addresses = new Map<string, Map<string, Seen>>();
  for (const [tokenId, seen] of batch.addresses) {
    const out = new Map<string, Seen>();
    for (const [raw, at] of seen) {
      const address = canonicalAddress(raw);
      if (address === null) continue;
      const known = out.get(address);
      out.set(address, known ? { first: Math.min(known.first, at.first), last: Math.max(known.last, at.last) } : at);
    }
    if (out.size) addresses.set(tokenId, out);
  }
  return { ...batch, addresses };
}
