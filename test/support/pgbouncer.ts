// A real PgBouncer (Debian's) in front of the test PostgreSQL, in transaction pooling: every
// database name is passed through, any user trusted (as the test server does).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './redisCluster.js';

export type Pgbouncer = { url: string; stop(): Promise<void> };

export async function startPgbouncer(
  server: { host: string; port: number },
  poolMode: 'transaction' | 'session' = 'transaction',
): Promise<Pgbouncer> {
  const dir = mkdtempSync(join(tmpdir(), 'tokenops-pgbouncer-'));
  const port = await freePort();
  writeFileSync(join(dir, 'users.txt'), '"postgres" ""\n');
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${server.host} port=${server.port}`,
      '[pgbouncer]',
      `listen_addr = 127.0.0.1`,
      `listen_port = ${port}`,
      `unix_socket_dir =`,
      `auth_type = trust`,
      `auth_file = ${join(dir, 'users.txt')}`,
      `pool_mode = ${poolMode}`,
      `max_client_conn = 500`,
      `default_pool_size = 20`,
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      `pidfile = ${join(dir, 'pgbouncer.pid')}`,
    ].join('\n'),
  );
  // pgbouncer refuses to run as root unless told which user to become.
  const asRoot = process.getuid?.() === 0 ? ['-u', 'postgres'] : [];
  if (asRoot.length) execFileSync('chown', ['-R', 'postgres', dir]);
  const binary = existsSync('/usr/sbin/pgbouncer') ? '/usr/sbin/pgbouncer' : 'pgbouncer'; // sbin is not on every PATH
  const child = spawn(binary, [...asRoot, join(dir, 'pgbouncer.ini')], { stdio: 'ignore' });
  const url = `postgresql://postgres@127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const end = Date.now() + 10_000;
  for (;;) {
    const client = new pg.Client({ connectionString: `${url}/postgres` });
    const up = await client.connect().then(
      () => client.end().then(() => true),
      () => false,
    );
    if (up) break;
    if (Date.now() > end || child.exitCode !== null) {
      await stop();
      throw new Error('pgbouncer did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, stop };
}
