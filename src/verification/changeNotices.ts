// The fast path of cache invalidation: a change is announced on a Redis channel that every
// instance subscribes to, so caches usually drop a token within milliseconds. Best effort only:
// correctness never depends on it (the database's change feed bounds staleness whatever Redis
// does), so nothing here waits for Redis, at start or at a change.
import { duplicateRedis, type RedisClient } from '../store/redis.js';
import type { Logger } from '../observability/logger.js';

type ChangeNotices = { announce(tokenId: string): void; close(): void };

export function startChangeNotices(options: {
  redis: RedisClient;
  redisPrefix: string;
  logger: Logger;
  onNotice?: (tokenId: string) => void;
}): ChangeNotices {
  const channel = `${options.redisPrefix}:token-changed`;
  // Fails at once while Redis is unreachable instead of queueing stale notices.
  const publisher = duplicateRedis(options.redis, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 1_000,
  });
  publisher.on('error', () => undefined); // the main client already reports connection problems
  const onNotice = options.onNotice;
  const subscriber = onNotice && duplicateRedis(options.redis);
  if (subscriber) {
    subscriber.on('error', () => undefined);
    subscriber.on('message', (_channel, tokenId: string) => onNotice(tokenId));
    subscriber
      .subscribe(channel)
      .catch((error) => options.logger.warn({ err: error }, 'could not subscribe to change notices'));
  }
  return {
    announce: (tokenId) => void publisher.publish(channel, tokenId).catch(() => undefined),
    close: () => {
      publisher.disconnect();
      subscriber?.disconnect();
    },
  };
}
