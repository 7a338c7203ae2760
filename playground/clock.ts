// The playground's clock: "moving it forward" by some days moves every timestamp in the database
// back by as much, which to tokenops is the same as that time having passed (expiry, reminder
// and review due dates, approval deadlines, grace periods). The scans then find what is due on
// their next run (the playground runs the reminder scan every few seconds). Every timestamp
// column is shifted, found from the catalog, so the clock needs no list of tables. Only a
// database marked as the playground's is ever shifted.
import pg from 'pg';
import { isMarked } from './safety.js';

export async function moveClockForward(databaseUrl: string, days: number): Promise<{ columns: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    if (!(await isMarked(client))) throw new Error('the clock moves only the playground\'s own database, and this one is not marked as such');
    const { rows } = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND data_type LIKE 'timestamp%' AND table_name NOT LIKE '\\_prisma%'
          AND table_name <> 'token_changes'`, // the change feed keeps real time: its rows are pruned by age
    );
    await client.query('BEGIN');
    for (const { table_name, column_name } of rows) {
      const column = pg.escapeIdentifier(column_name);
      await client.query(`UPDATE ${pg.escapeIdentifier(table_name)} SET ${column} = ${column} - make_interval(days => $1) WHERE ${column} IS NOT NULL`, [days]);
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
