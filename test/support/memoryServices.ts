// The domain services over the in-memory stores, with a clock the test moves: for domain tests
// that need no PostgreSQL behaviour (that behaviour is held to the same by test/store/conformance).
import { RevocationService } from '../../src/domain/revocations.js';
import { TenantService } from '../../src/domain/tenantService.js';
import { TokenService, type TokenServiceOptions } from '../../src/domain/tokenService.js';
import { createMemoryStores, type MemoryStores } from '../../src/store/memory/index.js';
import { testCatalog } from './catalog.js';
import { USERS } from './tenants.js';

export type MemoryServices = ReturnType<typeof memoryServices>;

export function memoryServices(options: Partial<TokenServiceOptions> & { approvalTtlHours?: number; stores?: MemoryStores; clock?: { offset: number } } = {}) {
  const clock = options.clock ?? { offset: 0 };
  const now = () => new Date(Date.now() + clock.offset);
  const stores = options.stores ?? createMemoryStores(now);
  const tokens = new TokenService({
    catalog: testCatalog,
    tokenPrefix: 'tko',
    hashSecret: 'test-token-hash-secret-0123456789abcdef',
    workspaceAdmins: [USERS.workspaceAdmin],
    now,
    ...options,
    store: stores.tokens,
  });
  return {
    tokens,
    tenants: new TenantService(stores.tenants, stores.tokens),
    revocations: new RevocationService(stores.revocations, tokens, options.approvalTtlHours ?? 72, now),
    stores,
    clock,
    /** Moves this set's clock forward. */
    advance: (ms: number) => void (clock.offset += ms),
  };
}
