// Hostile input to the domain services: a clear refusal, and nothing stored.
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditDraft } from '../../src/domain/audit.js';
import { DomainError } from '../../src/domain/errors.js';
import { TenantService } from '../../src/domain/tenantService.js';
import type { Actor } from '../../src/domain/permissions.js';
import { memoryServices } from '../support/memoryServices.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';

const services = memoryServices();
let root: Actor, nobody: Actor;
const code = (promise: Promise<unknown>) => promise.then(() => 'ok', (e: unknown) => (e instanceof DomainError ? `${e.code}` : String(e)));

beforeAll(async () => {
  const seeded = await seedTenants(services);
  root = seeded.root;
  nobody = await seeded.actor(USERS.nobody);
});

describe('grace periods', () => {
  it('are only the offered ones: prototype keys are refused and nothing changes', async () => {
    const { token } = await services.tokens.create(root, tokenInput('org:acme', 'Grace'));
    for (const grace of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(await code(services.tokens.reset(root, token.displayId, grace as never))).toBe('grace_invalid');
    }
    expect((await services.tokens.audit(root, token.displayId)).map((e) => e.action)).toEqual(['token.create']);
  });
});

describe('refusals', () => {
  it('audits a look at the roles by someone who may not', async () => {
    const written: AuditDraft[] = [];
    const tenants = new TenantService(services.stores.tenants, { recordAudit: async (draft) => void written.push(draft) });
    expect(await code(tenants.roles(nobody))).toBe('workspace_admin_only');
    expect(written).toContainEqual(expect.objectContaining({ actor: USERS.nobody, action: 'tenants.roles', outcome: 'refused', reason: 'workspace_admin_only' }));
  });
});
