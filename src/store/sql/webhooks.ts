// Webhook deliveries' SQL: the relay's lock and batch, each endpoint+token line's head, one
// statement to mark a delivery delivered and queue the next of its line, and the purge.
export type HeadRow = { id: string };
export type EventRow = {
  seq: bigint;
  type: string;
  token_id: string | null;
  token_seq: number | null;
  endpoint_id: string | null;
};
export type LoadRow = {
  id: string;
  state: string;
  attempts: number;
  endpoint_id: string;
  order_key: string;
  url: string;
  disabled: boolean;
  secret: string;
  previous_secret: string | null;
  created_by: string;
  body: string;
};

/** Delivered, failed or cancelled deliveries are kept this long (`/token webhook list` counts
 *  the failed ones); relayed events as long as a delivery may still need them, and a day more. */
const KEEP_DONE_DAYS = 30;
const KEEP_EVENTS_DAYS = 3;

/** The endpoint's current secret, its row locked (a rotation keeps it as the previous one). */
export const LOCK_ENDPOINT_SECRET = `SELECT secret FROM webhook_endpoints WHERE id = $1 FOR UPDATE`;

/** One relay at a time: the transaction-scoped advisory lock (a constant no other lock uses). */
export const TRY_RELAY_LOCK = `SELECT pg_try_advisory_xact_lock(7202612040::bigint) AS locked`;

/** Outbox events not relayed yet, in the outbox's order; $1: how many. */
export const UNRELAYED_EVENTS = `
  SELECT seq, type, token_id::text, token_seq, endpoint_id FROM events WHERE relayed_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`;

/** Pending deliveries with none of their line before them: never queued, or whose job is long
 *  overdue (lost with Redis, say; a job still there is not queued twice: its id is the delivery's). */
export const HEADS = `
  SELECT d.id FROM webhook_deliveries d
  WHERE d.state = 'pending' AND (d.queued_at IS NULL OR d.next_attempt_at < now() - interval '10 minutes')
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.state = 'pending' AND e.endpoint_id = d.endpoint_id
      AND e.order_key = d.order_key AND e.order_seq < d.order_seq)
  ORDER BY d.created_at LIMIT $1`;

/** Marks a delivery delivered and the next of its line queued, in one statement (the subquery
 *  reads the snapshot before the update: the delivered row is left out by its id). */
export const DELIVERED_TAKE_NEXT = `
  WITH done AS (
    UPDATE webhook_deliveries SET state = 'delivered', attempts = $2, last_status = $3, last_error = NULL, delivered_at = now()
    WHERE id = $1 AND state = 'pending' RETURNING endpoint_id, order_key)
  UPDATE webhook_deliveries SET queued_at = now(), next_attempt_at = now() + make_interval(secs => $4::float8 / 1000)
  WHERE id = (SELECT d.id FROM webhook_deliveries d, done WHERE d.state = 'pending' AND d.endpoint_id = done.endpoint_id
    AND d.order_key = done.order_key AND d.id <> $1 ORDER BY d.order_seq LIMIT 1)
  RETURNING id`;

export const NEXT_IN_LINE = `
  UPDATE webhook_deliveries SET queued_at = now(), next_attempt_at = now() + make_interval(secs => $3::float8 / 1000)
  WHERE id = (SELECT id FROM webhook_deliveries WHERE state = 'pending' AND endpoint_id = $1 AND order_key = $2 ORDER BY order_seq LIMIT 1)
  RETURNING id`;

export const LOAD = `
  SELECT d.id, d.state, d.attempts, d.endpoint_id, d.order_key, e.url, e.disabled_at IS NOT NULL AS disabled, e.secret,
    CASE WHEN e.previous_until > now() THEN e.previous_secret END AS previous_secret, e.created_by, v.body
  FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id JOIN events v ON v.seq = d.event_seq
  WHERE d.id = $1`;

export const PURGE_DELIVERIES = `DELETE FROM webhook_deliveries WHERE state <> 'pending' AND created_at < now() - interval '${KEEP_DONE_DAYS} days'`;
export const PURGE_EVENTS = `DELETE FROM events v WHERE v.relayed_at < now() - interval '${KEEP_EVENTS_DAYS} days'
  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_seq = v.seq AND d.state = 'pending')`;
