import { describe, expect, it } from 'vitest';
import { can, visibility, type Action, type Actor, type Grant, type Owner } from '../../src/domain/permissions.js';

const acme: Owner = { type: 'organization', organizationId: 'org-acme', organizationSlug: 'acme' };
const acmeShop: Owner = {
  type: 'domain',
  organizationId: 'org-acme',
  organizationSlug: 'acme',
  domainId: 'dom-shop',
  domainName: 'shop.acme.test',
};
const acmeBlog: Owner = {
  type: 'domain',
  organizationId: 'org-acme',
  organizationSlug: 'acme',
  domainId: 'dom-blog',
  domainName: 'blog.acme.test',
};
const globex: Owner = { type: 'organization', organizationId: 'org-globex', organizationSlug: 'globex' };
const globexApi: Owner = {
  type: 'domain',
  organizationId: 'org-globex',
  organizationSlug: 'globex',
  domainId: 'dom-api',
  domainName: 'api.globex.test',
};

const roles: Record<string, Grant[]> = {
  workspace: [{ role: 'workspace_admin' }],
  acmeOrg: [{ role: 'org_admin', organizationId: 'org-acme' }],
  shopDomain: [{ role: 'domain_admin', domainId: 'dom-shop', organizationId: 'org-acme' }],
  nobody: [],
};
const actor = (role: string): Actor => ({ userId: `U-${role}`, grants: roles[role]! });

// role → owner → allowed, for every token action (view, create, change alike).
const table: Array<[string, Owner, boolean]> = [
  ['workspace', acme, true],
  ['workspace', acmeShop, true],
  ['workspace', globexApi, true],
  ['acmeOrg', acme, true],
  ['acmeOrg', acmeShop, true],
  ['acmeOrg', acmeBlog, true],
  ['acmeOrg', globex, false],
  ['acmeOrg', globexApi, false],
  ['shopDomain', acmeShop, true],
  ['shopDomain', acmeBlog, false],
  ['shopDomain', acme, false],
  ['shopDomain', globexApi, false],
  ['nobody', acme, false],
  ['nobody', acmeShop, false],
];
const tokenActions: Action[] = ['token.view', 'token.create', 'token.change'];

describe('can', () => {
  for (const [role, owner, allowed] of table) {
    for (const action of tokenActions) {
      it(`${role} ${allowed ? 'may' : 'may not'} ${action} for ${owner.type === 'domain' ? owner.domainName : owner.organizationSlug}`, () => {
        expect(can(actor(role), action, { owner })).toBe(allowed);
      });
    }
  }

  it('lets only workspace admins manage tenants and roles', () => {
    expect(Object.keys(roles).filter((role) => can(actor(role), 'tenants.manage'))).toEqual(['workspace']);
  });

  it('lets an admin of the owner decide a revocation, but never their own request', () => {
    expect(can(actor('acmeOrg'), 'revocation.decide', { owner: acmeShop, requestedBy: 'U-shopDomain' })).toBe(true);
    expect(can(actor('acmeOrg'), 'revocation.decide', { owner: acmeShop, requestedBy: 'U-acmeOrg' })).toBe(false);
    expect(can(actor('shopDomain'), 'revocation.decide', { owner: acmeBlog, requestedBy: 'U-acmeOrg' })).toBe(false);
    expect(can(actor('workspace'), 'revocation.decide', { owner: acme, requestedBy: 'U-workspace' })).toBe(false);
  });

  it('refuses token actions without an owner', () => {
    expect(can(actor('workspace'), 'token.view')).toBe(false);
  });
});

describe('visibility', () => {
  it('is everything for workspace admins, else the organizations and domains administered', () => {
    expect(visibility(actor('workspace'))).toBe('all');
    expect(visibility(actor('acmeOrg'))).toEqual({ organizationIds: ['org-acme'], domainIds: [] });
    expect(visibility(actor('shopDomain'))).toEqual({ organizationIds: [], domainIds: ['dom-shop'] });
    expect(visibility(actor('nobody'))).toEqual({ organizationIds: [], domainIds: [] });
  });
});
