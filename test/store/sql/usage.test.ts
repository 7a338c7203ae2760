import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readUsage, writeUsage } from '../../../src/store/sql/usage.js';
import { createTestDatabase } from '../../support/databases.js';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: pg.Pool;
beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  pool.on('error', () => undefined); // the database's drop ends idle clients
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

/** The page (block) a token's current row version is on. */
async function pageOf(id: string): Promise<number> {
  const { rows } = await pool.query<{ page: string }>(
    `SELECT (ctid::text::point)[0]::text AS page FROM tokens WHERE id = $1`,
    [id],
  );
  return Number(rows[0]!.page);
}

describe('last-used writes', () => {
  it("are written in place on the token's page (HOT: no index entry), in a table written as full as it lets", async () => {
    await pool.query(
      `INSERT INTO organizations (id, slug, name, created_by) VALUES (gen_random_uuid(), 'pages', 'Pages', 'U0ADMIN')`,
    );
    // 500 tokens in one statement: pages are filled as far as the table lets them.
    const { rows } = await pool.query<{ id: string; page: string }>(
      `INSERT INTO tokens (id, display_id, label, organization_id, api_version, scopes, primary_contact, developer_emails, expires_at, status, created_by, updated_at)
       SELECT gen_random_uuid(), 'tok_' || lpad(g::text, 10, '0'), 'service ' || md5(g::text), (SELECT id FROM organizations WHERE slug = 'pages'),
              '2026-01', '{orders:read}', 'U0ADMIN', '{}', now() + interval '90 days', 'enabled', 'U0ADMIN', now()
       FROM generate_series(1, 500) g
       RETURNING id, (ctid::text::point)[0]::text AS page`,
    );
    // Two tokens of every page but the last (it may have room whatever the setting).
    const pages = new Map<number, string[]>();
    for (const row of rows) pages.set(Number(row.page), [...(pages.get(Number(row.page)) ?? []), row.id]);
    const lastPage = Math.max(...pages.keys());
    const used = [...pages].filter(([page]) => page !== lastPage).flatMap(([, ids]) => ids.slice(0, 2));
    expect(pages.size).toBeGreaterThan(3);

    const before = new Map(await Promise.all(used.map(async (id) => [id, await pageOf(id)] as const)));
    await writeUsage(pool, {
      lastUsed: new Map(used.map((id) => [id, new Date()])),
      counts: new Map(),
      addresses: new Map(),
    });
    const { rows: written } = await pool.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM tokens WHERE id = ANY($1::uuid[]) AND last_used_at IS NOT NULL`,
      [used],
    );
    expect(Number(written[0]!.n)).toBe(used.length);
    for (const id of used) expect(await pageOf(id)).toBe(before.get(id));
  });
});

describe('client addresses', () => {
  it('shows the last five, and one that comes back keeps when it was first seen', async () => {
    await pool.query(
      `INSERT INTO organizations (id, slug, name, created_by) VALUES (gen_random_uuid(), 'addresses', 'Addresses', 'U0ADMIN')`,
    );
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO tokens (id, display_id, label, organization_id, api_version, scopes, primary_contact, developer_emails, expires_at, status, created_by, updated_at)
       VALUES (gen_random_uuid(), 'tok_addr000001', 'addresses', (SELECT id FROM organizations WHERE slug = 'addresses'),
               '2026-01', '{orders:read}', 'U0ADMIN', '{}', now() + interval '90 days', 'enabled', 'U0ADMIN', now())
       RETURNING id`,
    );
    const id = rows[0]!.id;
    const start = Date.now() - 3_600_000;
    const seenAt = (ip: string, ms: number) =>
      writeUsage(pool, {
        lastUsed: new Map(),
        counts: new Map(),
        addresses: new Map([[id, new Map([[ip, { first: ms, last: ms }]])]]),
      });
    for (let i = 0; i < 8; i++) await seenAt(`10.0.0.${i}`, start + i * 60_000); // 10.0.0.0 first, then seven more
    const shown = await readUsage(pool, id, new Date());
    expect(shown.addresses.map((a) => a.ip)).toEqual(['10.0.0.7', '10.0.0.6', '10.0.0.5', '10.0.0.4', '10.0.0.3']);
    await seenAt('10.0.0.0', start + 30 * 60_000); // back, after it left the last five
    const back = (await readUsage(pool, id, new Date())).addresses[0]!;
    expect(back).toEqual({ ip: '10.0.0.0', firstSeen: new Date(start), lastSeen: new Date(start + 30 * 60_000) });
  });
});
