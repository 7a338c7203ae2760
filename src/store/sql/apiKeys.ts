// Management keys' SQL: the row locks that Prisma's models cannot take.

/** A delivered key by display id ($1), locked for its revocation. */
export const LOCK_DELIVERED_KEY = `SELECT id FROM management_keys WHERE display_id = $1 AND delivered FOR UPDATE`;

/** A delivered key by digest ($1), locked while its leak is recorded. */
export const LOCK_DELIVERED_KEY_BY_DIGEST = `SELECT id FROM management_keys WHERE digest = $1 AND delivered FOR UPDATE`;

/** Keys whose reminder is due at $1, at most $2, locked and skipped by concurrent scans. */
export const DUE_KEY_REMINDERS = `
  SELECT id FROM management_keys
  WHERE next_reminder_at <= $1 AND delivered AND revoked_at IS NULL
  ORDER BY next_reminder_at LIMIT $2 FOR UPDATE SKIP LOCKED`;
