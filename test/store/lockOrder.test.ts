// One lock order everywhere (the token row, then its revocation requests): a delete racing an
// approval must never deadlock, whichever wins.
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import type { Actor } from '../../src/domain/permissions.js';
import { useTestApp } from '../support/testApp.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';

const app = useTestApp();
let root: Actor, shopAdmin: Actor, acmeAdmin: Actor;

beforeAll(async () => {
  const seeded = await seedTenants(app.tokenops);
  root = seeded.root;
  [shopAdmin, acmeAdmin] = (await Promise.all([USERS.shopAdmin, USERS.acmeAdmin].map(seeded.actor))) as [Actor, Actor];
});

describe('lock order', () => {
  it('lets a delete race an approval many times without a deadlock', async () => {
    const failures: unknown[] = [];
    for (let i = 0; i < 20; i++) {
      const { token } = await app.tokenops.tokens.create(root, tokenInput('domain:shop.acme.test', `Race ${i}`));
      const { request } = await app.tokenops.revocations.request(shopAdmin, token.displayId, 'race');
      const results = await Promise.allSettled([
        app.tokenops.tokens.delete(root, token.displayId),
        app.tokenops.revocations.decide(acmeAdmin, request.id, 'approved'),
      ]);
      for (const result of results)
        if (result.status === 'rejected' && !(result.reason instanceof DomainError)) failures.push(result.reason);
      const after = await app.tokenops.revocations.find(request.id);
      expect(after?.request.state).not.toBe('pending');
    }
    expect(failures.map(String)).toEqual([]);
  }, 60_000);
});
