// A real Redis Cluster for tests: three masters (and replicas, if asked) started from the
// machine's redis-server on free ports (cluster mode, nothing on disk), slots assigned by
// redis-cli, torn down after.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

export type RedisCluster = {
  url: string;
  ports: number[];
  /** SIGKILLs the server on `port` (a master dies; with replicas, the cluster fails over). */
  kill(port: number): void;
  /** The port of a replica of the master on `port` (undefined: it has none). */
  replicaOf(port: number): Promise<number | undefined>;
  /** Runs redis-cli against the server on `port`; its output. */
  cli(port: number, ...args: string[]): Promise<string>;
  /** The masters now, each with the slot ranges it serves, as the cluster sees them. */
  masters(): Promise<Array<{ port: number; slots: Array<[number, number]> }>>;
  stop(): Promise<void>;
};

/** `replicas` per master; `nodeTimeoutMs`: how long a silent node takes to be failed over. */
export async function startRedisCluster(
  options: { masters?: number; replicas?: number; nodeTimeoutMs?: number } = {},
): Promise<RedisCluster> {
  const { masters = 3, replicas = 0, nodeTimeoutMs = 2_000 } = options;
  const dir = mkdtempSync(join(tmpdir(), 'tokenops-cluster-'));
  const ports: number[] = [];
  const servers = new Map<number, ChildProcess>();
  for (let i = 0; i < masters * (1 + replicas); i++) {
    const port = await freePort();
    ports.push(port);
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      join(dir, `nodes-${port}.conf`),
      '--cluster-node-timeout',
      String(nodeTimeoutMs),
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--repl-diskless-sync-delay',
      '0',
    ];
    servers.set(port, spawn('redis-server', args, { stdio: 'ignore' }));
  }
  const stop = async () => {
    for (const server of servers.values()) server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const live = () =>
    ports.filter((port) => servers.get(port)!.exitCode === null && servers.get(port)!.signalCode === null);
  try {
    for (const port of ports)
      await waitFor(async () => (await run('redis-cli', ['-p', String(port), 'ping'])).stdout.trim() === 'PONG');
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((port) => `127.0.0.1:${port}`),
      '--cluster-replicas',
      String(replicas),
      '--cluster-yes',
    ]);
    for (const port of ports)
      await waitFor(async () =>
        (await run('redis-cli', ['-p', String(port), 'cluster', 'info'])).stdout.includes('cluster_state:ok'),
      );
    // A replica can take over only once it holds its master's data.
    for (const port of ports.slice(masters))
      await waitFor(async () =>
        (await run('redis-cli', ['-p', String(port), 'info', 'replication'])).stdout.includes('master_link_status:up'),
      );
    // …and every node knows whose replica each one is (gossip may lag behind the replication).
    for (const port of ports)
      await waitFor(
        async () =>
          (await run('redis-cli', ['-p', String(port), 'cluster', 'nodes'])).stdout
            .split('\n')
            .filter((line) => /^\S+ \S+ (myself,)?slave [0-9a-f]{40} /.test(line)).length ===
          masters * replicas,
      );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `redis+cluster://${ports
      .slice(0, masters)
      .map((port) => `127.0.0.1:${port}`)
      .join(',')}`,
    ports,
    kill: (port) => void servers.get(port)?.kill('SIGKILL'),
    cli: async (port, ...args) => (await run('redis-cli', ['-p', String(port), ...args])).stdout,
    replicaOf: async (port) => {
      const lines = (await run('redis-cli', ['-p', String(live()[0]), 'cluster', 'nodes'])).stdout
        .trim()
        .split('\n')
        .map((line) => line.split(' '));
      const masterId = lines.find((fields) => fields[1]!.startsWith(`127.0.0.1:${port}@`))![0];
      const replica = lines.find((fields) => fields[3] === masterId && !fields[2]!.includes('fail'));
      return replica && Number(/:(\d+)@/.exec(replica[1]!)![1]);
    },
    masters: async () => {
      const { stdout } = await run('redis-cli', ['-p', String(live()[0]), 'cluster', 'nodes']);
      return stdout
        .trim()
        .split('\n')
        .map((line) => line.split(' '))
        .filter((fields) => fields[2]!.includes('master') && !fields[2]!.includes('fail') && fields.length > 8)
        .map((fields) => ({
          port: Number(/:(\d+)@/.exec(fields[1]!)![1]),
          slots: fields
            .slice(8)
            .filter((range) => /^\d/.test(range))
            .map((range) => range.split('-').map(Number) as [number, number])
            .map(([from, to]) => [from, to ?? from] as [number, number]),
        }));
    },
    stop,
  };
}

async function waitFor(check: () => Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > end) throw new Error('Redis Cluster did not come up');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
