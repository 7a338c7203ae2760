// Time passing for a test's database, as the playground's clock moves it. The clock moves only a
// database marked as the playground's, so the test's own database is marked first.
import { moveClockForward } from '../../playground/clock.js';
import { PLAYGROUND_MARKER } from '../../playground/safety.js';
import { sql } from './databases.js';

export async function moveClock(databaseUrl: string, days: number): Promise<void> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  await sql(databaseUrl, `COMMENT ON DATABASE "${name}" IS '${PLAYGROUND_MARKER}'`);
  await moveClockForward(databaseUrl, days);
}
