// The playground's clock: "moving it forward" by some days moves every timestamp in the database
// back by as much, which to tokenops is the same as that time having passed (expiry, reminder
// and review due dates, approval deadlines, grace periods). The scans then find what is due on
// their next run (the playground runs the reminder scan every few seconds). Every timestamp
// column is shifted, found from the catalog, so the clock needs no list of tables; so are the
// dates the history keeps inside its entries (a reset's grace, an expiry before and after), so
// that it tells them in the right tense. Only a database marked as the playground's is shifted.
import pg from 'pg';
import { isMarked } from './safety.js';

/** Dates inside audit entries' `changes` (the rest of an entry's timestamps are columns). */
const AUDIT_DATES = [
  ['secret', 'oldSecretsValidUntil'],
  ['expiresAt', 'before'],
  ['expiresAt', 'after'],
];

export async function moveClockForward(databaseUrl: string, days: number): Promise<{ columns: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    if (!(await isMarked(client)))
      throw new Error("the clock moves only the playground's own database, and this one is not marked as such");
    const { rows } = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND data_type LIKE 'timestamp%' AND table_name NOT LIKE '\\_prisma%'
          AND table_name <> 'token_changes'`, // the change feed keeps real time: its rows are pruned by age
    );
    await client.query('BEGIN');
    for (const { table_name, column_name } of rows) {
      const column = pg.escapeIdentifier(column_name);
      await client.query(
        `UPDATE ${pg.escapeIdentifier(table_name)} SET ${column} = ${column} - make_interval(days => $1) WHERE ${column} IS NOT NULL`,
        [days],
      );
    }
    for (const path of AUDIT_DATES) {
      await client.query(
        `UPDATE audit_events SET changes = jsonb_set(changes, $2::text[], to_jsonb((changes #>> $2::text[])::timestamptz - make_interval(days => $1)))
          WHERE jsonb_typeof(changes #> $2::text[]) = 'string'`,
        [days, path],
      );
    }
    await client.query('COMMIT');
    return { columns: rows.length };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
