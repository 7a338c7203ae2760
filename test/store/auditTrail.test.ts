// The audit export for a client that tails it, over PostgreSQL: an entry stamped before another but
// committed after it (its transaction still open when the other was read) is still served to a
// client resuming with the cursor it was given, and entries are stamped by the database's clock,
// not by a writing instance's that is behind. The export's lag here is 1 s (a minute in tokenops).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditDraft } from '../../src/domain/audit.js';
import { AuditTrail, type AuditCursor } from '../../src/domain/auditTrail.js';
import type { Actor } from '../../src/domain/permissions.js';
import { writeAudit } from '../../src/store/audit.js';
import { createAuditTrailStore } from '../../src/store/auditTrailStore.js';
import { createPrisma, type Db } from '../../src/store/prisma.js';
import { createTestDatabase } from '../support/databases.js';

const LAG_MS = 1_000;
const admin: Actor = { userId: 'U0WSADMIN1', grants: [{ role: 'workspace_admin' }] };
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: pg.Pool;
let db: Db;
let trail: AuditTrail;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
  pool.on('error', () => undefined);
  db = createPrisma(pool);
  trail = new AuditTrail(createAuditTrailStore(db), 400, undefined, LAG_MS);
});
afterAll(async () => {
  await db.$disconnect();
  await pool.end();
  await database.drop();
});

const draft = (slug: string): AuditDraft => ({
  actor: 'U0ACMEADM1',
  action: 'tenants.organization.create',
  outcome: 'ok',
  snapshot: { slug },
});
const slugs = (entries: Array<{ snapshot?: Record<string, unknown> }>) => entries.map((e) => e.snapshot?.slug);
const pastLag = () => new Promise((resolve) => setTimeout(resolve, LAG_MS + 100));

describe('the audit export, tailed', () => {
  it('serves an entry committed after a later-stamped one was read to the client resuming with its cursor; every page has a cursor', async () => {
    let written!: () => void;
    const inserted = new Promise<void>((resolve) => (written = resolve));
    let commit!: () => void;
    const held = new Promise<void>((resolve) => (commit = resolve));
    const late = db.$transaction(async (tx) => {
      await writeAudit(tx, [draft('late')]);
      written();
      await held; // open while the entries after it are written and read
    });
    await inserted;
    await writeAudit(db, [draft('after 1')]);
    await writeAudit(db, [draft('after 2')]);
    const first = await trail.page(admin, { limit: 1 });
    commit();
    await late;
    await pastLag();
    const served = slugs(first.entries);
    let cursor: AuditCursor | undefined = first.next;
    for (let more = true; more;) {
      expect(cursor).toBeDefined();
      const page = await trail.page(admin, { after: cursor, limit: 1 });
      served.push(...slugs(page.entries));
      more = page.entries.length === 1;
      cursor = page.next;
    }
    expect(served).toEqual(['late', 'after 1', 'after 2']);
    expect(cursor).toBeDefined(); // caught up: where to poll from
    await writeAudit(db, [draft('polled')]);
    await pastLag();
    expect(slugs((await trail.page(admin, { after: cursor, limit: 10 })).entries)).toEqual(['polled']);
    // A range read to its end has nothing to poll for.
    expect((await trail.page(admin, { until: new Date(Date.now() - 60_000), limit: 10 })).next).toBeUndefined();
  });

  it('stamps entries by the database’s clock, not a writing instance’s that is behind', async () => {
    const behind = vi.spyOn(Date, 'now').mockReturnValue(Date.now() - 600_000);
    try {
      await writeAudit(db, [draft('slow clock')]);
    } finally {
      behind.mockRestore();
    }
    const [row] = await db.$queryRaw<Array<{ behind_ms: number }>>`
      SELECT (EXTRACT(EPOCH FROM clock_timestamp() - created_at) * 1000)::float8 AS behind_ms
      FROM audit_events WHERE snapshot->>'slug' = 'slow clock'`;
    expect(row!.behind_ms).toBeLessThan(5_000);
  });
});
