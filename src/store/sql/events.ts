// The events outbox's SQL.

/** The next event number of a token ($1: its id). The upserted row stays locked until the
 *  transaction ends: a concurrent change of the same token waits, and gets the next number. */
export const NEXT_TOKEN_SEQ = `
  INSERT INTO event_counters (token_id, last) VALUES ($1::uuid, 1)
  ON CONFLICT (token_id) DO UPDATE SET last = event_counters.last + 1 RETURNING last`;
