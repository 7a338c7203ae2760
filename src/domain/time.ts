// Lengths of time in milliseconds, defined once: every module that counts minutes, hours or
// days in ms takes them from here.
export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Whether PostgreSQL takes this time as Prisma sends it (years 1 to 9999): a client's time
 *  outside them is refused as input instead of failing the query. */
export function storable(at: Date): boolean {
  const year = at.getUTCFullYear();
  return year >= 1 && year <= 9_999;
}
