// The reminder scan's SQL: due rows read from the next_reminder_at / next_review_at indexes
// (cost follows the due rows, not the table), locked and skipped by concurrent scans, and
// every token's next due time written in one statement; then the outbox of deliveries.
import { TOKEN_SELECT, type TokenRow } from './tokens.js';

/** Tokens by id, with their reminder epoch (the digest checks a notice is still current). */
export const TOKENS_WITH_EPOCH = `${TOKEN_SELECT.replace('SELECT', 'SELECT t.reminder_epoch,')} WHERE t.id = ANY($1::uuid[])`;
export type EpochTokenRow = TokenRow & { reminder_epoch: number };
/** A user's live tokens as their primary contact (an orphaned contact's notice). */
export const LIVE_TOKENS_WITH_CONTACT = `${TOKEN_SELECT} WHERE t.primary_contact = $1 AND t.status <> 'revoked' LIMIT 1000`;

export type DueRow = {
  id: string;
  expires_at: Date | null;
  reminder_epoch: number;
  status: string;
  next_review_at: Date | null;
  primary_contact: string;
  created_by: string;
  developer_emails: string[];
};

const due = (column: 'next_reminder_at' | 'next_review_at') =>
  `SELECT id, expires_at, reminder_epoch, status::text, next_review_at, primary_contact, created_by, developer_emails FROM tokens
   WHERE ${column} <= $1 ORDER BY ${column} LIMIT $2 FOR UPDATE SKIP LOCKED`;

export const DUE_REMINDERS = due('next_reminder_at');
export const DUE_REVIEWS = due('next_review_at');

export const setNextDue = (column: 'next_reminder_at' | 'next_review_at') =>
  `UPDATE tokens AS t SET ${column} = v.at FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, at) WHERE t.id = v.id`;

/** Enabled, unexpired tokens unused since $2 and not kept (or listed) past $1, locked like due
 *  reminders; `epoch` numbers the token's listings, so each one is a new delivery. Reads the
 *  whole tokens table (a weekly question, asked by each scan) in table order, one sequential
 *  read (~0.6 s at 1,000,000 tokens): in id order it walked the primary key, 4 s with none found.
 *  (No index on last_used_at for it: every usage write moves that column.) */
export const STALE_TOKENS = `SELECT t.id, t.organization_id, t.domain_id,
    (SELECT coalesce(max(n.epoch) + 1, 0) FROM notifications n WHERE n.token_id = t.id AND n.kind = 'stale')::int AS epoch
  FROM tokens t
  WHERE t.status = 'enabled' AND (t.expires_at IS NULL OR t.expires_at > $1) AND coalesce(t.last_used_at, t.created_at) <= $2
    AND (t.stale_kept_until IS NULL OR t.stale_kept_until <= $1)
  LIMIT $3 FOR UPDATE OF t SKIP LOCKED`;
export type StaleRow = { id: string; organization_id: string; domain_id: string | null; epoch: number };

export const SET_STALE_KEPT = `UPDATE tokens SET stale_kept_until = $2 WHERE id = ANY($1::uuid[])`;

/** Verifications refused by the token's policy (its address, scopes or rate) since $2, per token
 *  of $1: the codes that mean a caller holds the live secret. Not DISABLED or EXPIRED (the token's
 *  own state, earlier in the window), nor NOT_FOUND (a secret a reset replaced). As text: a busy
 *  token's sum can pass an int. The usage table's key leads with the token. */
export const REFUSED_SINCE = `SELECT token_id::text AS token_id, sum(count)::text AS n FROM token_usage
  WHERE token_id = ANY($1::uuid[]) AND period_start >= $2 AND code IN ('FORBIDDEN', 'INSUFFICIENT_SCOPE', 'RATE_LIMITED')
  GROUP BY token_id`;

/** Queues deliveries; one that exists already (a repeated scan) stays as it is. */
export const QUEUE_DELIVERIES = `INSERT INTO notifications (id, token_id, kind, epoch, threshold, recipient, state)
  SELECT gen_random_uuid(), v.token_id, v.kind::"NotificationKind", v.epoch, v.threshold, v.recipient, 'queued'
  FROM unnest($1::uuid[], $2::text[], $3::int[], $4::int[], $5::text[]) AS v(token_id, kind, epoch, threshold, recipient)
  ON CONFLICT (token_id, kind, epoch, threshold, recipient) DO NOTHING`;

const DIGESTED = `kind IN ('expiry', 'review', 'stale')`;

export const WAITING_RECIPIENTS = `SELECT DISTINCT recipient FROM notifications WHERE state IN ('queued', 'sending') AND ${DIGESTED}`;

type NoticeRow = {
  token_id: string;
  kind: 'expiry' | 'review' | 'stale';
  epoch: number;
  threshold: number;
  digest: string;
};
export type { NoticeRow };

/** The digests that carried token $1's reminders of kind $2 to Slack users (e-mail recipients hold
 *  an @), sent in the last 90 days, newest first; an orphaned contact's notice, sent alone, logs
 *  its own key; a null digest: sent by a release before digests, or before that key was logged. */
export const SENT_COPIES = `SELECT recipient, digest FROM notifications
  WHERE token_id = $1 AND kind::text = $2 AND state = 'sent'
    AND created_at > now() - interval '90 days' AND position('@' in recipient) = 0
  GROUP BY recipient, digest ORDER BY max(created_at) DESC LIMIT 500`;

/** The epoch of a token's latest notices of a deactivated contact, kept when one of them was about
 *  $2's contact (its key starts so), else the next; none: no row. Read off the unique index. */
export const ORPHAN_EPOCH = `SELECT (CASE WHEN bool_or(starts_with(digest, $2)) THEN epoch ELSE epoch + 1 END)::int AS epoch
  FROM notifications WHERE token_id = $1 AND kind = 'orphaned_contact'
  GROUP BY epoch ORDER BY epoch DESC LIMIT 1`;

/** What a dead attempt left mid-send for this recipient (one digest at most: jobs are one per recipient). */
export const SENDING = `SELECT token_id, kind::text, epoch, threshold, digest FROM notifications
  WHERE recipient = $1 AND state = 'sending' AND ${DIGESTED} ORDER BY digest LIMIT $2`;

/** Takes up to $3 queued deliveries, oldest first, under the digest key $2. */
export const TAKE_QUEUED = `UPDATE notifications SET state = 'sending', digest = $2 WHERE id IN (
    SELECT id FROM notifications WHERE recipient = $1 AND state = 'queued' AND ${DIGESTED}
    ORDER BY created_at, threshold, token_id LIMIT $3 FOR UPDATE SKIP LOCKED)
  RETURNING token_id, kind::text, epoch, threshold, digest`;

export const SETTLE = `UPDATE notifications AS n SET state = $6, error = $7, digest = CASE WHEN $6 = 'queued' THEN NULL ELSE n.digest END
  FROM unnest($2::uuid[], $3::text[], $4::int[], $5::int[]) AS v(token_id, kind, epoch, threshold)
  WHERE n.recipient = $1 AND n.token_id = v.token_id AND n.kind::text = v.kind AND n.epoch = v.epoch AND n.threshold = v.threshold`;
