// Behind PgBouncer in transaction pooling, a connection is not ours between statements: named
// statements prepared on one server connection are missing on the next. The transaction pool
// mode sends them unnamed (and leaves out the statement_timeout startup parameter PgBouncer
// refuses); session mode keeps them named for PostgreSQL itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/store/pool.js';
import { startPgbouncer, type Pgbouncer } from '../support/pgbouncer.js';

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
