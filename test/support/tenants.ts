// A small tenant tree with one admin per role, for service and Slack tests.
import type { Tokenops } from '../../src/tokenops.js';

export const USERS = {
  workspaceAdmin: 'U0WSADMIN1', // in ADMIN_USER_IDS of every test app
  acmeAdmin: 'U0ACMEADM1',
  shopAdmin: 'U0SHOPADM1',
  globexAdmin: 'U0GLOBADM1',
  nobody: 'U0NOBODY01',
};

export async function seedTenants(tokenops: Pick<Tokenops, 'tokens' | 'tenants'>) {
  const root = await tokenops.tokens.actor(USERS.workspaceAdmin);
  await tokenops.tenants.createOrganization(root, 'acme', 'Acme Corp');
  await tokenops.tenants.createOrganization(root, 'globex', 'Globex');
  await tokenops.tenants.createDomain(root, 'acme', 'shop.acme.test');
  await tokenops.tenants.createDomain(root, 'acme', 'blog.acme.test');
  await tokenops.tenants.createDomain(root, 'globex', 'api.globex.test');
  await tokenops.tenants.grant(root, USERS.acmeAdmin, { role: 'org_admin', slug: 'acme' });
  await tokenops.tenants.grant(root, USERS.shopAdmin, { role: 'domain_admin', name: 'shop.acme.test' });
  await tokenops.tenants.grant(root, USERS.globexAdmin, { role: 'org_admin', slug: 'globex' });
  const actor = (userId: string) => tokenops.tokens.actor(userId);
  return { root, actor };
}

export const tokenInput = (owner: string, label: string, more: Record<string, unknown> = {}) => ({
  owner,
  label,
  scopes: ['orders:read'],
  primaryContact: USERS.acmeAdmin,
  ...more,
});
