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
  /** One answer for a known token, and the client address it was for, when given. */
  count(tokenId: string, code: string, atMs: number, address: string | undefined): void;
  flush(): Promise<void>;
  stop(): Promise<void>;
};

const emptyBatch = (): UsageBatch => ({ lastUsed: new Map(), counts: new Map(), addresses: new Map() });

export function createUsageRecorder(
  write: (batch: UsageBatch) => Promise<void>,
  logger: Logger,
  intervalMs = 5_000,
): UsageRecorder {
  let pending = emptyBatch();
  let flushes = 0;
  const seen = (batch: UsageBatch, tokenId: string, address: string, at: Seen) => {
    let addresses = batch.addresses.get(tokenId);
    if (!addresses) batch.addresses.set(tokenId, (addresses = new Map()));
    const known = addresses.get(address);
    addresses.delete(address); // re-inserted last: the map's order is recency
    addresses.set(
      address,
      known ? { first: Math.min(known.first, at.first), last: Math.max(known.last, at.last) } : at,
    );
    if (addresses.size > ADDRESSES_PER_TOKEN) addresses.delete(addresses.keys().next().value!);
  };
  const flush = async (all = ++flushes % USAGE_EVERY === 0) => {
    if (!pending.lastUsed.size && !(all && (pending.counts.size || pending.addresses.size))) return;
    const batch = all ? pending : { ...emptyBatch(), lastUsed: pending.lastUsed };
    pending = all ? emptyBatch() : { ...pending, lastUsed: new Map() };
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
      for (const [id, addresses] of batch.addresses)
        for (const [address, at] of addresses) seen(pending, id, address, at);
    }
  };
  const timer = setInterval(() => void flush(), intervalMs);
  timer.unref();
  return {
    record: (tokenId, at) => void pending.lastUsed.set(tokenId, at),
    count: (tokenId, code, atMs, address) => {
      const key = `${tokenId} ${atMs - (atMs % HOUR_MS)} ${code}`;
      pending.counts.set(key, (pending.counts.get(key) ?? 0) + 1);
      if (address !== undefined) seen(pending, tokenId, address, { first: atMs, last: atMs });
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
