// The reminder scan's SQL: due rows read from the next_reminder_at / next_review_at indexes
// (cost follows the due rows, not the table), locked and skipped by concurrent scans, and
// every token's next due time written in one statement.
export type DueRow = { id: string; expires_at: Date | null; reminder_epoch: number; status: string; next_review_at: Date | null };

const due = (column: 'next_reminder_at' | 'next_review_at') =>
  `SELECT id, expires_at, reminder_epoch, status::text, next_review_at FROM tokens
   WHERE ${column} <= $1 ORDER BY ${column} LIMIT $2 FOR UPDATE SKIP LOCKED`;

export const DUE_REMINDERS = due('next_reminder_at');
export const DUE_REVIEWS = due('next_review_at');

export const setNextDue = (column: 'next_reminder_at' | 'next_review_at') =>
  `UPDATE tokens AS t SET ${column} = v.at FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, at) WHERE t.id = v.id`;
