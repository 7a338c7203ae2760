import { afterAll } from 'vitest';
import pg from 'pg';
import { createPrisma } from '../../../src/store/prisma.js';
import { createRevocationStore } from '../../../src/store/revocationStore.js';
import { createTenantStore } from '../../../src/store/tenantStore.js';
import { createTokenStore } from '../../../src/store/tokenStore.js';
import { createTestDatabase } from '../../support/databases.js';
import { storeConformance } from './stores.js';

const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

storeConformance('PostgreSQL', async () => {
  const database = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const db = createPrisma(pool);
  cleanup.push(database.drop, async () => {
    await db.$disconnect();
    await pool.end();
  });
  return { tokens: createTokenStore(db, pool), tenants: createTenantStore(db), revocations: createRevocationStore(db) };
});
