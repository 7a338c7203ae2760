// The SQL of token usage (README: Governing use): a verification instance's batch written in one transaction
// (last-used times, answers per hour and code, client addresses), the compaction that keeps
// storage bounded per token, and the figures `/token show` and the Home tab read.
import type pg from 'pg';
import { USAGE_DAYS, noUsage, usageWindowStart, type TokenUsage, type UsageBatch } from '../../domain/usage.js';

/** Client addresses shown per token, and kept: more are kept than shown, so that an address that
 *  drops out of the last five and comes back keeps when it was first seen. */
const ADDRESSES_SHOWN = 5;
const ADDRESSES_KEPT = 50;
const HOURLY_DAYS = 7;
const KEEP_DAYS = 90;

/** One transaction; never moves a time backwards; rows of tokens deleted meanwhile are skipped. */
export async function writeUsage(pool: pg.Pool, batch: UsageBatch): Promise<void> {
  const used = [...batch.lastUsed];
  const counts = [...batch.counts].map(([key, n]) => [...key.split(' '), n] as const);
  const seen = [...batch.addresses].flatMap(([tokenId, addresses]) =>
    [...addresses].map(([ip, at]) => [tokenId, ip, at.first, at.last] as const),
  );
  await inTransaction(pool, async (client) => {
    if (used.length) {
      await client.query(
        `UPDATE tokens AS t SET last_used_at = v.used_at FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, used_at)
         WHERE t.id = v.id AND (t.last_used_at IS NULL OR t.last_used_at < v.used_at)`,
        [used.map(([id]) => id), used.map(([, at]) => at)],
      );
    }
    if (counts.length) {
      await client.query(
        `INSERT INTO token_usage (token_id, period_start, hours, code, count)
         SELECT v.id, to_timestamp(v.hour_ms / 1000.0), 1, v.code, v.n FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::bigint[]) AS v(id, hour_ms, code, n)
         JOIN tokens t ON t.id = v.id
         ON CONFLICT (token_id, period_start, hours, code) DO UPDATE SET count = token_usage.count + EXCLUDED.count`,
        [counts.map((c) => c[0]), counts.map((c) => c[1]), counts.map((c) => c[2]), counts.map((c) => c[3])],
      );
    }
    if (seen.length) {
      const tokenIds = seen.map((s) => s[0]);
      await client.query(
        `INSERT INTO token_client_ips (token_id, ip, first_seen, last_seen)
         SELECT v.id, v.ip, to_timestamp(v.first_ms / 1000.0), to_timestamp(v.last_ms / 1000.0)
         FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::float8[]) AS v(id, ip, first_ms, last_ms) JOIN tokens t ON t.id = v.id
         ON CONFLICT (token_id, ip) DO UPDATE SET first_seen = LEAST(token_client_ips.first_seen, EXCLUDED.first_seen), last_seen = GREATEST(token_client_ips.last_seen, EXCLUDED.last_seen)`,
        [tokenIds, seen.map((s) => s[1]), seen.map((s) => s[2]), seen.map((s) => s[3])],
      );
      await client.query(
        `DELETE FROM token_client_ips c USING (
           SELECT token_id, ip, row_number() OVER (PARTITION BY token_id ORDER BY last_seen DESC) AS n FROM token_client_ips WHERE token_id = ANY($1::uuid[])
         ) r WHERE r.n > ${ADDRESSES_KEPT} AND c.token_id = r.token_id AND c.ip = r.ip`,
        [[...new Set(tokenIds)]],
      );
    }
  });
}

/** Hours older than a week become days; days older than 90 go. One instance at a time. */
export async function compactUsage(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ locked: boolean }>(
      `SELECT pg_try_advisory_xact_lock(hashtext('tokenops:usage-compaction')) AS locked`,
    );
    if (rows[0]!.locked) {
      const cutoff = `date_trunc('day', now() - interval '${HOURLY_DAYS} days', 'UTC')`;
      await client.query(
        `WITH old AS (DELETE FROM token_usage WHERE hours = 1 AND period_start < ${cutoff} RETURNING token_id, period_start, code, count)
         INSERT INTO token_usage (token_id, period_start, hours, code, count)
         SELECT token_id, date_trunc('day', period_start, 'UTC'), 24, code, sum(count) FROM old GROUP BY 1, 2, 4
         ON CONFLICT (token_id, period_start, hours, code) DO UPDATE SET count = token_usage.count + EXCLUDED.count`,
      );
      await client.query(`DELETE FROM token_usage WHERE period_start < now() - interval '${KEEP_DAYS} days'`);
    }
  });
}

/** `work` in one transaction on a client of its own (a usage batch spans several statements). */
async function inTransaction(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await work(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Answers by code over 24 hours and 30 days, per day for 30 days, and the last addresses: two reads. */
export async function readUsage(pool: pg.Pool, tokenId: string, now: Date): Promise<TokenUsage> {
  const usage = noUsage(now);
  const firstDay = usageWindowStart(now);
  const [counts, addresses] = await Promise.all([
    pool.query<{ code: string; day: number; n: string; recent: string }>(
      `SELECT code, floor(extract(epoch FROM period_start - $2::timestamptz) / 86400)::int AS day, sum(count)::text AS n,
         coalesce(sum(count) FILTER (WHERE hours = 1 AND period_start >= $3::timestamptz), 0)::text AS recent
       FROM token_usage WHERE token_id = $1::uuid AND period_start >= $2::timestamptz GROUP BY 1, 2`,
      [tokenId, firstDay, usage.recentSince],
    ),
    pool.query<{ ip: string; first_seen: Date; last_seen: Date }>(
      `SELECT ip, first_seen, last_seen FROM token_client_ips WHERE token_id = $1::uuid ORDER BY last_seen DESC LIMIT ${ADDRESSES_SHOWN}`,
      [tokenId],
    ),
  ]);
  for (const row of counts.rows) {
    const n = Number(row.n);
    if (row.day >= 0 && row.day < USAGE_DAYS) usage.perDay[row.day]! += n;
    usage.last30d[row.code] = (usage.last30d[row.code] ?? 0) + n;
    if (Number(row.recent)) usage.last24h[row.code] = (usage.last24h[row.code] ?? 0) + Number(row.recent);
  }
  usage.addresses = addresses.rows.map((row) => ({ ip: row.ip, firstSeen: row.first_seen, lastSeen: row.last_seen }));
  return usage;
}
