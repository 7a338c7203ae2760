// The request path's short-lived store on a Redis Cluster whose masters die (issue 22 items 2 and
// 10): a step rides out a failover of about a second within its request's deadline, and when the
// failover takes longer it ends `unavailable` by the deadline, leaving nothing that takes effect
// later (a hold it gave up on does not keep the key). Elections are started by the test
// (CLUSTER FAILOVER FORCE on the replica), so that a failover takes as long as the test says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnavailableError } from '../../src/domain/errors.js';
import type { Hold, ShortLivedStore } from '../../src/domain/ports.js';
import { createRedis, requestPathRedis, type RedisClient } from '../../src/store/redis.js';
import { withDeadline } from '../../src/store/requestDeadline.js';
import { createRequestShortLivedStore } from '../../src/store/shortLived.js';
import { startRedisCluster, type RedisCluster } from '../support/redisCluster.js';

let cluster: RedisCluster;
let clients: RedisClient[];
let store: ShortLivedStore;

beforeAll(async () => {
  cluster = await startRedisCluster({ replicas: 1, nodeTimeoutMs: 5_000 }); // no election of its own during a test
  const patient = createRedis(cluster.url, { maxRetriesPerRequest: null });
  clients = [patient, requestPathRedis(patient)];
  for (const client of clients) client.on('error', () => undefined);
  store = createRequestShortLivedStore(clients[1]!, 'failover');
  await store.put('warm-up', '1', 60);
}, 60_000);
afterAll(async () => {
  for (const client of clients ?? []) client.disconnect();
  await cluster?.stop();
});

/** A key of this store that hashes to one of `master`'s slots. */
async function keyOn(master: { port: number; slots: Array<[number, number]> }): Promise<string> {
  for (let i = 0; ; i++) {
    const slot = Number((await cluster.cli(master.port, 'cluster', 'keyslot', `failover:key-${i}`)).trim());
    if (master.slots.some(([from, to]) => slot >= from && slot <= to)) return `key-${i}`;
  }
}

/** Kills a master that has a replica; `elect` has the replica take over. */
async function killMaster() {
  for (const master of await cluster.masters()) {
    const replica = await cluster.replicaOf(master.port);
    if (!replica) continue; // taken over already
    const key = await keyOn(master);
    cluster.kill(master.port);
    return { key, elect: () => cluster.cli(replica, 'cluster', 'failover', 'force') };
  }
  throw new Error('no master with a replica left');
}

describe('the request path on a Redis Cluster failover', () => {
  it('rides out a failover completed 0.6 s after the master died, within the request deadline', async () => {
    const { key, elect } = await killMaster();
    const started = performance.now();
    const election = new Promise((resolve) => setTimeout(resolve, 600)).then(elect);
    await withDeadline(1_800, () => store.put(key, 'saved', 60));
    expect(performance.now() - started).toBeLessThan(1_800);
    expect((await election).trim()).toBe('OK');
    expect(await withDeadline(1_800, () => store.get(key))).toBe('saved');
  }, 30_000);

  it('ends unavailable by the deadline when the failover takes longer, and its hold does not take the key later', async () => {
    const { key, elect } = await killMaster();
    const started = performance.now();
    await expect(withDeadline(1_000, () => store.hold(key, 600))).rejects.toBeInstanceOf(UnavailableError);
    expect(performance.now() - started).toBeLessThan(1_300);
    expect((await elect()).trim()).toBe('OK');
    let hold: Hold | null = null;
    for (let i = 0; i < 50 && !hold; i++) {
      hold = await withDeadline(1_000, () => store.hold(key, 600)).catch(() => null); // the cluster agrees within seconds
      if (!hold) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(hold).not.toBeNull(); // free: the hold given up on never took it
  }, 30_000);
});
