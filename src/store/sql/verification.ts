// The SQL of the verification path: the digest lookup, re-keying, batched last-used times and
// the change feed. Plain `pg` (one round trip each); the lookup is a named statement, parsed
// and planned once per pooled connection.
import type pg from 'pg';
import { allowListOf, parseRateLimit } from '../../domain/policy.js';
import type { VerifiedToken } from '../../domain/verification.js';

/** What a verification reads of a secret and its token: nothing more. */
type VerificationRow = {
  digest: string;
  secret_expires_at: Date | null;
  id: string;
  display_id: string;
  label: string;
  organization_slug: string;
  domain_name: string | null;
  api_version: string;
  scopes: string[];
  expires_at: Date | null;
  status: VerifiedToken['status'];
  allowed_ips: string[] | null;
  rate_limit: string | null;
  db_now_ms: number;
};

/** The database's clock, in ms since the epoch, as read during the statement. */
const DB_NOW_MS = '(extract(epoch FROM clock_timestamp()) * 1000)::float8 AS db_now_ms';

const LOOKUP = `SELECT s.digest, s.expires_at AS secret_expires_at, t.id, t.display_id, t.label, o.slug AS organization_slug,
    d.name AS domain_name, t.api_version, t.scopes, t.expires_at, t.status::text AS status,
    t.allowed_ips, t.rate_limit, ${DB_NOW_MS}
  FROM token_secrets s JOIN tokens t ON t.id = s.token_id JOIN organizations o ON o.id = t.organization_id
  LEFT JOIN domains d ON d.id = t.domain_id
  WHERE s.digest = ANY($1::text[]) AND s.pending_since IS NULL`; // a secret on its way to its holder does not work yet

function toVerified(row: VerificationRow): VerifiedToken {
  return {
    tokenId: row.id,
    status: row.status,
    expiresAt: row.expires_at,
    secretExpiresAt: row.secret_expires_at,
    // Stored values were validated on the way in: compiled once per cached token.
    allowList: allowListOf(row.allowed_ips),
    rateLimit: row.rate_limit ? parseRateLimit(row.rate_limit) : null,
    summary: {
      id: row.display_id,
      label: row.label,
      owner: {
        type: row.domain_name === null ? 'organization' : 'domain',
        organization: row.organization_slug,
        domain: row.domain_name,
      },
      scopes: row.scopes,
      apiVersion: row.api_version,
      expiresAt: row.expires_at?.toISOString() ?? null,
    },
  };
}

/** The secrets stored under any of `digests` (one or several verifications' worth, batched),
 *  by the digest each was found under, and the database's clock as the rows were read. */
export async function lookupSecrets(
  pool: pg.Pool,
  digests: string[],
): Promise<{ found: Map<string, VerifiedToken>; dbNowMs: number }> {
  const { rows } = await pool.query<VerificationRow>({ name: 'verification-lookup', text: LOOKUP, values: [digests] });
  return { found: new Map(rows.map((row) => [row.digest, toVerified(row)])), dbNowMs: rows[0]?.db_now_ms ?? NaN };
}

/** Stores a secret's digest under the current key instead of a previous one. */
export async function rekeySecret(pool: pg.Pool, from: string, to: string): Promise<void> {
  await pool.query('UPDATE token_secrets SET digest = $2 WHERE digest = $1', [from, to]);
}

export type FeedRow = { seq: string; xid: number; tokenId: string; displayId: string | null; digest: string | null };

/** The oldest transaction still running (every one before it has ended), and the changes
 *  written by transactions from `sinceXid` on that are visible now: both from one snapshot.
 *  And the database's clock, read during the statement. */
export async function readChanges(
  pool: pg.Pool,
  sinceXid: number,
): Promise<{ xmin: number; changes: FeedRow[]; dbNowMs: number }> {
  const { rows } = await pool.query<{
    xmin: string;
    db_now_ms: number;
    seq: string | null;
    xid: string | null;
    token_id: string | null;
    display_id: string | null;
    digest: string | null;
  }>({
    name: 'verification-feed',
    text: `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, ${DB_NOW_MS}, c.seq::text AS seq, c.xid::text AS xid, c.token_id, c.display_id, c.digest
           FROM (SELECT 1) AS one LEFT JOIN token_changes c ON c.xid >= $1 ORDER BY c.seq`,
    values: [sinceXid],
  });
  const changes: FeedRow[] = [];
  for (const row of rows)
    if (row.seq !== null)
      changes.push({
        seq: row.seq,
        xid: Number(row.xid),
        tokenId: row.token_id!,
        displayId: row.display_id,
        digest: row.digest,
      });
  return { xmin: Number(rows[0]!.xmin), changes, dbNowMs: rows[0]!.db_now_ms };
}

/** Deletes a bounded batch of feed rows older than `keepSeconds`. */
export async function pruneChanges(pool: pg.Pool, keepSeconds: number): Promise<number> {
  const result = await pool.query(
    `DELETE FROM token_changes WHERE seq IN (
       SELECT seq FROM token_changes WHERE changed_at < now() - make_interval(secs => $1) ORDER BY changed_at LIMIT 5000)`,
    [keepSeconds],
  );
  return result.rowCount ?? 0;
}
