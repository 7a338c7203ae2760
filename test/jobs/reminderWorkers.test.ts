// Deliveries as people see them: a worker killed in the middle of a scan or of a send, and
// several workers at once, still give every recipient each reminder exactly once, and soon.
import { spawn } from 'node:child_process';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { useTestApp, testEnv } from '../support/testApp.js';
import { sql } from '../support/databases.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';

const app = useTestApp({ role: 'web', env: { REMINDER_SCAN_INTERVAL_SECONDS: '1' } });
let root: Actor;

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  for (const id of [USERS.acmeAdmin, USERS.workspaceAdmin]) app.fake.addUser({ id });
});

/** Messages Slack holds in a user's DM about a token: what the person sees. */
const seen = (userId: string, displayId: string) =>
  [...app.fake.messages.values()].filter(
    (m) => m.channel === `D${userId.slice(1)}` && JSON.stringify(m).includes(displayId),
  );

async function dueToken(label: string) {
  const { token } = await app.tokenops.tokens.create(
    root,
    tokenInput('org:acme', label, { primaryContact: USERS.acmeAdmin }),
  );
  await sql(
    app.databaseUrl,
    `UPDATE tokens SET expires_at = now() + interval '3 days', next_reminder_at = now() WHERE display_id = $1`,
    [token.displayId],
  );
  return token.displayId;
}

/** A worker in a process of its own, to be killed; `exited` resolves when it has. */
function spawnWorker() {
  const env = testEnv(
    { databaseUrl: app.databaseUrl, redisPrefix: app.config.redisPrefix, fake: app.fake },
    { REMINDER_SCAN_INTERVAL_SECONDS: '1', PORT: '0', LOG_LEVEL: 'warn' },
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'worker'], {
    env: { PATH: process.env.PATH, ...env },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return { child, exited };
}

describe('reminder delivery', () => {
  // The first test: no worker of the test app may be running, only the processes it starts.
  it('goes on scanning soon after a worker is killed in the middle of a scan', async () => {
    const id = await dueToken('Cut short');
    // Reads go on, but the scan's claim (SELECT … FOR UPDATE) waits: the worker is stuck mid-scan.
    const blocker = new pg.Client({ connectionString: app.databaseUrl });
    blocker.on('error', () => undefined); // the database's drop ends it, should the test fail
    await blocker.connect();
    await blocker.query('BEGIN; LOCK TABLE tokens IN EXCLUSIVE MODE');
    const stuck = spawnWorker();
    const waiting = async () =>
      (
        await sql(
          app.databaseUrl,
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE SKIP LOCKED%'`,
        )
      ).length;
    const until = Date.now() + 20_000;
    while (!(await waiting())) {
      expect(Date.now()).toBeLessThan(until);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    stuck.child.kill('SIGKILL');
    await stuck.exited;
    await blocker.query('ROLLBACK');
    await blocker.end();

    const next = spawnWorker();
    try {
      await app.fake.waitFor(() => seen(USERS.acmeAdmin, id).length && seen(USERS.workspaceAdmin, id).length, 30_000);
    } finally {
      next.child.kill('SIGTERM');
      await next.exited;
    }
  }, 60_000);

  it('neither loses nor repeats a reminder when a worker is killed in the middle of sending it, even when Slack refuses the first look back', async () => {
    const id = await dueToken('Crash course');
    app.fake.holdNext('chat.postMessage', 10_000); // Slack takes the message; the answer never reaches the worker
    const { child, exited } = spawnWorker();
    await app.fake.waitFor(
      () => app.fake.callsTo('chat.postMessage').some((c) => JSON.stringify(c.args).includes(id)),
      20_000,
    );
    child.kill('SIGKILL');
    await exited;
    // Slack holds the message whose answer was lost (the other digest may or may not be out yet).
    expect(seen(USERS.acmeAdmin, id).length + seen(USERS.workspaceAdmin, id).length).toBeGreaterThanOrEqual(1);

    // The look into the DM's history is refused once (429): the batch must stay under its key
    // and be looked for again, not go back to the queue and be sent a second time.
    app.fake.failNext('conversations.history', { status: 429, retryAfter: 1 });
    await app.startInstance({ role: 'worker' }); // takes over the stalled job
    await app.fake.waitFor(() => seen(USERS.acmeAdmin, id).length && seen(USERS.workspaceAdmin, id).length, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect([seen(USERS.acmeAdmin, id).length, seen(USERS.workspaceAdmin, id).length]).toEqual([1, 1]);
  }, 60_000);

  it('gives each recipient each reminder once with several workers at once', async () => {
    await app.startInstance({ role: 'worker' });
    await app.startInstance({ role: 'worker' });
    const ids = await Promise.all(Array.from({ length: 15 }, (_, i) => dueToken(`Shared ${i}`)));
    await app.fake.waitFor(
      () => ids.every((id) => seen(USERS.acmeAdmin, id).length && seen(USERS.workspaceAdmin, id).length),
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    for (const id of ids)
      expect([seen(USERS.acmeAdmin, id).length, seen(USERS.workspaceAdmin, id).length]).toEqual([1, 1]);
  }, 60_000);
});
