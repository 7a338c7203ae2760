// The second half of `npm test`: the suites that matter at scale run again on a real Redis
// Cluster (three masters) and behind a real PgBouncer in transaction pooling, both started here on
// free ports and stopped after. (`vitest run` alone runs everything on one Redis and PostgreSQL.)
import { spawn } from 'node:child_process';
import { startPgbouncer } from './support/pgbouncer.js';
import { startRedisCluster } from './support/redisCluster.js';

/** Locks, queue, reminders, approvals, propagation between instances, verification. */
const ON_CLUSTER = [
  'test/store/shortLived.test.ts',
  'test/jobs/reminders.test.ts',
  'test/jobs/reminderDigest.test.ts',
  'test/jobs/reminderWorkers.test.ts',
  'test/slack/revocation.test.ts',
  'test/http/verify.test.ts',
  'test/verification/start.test.ts',
  'test/slack/commands.test.ts',
];
/** Verification and Slack. */
const BEHIND_PGBOUNCER = [
  'test/http/verify.test.ts',
  'test/slack/create.test.ts',
  'test/slack/commands.test.ts',
  'test/slack/revocation.test.ts',
  'test/slack/edit.test.ts',
  'test/slack/home.test.ts',
  'test/jobs/reminders.test.ts',
  'test/slack/unreachable.test.ts',
];

function vitest(files: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['vitest', 'run', ...files], { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

const [cluster, bouncer] = await Promise.all([startRedisCluster(), startPgbouncer({ host: '127.0.0.1', port: 5432 })]);
let failed = 0;
try {
  console.log(`\n— on a Redis Cluster (${cluster.url})`);
  failed += await vitest(ON_CLUSTER, { TEST_REDIS_URL: cluster.url });
  console.log(`\n— behind PgBouncer, transaction pooling (${bouncer.url})`);
  failed += await vitest(BEHIND_PGBOUNCER, { TEST_PGBOUNCER_URL: bouncer.url });
} finally {
  await Promise.all([cluster.stop(), bouncer.stop()]);
}
process.exit(failed ? 1 : 0);
