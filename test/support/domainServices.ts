// The domain services over the PostgreSQL adapters of a database of the test file's own, with a
// clock the test moves: for domain tests that need no Slack, Redis or HTTP.
import { afterAll, beforeAll } from 'vitest';
import pg from 'pg';
import { ChangeRequests } from '../../src/domain/changeRequests.js';
import type { ApprovalStore, LeakLedger, RevocationStore, TenantStore, TokenStore } from '../../src/domain/ports.js';
import { RequestService } from '../../src/domain/requests.js';
import { RevocationService } from '../../src/domain/revocations.js';
import { TenantService } from '../../src/domain/tenantService.js';
import { TokenService, type TokenServiceOptions } from '../../src/domain/tokenService.js';
import { createApprovalStore } from '../../src/store/approvalStore.js';
import { createLeakStore } from '../../src/store/leakStore.js';
import { createPrisma } from '../../src/store/prisma.js';
import { createRevocationStore } from '../../src/store/revocationStore.js';
import { createTenantStore } from '../../src/store/tenantStore.js';
import { createTokenStore } from '../../src/store/tokenStore.js';
import { testCatalog } from './catalog.js';
import { createTestDatabase } from './databases.js';
import { USERS } from './tenants.js';

export type Stores = {
  tokens: TokenStore;
  tenants: TenantStore;
  revocations: RevocationStore;
  leaks: LeakLedger;
  approvals: ApprovalStore;
  /** The database itself, for what a test must read or set beneath the stores. */
  pool: pg.Pool;
};
type Options = Partial<TokenServiceOptions> & { approvalTtlHours?: number };
type Clock = { offset: number };
export type DomainServices = ReturnType<typeof domainServices>;

/** The token, tenant, revocation, leak and approval stores over a new database, opened before the file's tests and dropped after. */
export function useStores(): () => Stores {
  let stores: Stores | undefined;
  const cleanup: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    const database = await createTestDatabase();
    const pool = new pg.Pool({ connectionString: database.url, max: 4 });
    // pool.end() resolves while its clients are still closing; the drop that follows then
    // terminates them, and a pool with no 'error' listener would throw that out of the file.
    pool.on('error', () => undefined);
    const db = createPrisma(pool);
    cleanup.push(database.drop, async () => {
      await db.$disconnect();
      await pool.end();
    });
    stores = {
      tokens: createTokenStore(db, pool),
      tenants: createTenantStore(db),
      revocations: createRevocationStore(db),
      leaks: createLeakStore(db),
      approvals: createApprovalStore(db),
      pool,
    };
  });
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });
  return () => stores!;
}

/** Domain services over their own database, ready once the file's `beforeAll` hooks have run. */
export function useDomainServices(options: Options = {}): DomainServices {
  const stores = useStores();
  const services = {} as DomainServices;
  beforeAll(() => void Object.assign(services, domainServices(stores(), options)));
  return services;
}

/** The services over `stores`; pass another set's clock to share its time. */
export function domainServices(stores: Stores, options: Options = {}, clock: Clock = { offset: 0 }) {
  const now = () => new Date(Date.now() + clock.offset);
  const tokens = new TokenService({
    catalog: testCatalog,
    tokenPrefix: 'tko',
    hashSecret: 'test-token-hash-secret-0123456789abcdef',
    workspaceAdmins: [USERS.workspaceAdmin],
    now,
    ...options,
    store: stores.tokens,
  });
  const [catalog, ttlHours] = [options.catalog ?? testCatalog, options.approvalTtlHours ?? 72];
  const changes = new ChangeRequests({
    store: stores.approvals,
    tokens,
    findToken: (displayId) => stores.tokens.getToken(displayId),
    catalog,
    ttlHours,
    now,
  });
  return {
    tokens,
    tenants: new TenantService(stores.tenants, stores.tokens),
    revocations: new RevocationService(stores.revocations, tokens, ttlHours, now),
    /** Changes an approval policy covers, and the engine that decides them (token requests too). */
    changes,
    requests: new RequestService({ store: stores.approvals, tokens, changes, catalog, ttlHours, now }),
    stores,
    clock,
    /** Moves this set's clock forward. */
    advance: (ms: number) => void (clock.offset += ms),
  };
}
