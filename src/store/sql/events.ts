// The events outbox's SQL.

/** The next event number of a token ($1: its id). The upserted row stays locked until the
 *  transaction ends: a concurrent change of the same token waits, and gets the next number. */
export const NEXT_TOKEN_SEQ = `
  INSERT INTO event_counters (token_id, last) VALUES ($1::uuid, 1)
  ON CONFLICT (token_id) DO UPDATE SET last = event_counters.last + 1 RETURNING last`;

/** Takes the lock of one token's events of one type ($1: `type:tokenId`) until the transaction ends. */
export const LOCK_TOKEN_EVENT_TYPE = `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`;

/** Whether the token ($1) had an event of this type ($2) in the last $3 seconds. */
export const RECENT_TOKEN_EVENT = `
  SELECT 1 FROM events WHERE token_id = $1::uuid AND type = $2
    AND created_at > now() - make_interval(secs => $3) LIMIT 1`;
