// What verification knows about each recently seen secret digest, kept in this process and
// dropped on every instance the moment a token changes: a change is published on a Redis
// channel that every instance subscribes to. If the subscription drops, everything cached is
// forgotten, since changes may have been missed meanwhile.
import { LRUCache } from 'lru-cache';
import type { Redis } from 'ioredis';
import type { VerifiedToken } from '../domain/verification.js';
import type { Logger } from '../observability/logger.js';

const MAX_ENTRIES = 200_000;
/** Bounds the cache's memory too (an entry's size is estimated): it stays under 40 MB. */
const MAX_BYTES = 40 * 2 ** 20;
const estimatedBytes = (entry: Entry) => 600 + 2 * (entry.body?.length ?? 0);
/** A safety net only: invalidation is by message, not by age. */
const TTL_MS = 5 * 60_000;

type Entry = { found: VerifiedToken | null; body?: string };

export type VerificationCache = {
  get(digest: string): Entry | undefined;
  set(digest: string, entry: Entry): void;
  /** Drops the token here at once and on every other instance within moments. */
  tokenChanged(tokenId: string): void;
  close(): Promise<void>;
};

const channelOf = (redisPrefix: string) => `${redisPrefix}:token-changed`;

/** Tells every instance's cache that a token changed. */
export async function publishTokenChange(redis: Redis, redisPrefix: string, tokenId: string): Promise<void> {
  await redis.publish(channelOf(redisPrefix), tokenId);
}

export async function createVerificationCache(options: { redis: Redis; redisPrefix: string; logger: Logger }): Promise<VerificationCache> {
  const channel = channelOf(options.redisPrefix);
  const byDigest = new LRUCache<string, Entry>({
    max: MAX_ENTRIES,
    maxSize: MAX_BYTES,
    sizeCalculation: estimatedBytes,
    ttl: TTL_MS,
    dispose: (entry, digest) => {
      if (entry.found) digestsByToken.get(entry.found.tokenId)?.delete(digest);
    },
  });
  const digestsByToken = new Map<string, Set<string>>();
  const drop = (tokenId: string) => {
    const digests = digestsByToken.get(tokenId);
    digestsByToken.delete(tokenId);
    for (const digest of digests ?? []) byDigest.delete(digest);
  };

  const subscriber = options.redis.duplicate();
  subscriber.on('error', (error) => options.logger.warn({ err: error }, 'verification cache subscription problem'));
  subscriber.on('message', (_channel, tokenId: string) => drop(tokenId));
  let subscribed = false;
  subscriber.on('ready', () => {
    if (subscribed) byDigest.clear(); // reconnected: messages may have been lost
  });
  await subscriber.subscribe(channel);
  subscribed = true;

  return {
    get: (digest) => (subscriber.status === 'ready' ? byDigest.get(digest) : undefined),
    set: (digest, entry) => {
      if (subscriber.status !== 'ready') return; // cannot hear invalidations: do not cache
      byDigest.set(digest, entry);
      if (entry.found) {
        const digests = digestsByToken.get(entry.found.tokenId) ?? new Set();
        digests.add(digest);
        digestsByToken.set(entry.found.tokenId, digests);
      }
    },
    tokenChanged: (tokenId) => {
      drop(tokenId);
      publishTokenChange(options.redis, options.redisPrefix, tokenId).catch((error) => options.logger.error({ err: error, tokenId }, 'could not publish a token change'));
    },
    close: async () => {
      subscriber.disconnect();
      byDigest.clear();
    },
  };
}
