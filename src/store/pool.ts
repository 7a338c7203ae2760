// PostgreSQL connection pools. In session mode (PostgreSQL itself, or PgBouncer in session
// pooling) the hot reads are named statements, parsed and planned once per connection, and a
// statement_timeout is set for each connection. Behind PgBouncer in transaction pooling
// (DATABASE_POOL_MODE=transaction) a connection is not ours between transactions: statements go
// unnamed and the timeout is the client's own (query_timeout); PgBouncer refuses the startup
// parameter anyway.
import pg from 'pg';

export type PoolMode = 'session' | 'transaction';

class TransactionPool extends pg.Pool {
  // pg's overloads cannot be restated generically here: the arguments pass through unchanged
  // but a named statement's name.
  override query(...args: unknown[]): never {
    const [first] = args;
    if (first && typeof first === 'object' && 'name' in first) args[0] = { ...(first as object), name: undefined };
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

export function createPool(mode: PoolMode, config: pg.PoolConfig): pg.Pool {
  if (mode === 'session') return new pg.Pool(config);
  const { statement_timeout: _sessionSetting, ...perQuery } = config;
  return new TransactionPool(perQuery);
}
