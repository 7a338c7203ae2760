// Redis connections: one server (`redis://`, `rediss://`) or a Redis Cluster
// (`redis+cluster://host:port,host:port`, `rediss+cluster://…`; any reachable nodes, the rest is
// discovered). Every key tokenops uses alone, or hash-tagged with its queue (BullMQ's `{prefix}`),
// so no command spans two slots; pub/sub reaches every node's subscribers in a cluster.
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { parseClusterUrl } from '../config/redisUrl.js';

export type RedisClient = Redis | Cluster;

export function createRedis(url: string, options: RedisOptions = {}): RedisClient {
  const cluster = parseClusterUrl(url);
  if (!cluster) return new Redis(url, options);
  const redisOptions: RedisOptions = {
    ...options,
    ...(cluster.username ? { username: cluster.username } : {}),
    ...(cluster.password ? { password: cluster.password } : {}),
    ...(cluster.tls ? { tls: {} } : {}),
  };
  return new Cluster(cluster.nodes, clusterOptions(redisOptions));
}

function clusterOptions(redisOptions: RedisOptions): ClusterOptions {
  const { enableOfflineQueue, ...perNode } = redisOptions;
  return { redisOptions: perNode, ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }) };
}

/** The connection for work someone waits on (a Slack request, a scanner's report): while Redis
 *  is unreachable a command fails at once (no offline queue, no retry, in a cluster neither) and
 *  none waits more than half a second for its answer; the caller decides what to retry within its
 *  deadline, so that nothing it gave up on is sent again later. BullMQ's worker needs the
 *  opposite (`maxRetriesPerRequest: null`) and keeps a client of its own. */
export function requestPathRedis(client: RedisClient): RedisClient {
  const failFast: RedisOptions = { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 500 };
  if (!(client instanceof Cluster)) return client.duplicate(failFast);
  const noRetries: ClusterOptions = { retryDelayOnFailover: 0, retryDelayOnClusterDown: 0, retryDelayOnTryAgain: 0 };
  return client.duplicate(undefined, {
    ...clusterOptions({ ...client.options.redisOptions, ...failFast }),
    ...noRetries,
  });
}

/** Another connection to the same server or cluster (a subscriber, a publisher with its own
 *  options): ioredis' `duplicate` takes different arguments for each. */
export function duplicateRedis(client: RedisClient, options: RedisOptions = {}): RedisClient {
  if (client instanceof Cluster)
    return client.duplicate(undefined, { ...clusterOptions({ ...client.options.redisOptions, ...options }) });
  return client.duplicate(options);
}
