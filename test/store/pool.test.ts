// Behind PgBouncer in transaction pooling, a connection is not ours between statements: named
// statements prepared on one server connection are missing on the next. The transaction pool
// mode sends them unnamed (and leaves out the statement_timeout startup parameter PgBouncer
// refuses); session mode keeps them named for PostgreSQL itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/store/pool.js';
import { deadline, withDeadline } from '../../src/store/requestDeadline.js';
import { startPgbouncer, type Pgbouncer } from '../support/pgbouncer.js';
import { startTcpProxy } from '../support/tcpProxy.js';

let bouncer: Pgbouncer;
beforeAll(async () => {
  bouncer = await startPgbouncer({ host: '127.0.0.1', port: 5432 });
});
afterAll(() => bouncer.stop());

/** Many clients running the same named statement at once, as the verification path does. */
async function namedStatementsUnderLoad(mode: 'session' | 'transaction') {
  const pool = createPool(mode, {
    connectionString: `${bouncer.url}/postgres`,
    max: 8,
    query_timeout: 5_000,
    statement_timeout: 5_000,
  });
  try {
    const runs = Array.from({ length: 200 }, (_, i) =>
      pool.query({ name: 'pool-test', text: 'SELECT $1::int AS n', values: [i] }).then((r) => r.rows[0].n),
    );
    const results = await Promise.allSettled(runs);
    return {
      ok: results.filter((r) => r.status === 'fulfilled').length,
      errors: [
        ...new Set(results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : []))),
      ],
    };
  } finally {
    await pool.end();
  }
}

describe('pools behind PgBouncer (transaction pooling)', () => {
  it('fail with named statements and session settings in session mode', async () => {
    const session = await namedStatementsUnderLoad('session');
    expect(session.ok).toBeLessThan(200);
    expect(session.errors.join('\n')).toMatch(/prepared statement|statement_timeout|unsupported startup parameter/);
  });

  it('work in transaction mode', async () => {
    expect(await namedStatementsUnderLoad('transaction')).toEqual({ ok: 200, errors: [] });
  });
});

describe('a connection lost while checked out', () => {
  it('does not end the process: the next query on it fails, and the pool goes on with a new one', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
    const pool = createPool('session', { connectionString: `postgres://postgres@127.0.0.1:${proxy.port}/postgres` });
    try {
      const client = await pool.connect(); // held between two queries, as a transaction holds it
      expect((await client.query('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
      proxy.reset(); // the server's side goes away while nobody is querying
      // Without a listener on the client, pg emits 'error' into the void: an uncaught exception.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const failed = await client.query('SELECT 1').then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failed).toBeInstanceOf(Error);
      client.release(failed as Error);
      expect((await pool.query('SELECT 2 AS n')).rows).toEqual([{ n: 2 }]);
    } finally {
      await pool.end();
      await proxy.close();
    }
  });
});

describe('a server that terminates a query (a restart, an admin)', () => {
  it('is told as a database that did not answer, not as an answer to the query', async () => {
    const pool = createPool('session', { connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    const admin = createPool('session', { connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    try {
      const record = await withDeadline(10_000, async () => {
        const sleeping = pool.query(`SELECT pg_sleep(5) /* terminated by the test */`).catch((error: unknown) => error);
        await new Promise((resolve) => setTimeout(resolve, 300));
        await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%terminated by the test%' AND pid <> pg_backend_pid()`,
        );
        expect(await sleeping).toMatchObject({ code: '57P01' });
        return { ...deadline()! };
      });
      expect(record.unreachable).toBe(true); // so the answer is 503 unavailable, not 500
      expect((await pool.query('SELECT 2 AS n')).rows).toEqual([{ n: 2 }]);
    } finally {
      await pool.end();
      await admin.end();
    }
  });
});
