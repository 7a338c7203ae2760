// PostgreSQL connection pools. In session mode (PostgreSQL itself, or PgBouncer in session
// pooling) the hot reads are named statements, parsed and planned once per connection, and a
// statement_timeout is set for each connection. Behind PgBouncer in transaction pooling
// (DATABASE_POOL_MODE=transaction) a connection is not ours between transactions: statements go
// unnamed and the timeout is the client's own (query_timeout); PgBouncer refuses the startup
// parameter anyway.
//
// Work under a request's deadline (requestDeadline.ts) waits for a connection and for each
// query only until then; a connection whose query went unanswered is closed, never reused (its
// transaction may still be open). What happened is recorded on the deadline: a commit made, or
// one sent whose answer never came (in doubt), so that the answer can tell the truth.
import pg from 'pg';
import { deadline, DeadlineExceeded, msLeft, race, type Deadline } from './requestDeadline.js';

export type PoolMode = 'session' | 'transaction';

type Kind = 'begin' | 'commit' | 'rollback' | 'read' | 'write';

function kindOf(text: string): Kind {
  const word = /^\s*([a-z]+)/i.exec(text)?.[1]?.toLowerCase();
  if (word === 'begin' || word === 'start') return 'begin';
  if (word === 'commit' || word === 'end') return 'commit';
  if (word === 'rollback' || word === 'abort') return 'rollback';
  return word === 'select' || word === 'show' ? 'read' : 'write';
}

const textOf = (config: unknown) =>
  typeof config === 'string' ? config : ((config as { text?: string } | null)?.text ?? '');

/** SQLSTATEs of a server that cannot serve us (connection exceptions, insufficient resources,
 *  shut down or restarting, 57P01–57P03): an answer, but one of unavailability, not of our query. */
const unavailableCode = (code: string | undefined) => /^(08|53|57P0)/.test(code ?? '');

class DeadlineClient extends pg.Client {
  /** A query ended without its answer: the connection's state is unknown, so it is not reused. */
  broken = false;
  private inTransaction = false;

  override query(...args: unknown[]): never {
    const found = deadline();
    const [config, values] = args;
    const plain =
      args.length <= 2 && typeof values !== 'function' && !(config && typeof config === 'object' && 'submit' in config);
    if (!found || !plain) return (super.query as (...a: unknown[]) => never)(...args);
    const kind = kindOf(textOf(config));
    const left = Math.ceil(found.until - performance.now());
    if (left <= 0) {
      this.broken ||= this.inTransaction; // a ROLLBACK not sent leaves the transaction open
      found.unreachable = true;
      return Promise.reject(new DeadlineExceeded('database')) as never;
    }
    const bounded =
      typeof config === 'string'
        ? { text: config, query_timeout: left }
        : {
            ...(config as object),
            query_timeout: Math.min(left, (config as { query_timeout?: number }).query_timeout ?? left),
          };
    return (super.query as (...a: unknown[]) => Promise<pg.QueryResult>)(bounded, values).then(
      (result) => {
        this.track(found, kind, result.command);
        return result;
      },
      (error: unknown) => {
        this.failed(found, kind, error);
        throw error;
      },
    ) as never;
  }

  private track(found: Deadline, kind: Kind, command: string) {
    if (kind === 'begin') this.inTransaction = true;
    if (kind === 'commit' || kind === 'rollback') this.inTransaction = false;
    if ((kind === 'commit' && command === 'COMMIT') || (kind === 'write' && !this.inTransaction))
      found.committed = true;
  }

  private failed(found: Deadline, kind: Kind, error: unknown) {
    if (error instanceof pg.DatabaseError && !unavailableCode(error.code)) {
      // PostgreSQL answered: the outcome is known (a failed commit committed nothing).
      if (kind === 'commit') this.inTransaction = false;
      return;
    }
    // No answer (or the server went away): the query may or may not have run, and the
    // connection is in an unknown state.
    this.broken = true;
    found.unreachable = true;
    if (kind === 'commit' || (kind === 'write' && !this.inTransaction)) found.inDoubt++;
  }
}

class DeadlinePool extends pg.Pool {
  override connect(...args: unknown[]): never {
    if (args.length) return (super.connect as (...a: unknown[]) => never)(...args); // pg-pool's own callback use
    return this.checkout() as never;
  }

  override query(...args: unknown[]): never {
    if (!deadline() || typeof args.at(-1) === 'function') return (super.query as (...a: unknown[]) => never)(...args);
    return this.checkout().then(async (client) => {
      try {
        const result = await (client.query as (...a: unknown[]) => Promise<pg.QueryResult>)(...args);
        client.release();
        return result;
      } catch (error) {
        client.release(error as Error); // as pg-pool does: the connection is not reused
        throw error;
      }
    }) as never;
  }

  /** A connection, by the deadline when there is one; released for good if its last query went unanswered. */
  private async checkout(): Promise<pg.PoolClient> {
    const pending = (super.connect as () => Promise<pg.PoolClient>)();
    const left = msLeft();
    let client: pg.PoolClient;
    try {
      client = left === undefined ? await pending : await race(pending, left, 'database');
    } catch (error) {
      const found = deadline();
      if (found) found.unreachable = true;
      void pending.then(
        (late) => late.release(),
        () => undefined,
      );
      throw error;
    }
    const release = client.release;
    client.release = (error?: Error | boolean) =>
      release.call(
        client,
        error || ((client as unknown as DeadlineClient).broken ? new Error('query left unanswered') : undefined),
      );
    return client;
  }
}

class TransactionPool extends DeadlinePool {
  // pg's overloads cannot be restated generically here: the arguments pass through unchanged
  // but a named statement's name.
  override query(...args: unknown[]): never {
    const [first] = args;
    if (first && typeof first === 'object' && 'name' in first) args[0] = { ...(first as object), name: undefined };
    return super.query(...args);
  }
}

/** A pool whose connections may be lost at any time without ending the process: pg reports a
 *  connection lost while checked out between two queries (a transaction waiting on Slack, say)
 *  on the client, not the pool, and an 'error' nobody listens to is an uncaught exception. The
 *  query that follows fails and says so; a lost idle connection is reported on the pool. */
export function createPool(mode: PoolMode, config: pg.PoolConfig): pg.Pool {
  const withDeadlines = { ...config, Client: DeadlineClient };
  const { statement_timeout: _sessionSetting, ...perQuery } = withDeadlines;
  const pool = mode === 'session' ? new DeadlinePool(withDeadlines) : new TransactionPool(perQuery);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
