// The leak ledger's SQL: claiming a leak is one statement, so of concurrent reports exactly one
// applies the action; then the outbox of the owners' notices.
import type { Leak } from '../../domain/ports.js';

export type LeakRow = {
  id: number;
  token_id: string;
  display_id: string;
  reporter: string;
  location: string | null;
  origin: string | null;
  action: string;
};

export const leakFromRow = (row: LeakRow): Leak => ({
  id: row.id,
  tokenId: row.token_id,
  displayId: row.display_id,
  reporter: row.reporter as Leak['reporter'],
  location: row.location,
  origin: row.origin,
  action: row.action as Leak['action'],
});

const COLUMNS = 'id, token_id::text, display_id, reporter, location, origin, action';

/** Inserts the leak ($1 digest … $7 action), or retakes a claim nobody applied within $8 ms. */
export const CLAIM_LEAK = `
  INSERT INTO leaks (digest, token_id, display_id, reporter, location, origin, action, claimed_at)
  VALUES ($1, $2::uuid, $3, $4, $5, $6, $7, now())
  ON CONFLICT (digest) DO UPDATE SET claimed_at = now()
    WHERE leaks.applied_at IS NULL AND leaks.claimed_at < now() - make_interval(secs => $8::float8 / 1000)
  RETURNING ${COLUMNS}`;

export const LEAK_BY_DIGEST = `SELECT ${COLUMNS} FROM leaks WHERE digest = $1`;

/** Applied leaks whose notices were not queued within $1 ms; $2: how many. */
export const AWAITING_NOTICES = `
  SELECT ${COLUMNS} FROM leaks
  WHERE notices_queued_at IS NULL AND applied_at < now() - make_interval(secs => $1::float8 / 1000)
  ORDER BY applied_at LIMIT $2`;
