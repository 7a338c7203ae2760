// The events outbox's SQL.

/** Writes events about tokens ($1: their ids, $2: types, $3: bodies), each numbered after its
 *  token's last (several of one token in array order) in one statement however many. The
 *  upserted counters, taken in token order, stay locked until the transaction ends: a concurrent
 *  change of the same token waits, and gets the next number. */
export const WRITE_TOKEN_EVENTS = `
  WITH v AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS v(token_id, type, body, n)),
  counted AS (
    INSERT INTO event_counters AS c (token_id, last)
    SELECT token_id, count(*) FROM v GROUP BY token_id ORDER BY token_id
    ON CONFLICT (token_id) DO UPDATE SET last = c.last + excluded.last
    RETURNING token_id, last)
  INSERT INTO events (type, token_id, token_seq, body)
  SELECT v.type, v.token_id, (c.last - count(*) OVER w + row_number() OVER (w ORDER BY v.n))::int, v.body
  FROM v JOIN counted c USING (token_id)
  WINDOW w AS (PARTITION BY v.token_id)
  ORDER BY v.n`;

/** Takes the lock of one token's events of one type ($1: `type:tokenId`) until the transaction ends. */
export const LOCK_TOKEN_EVENT_TYPE = `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`;

/** Whether the token ($1) had an event of this type ($2) in the last $3 seconds. */
export const RECENT_TOKEN_EVENT = `
  SELECT 1 FROM events WHERE token_id = $1::uuid AND type = $2
    AND created_at > now() - make_interval(secs => $3) LIMIT 1`;
