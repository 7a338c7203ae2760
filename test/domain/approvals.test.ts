import { describe, expect, it } from 'vitest';
import {
  changeRule,
  eligibility,
  matchRule,
  progress,
  ruleFor,
  type ApprovalRule,
  type GroupMembers,
} from '../../src/domain/approvals.js';
import type { Actor, Owner } from '../../src/domain/permissions.js';
import { approvalRule } from '../support/approvalRules.js';

const shop: Owner = {
  type: 'domain',
  organizationId: 'o-acme',
  organizationSlug: 'acme',
  domainId: 'd-shop',
  domainName: 'shop.acme.test',
};
const acme: Owner = { type: 'organization', organizationId: 'o-acme', organizationSlug: 'acme' };
const rule = approvalRule;

const rules = [
  rule('any request'),
  rule('acme', { owners: ['org:acme'] }),
  rule('shop', { owners: ['domain:shop.acme.test'] }),
  rule('payments', { scopes: ['payments:write'], required: 2 }),
  rule('payments at shop', { owners: ['domain:shop.acme.test'], scopes: ['payments:write'], required: 2 }),
  rule('resets', { operations: ['reset'], required: 0 }),
];

describe('which rule applies', () => {
  it('takes the most specific match: scopes, then a domain, then its organization, then none', () => {
    const name = (owner: Owner, scopes: string[], operation: 'request' | 'reset' | 'revoke' = 'request') =>
      matchRule(rules, { operation, owner, scopes })?.name;
    expect(name(shop, ['payments:write'])).toBe('payments at shop');
    expect(name(acme, ['orders:read', 'payments:write'])).toBe('payments');
    expect(name(shop, ['orders:read'])).toBe('shop');
    expect(name({ ...shop, domainId: 'd-blog', domainName: 'blog.acme.test' }, ['orders:read'])).toBe('acme');
    expect(
      name({ type: 'organization', organizationId: 'o-globex', organizationSlug: 'globex' }, ['orders:read']),
    ).toBe('any request');
    expect(name(shop, ['orders:read'], 'reset')).toBe('resets');
    expect(name(shop, ['orders:read'], 'revoke')).toBeUndefined();
  });

  it('always asks someone for requests and revocations, whatever matches', () => {
    expect(ruleFor([], { operation: 'request', owner: acme, scopes: [] })).toMatchObject({
      name: 'default',
      required: 1,
      approvers: [],
    });
    expect(ruleFor([], { operation: 'revoke', owner: acme, scopes: [] })?.required).toBe(1);
    expect(ruleFor([], { operation: 'extend', owner: acme, scopes: [] })).toBeUndefined();
    expect(ruleFor([rule('lax', { required: 0 })], { operation: 'request', owner: acme, scopes: [] })?.required).toBe(
      1,
    );
    // Asked to (an extension by a contact who administers nothing): the same floor for any operation.
    const extend = { operation: 'extend' as const, owner: acme, scopes: [] };
    expect(ruleFor([], extend, true)).toMatchObject({ name: 'default', operations: ['extend'], required: 1 });
    expect(ruleFor([rule('lax', { operations: ['extend'], required: 0 })], extend, true)).toMatchObject({
      name: 'lax',
      required: 1,
    });
  });

  it('puts a change of a token through approval only where a rule with approvers matches it', () => {
    const changes = [
      ...rules,
      rule('refund revocations', { operations: ['revoke', 'extend'], scopes: ['payments:write'], required: 2 }),
    ];
    expect(changeRule(changes, 'revoke', { owner: shop, scopes: ['orders:read', 'payments:write'] })?.name).toBe(
      'refund revocations',
    );
    expect(changeRule(changes, 'extend', { owner: acme, scopes: ['payments:write'] })?.required).toBe(2);
    expect(changeRule(changes, 'revoke', { owner: shop, scopes: ['orders:read'] })).toBeUndefined(); // the approvals channel decides, as before
    expect(changeRule(changes, 'reset', { owner: shop, scopes: ['payments:write'] })).toBeUndefined(); // `resets` asks for nobody
  });
});

describe('who may approve', () => {
  const hana: Actor = { userId: 'U0HANA', grants: [{ role: 'org_admin', organizationId: 'o-acme' }] };
  const shopAdmin: Actor = {
    userId: 'U0SHOP',
    grants: [{ role: 'domain_admin', domainId: 'd-shop', organizationId: 'o-acme' }],
  };
  const dev: Actor = { userId: 'U0DEV', grants: [] };
  const sec: Actor = { userId: 'U0SEC', grants: [] };
  const none: GroupMembers = new Map();
  const request = (r: ApprovalRule, approvals: string[] = [], escalated = false) => ({
    requestedBy: 'U0DEV',
    approvals,
    owner: shop,
    rule: r,
    escalated,
  });

  it('by default the admins of the owner, never the requester, each once', () => {
    const r = rule('default');
    expect(eligibility(hana, request(r), none)).toBe('eligible');
    expect(eligibility(shopAdmin, request(r), none)).toBe('eligible');
    expect(eligibility(sec, request(r), none)).toBe('not_an_approver');
    expect(eligibility({ ...dev, grants: hana.grants }, request(r), none)).toBe('own_request');
    expect(eligibility(hana, request(r, ['U0HANA']), none)).toBe('already_approved');
  });

  it('by role, user group or user as the rule names them', () => {
    const r = rule('named', {
      approvers: [
        { kind: 'role', role: 'domain_admin' },
        { kind: 'usergroup', id: 'S0SEC' },
        { kind: 'user', id: 'U0CISO' },
      ],
    });
    expect(eligibility(hana, request(r), none)).toBe('not_an_approver'); // an org admin is not a domain admin
    expect(eligibility(shopAdmin, request(r), none)).toBe('eligible');
    expect(eligibility(sec, request(r), new Map([['S0SEC', new Set(['U0SEC'])]]))).toBe('eligible');
    expect(eligibility({ userId: 'U0CISO', grants: [] }, request(r), none)).toBe('eligible');
  });

  it('fails closed when a group could not be read, and says so', () => {
    const r = rule('group', { approvers: [{ kind: 'usergroup', id: 'S0SEC' }] });
    expect(eligibility(sec, request(r), new Map([['S0SEC', null]]))).toBe('group_unreadable');
  });

  it('adds the escalation approvers once escalated', () => {
    const r = rule('escalating', {
      approvers: [{ kind: 'user', id: 'U0HANA' }],
      escalateAfterMinutes: 60,
      escalateTo: [{ kind: 'user', id: 'U0CISO' }],
    });
    const ciso: Actor = { userId: 'U0CISO', grants: [] };
    expect(eligibility(ciso, request(r), none)).toBe('not_an_approver');
    expect(eligibility(ciso, request(r, [], true), none)).toBe('eligible');
    expect(eligibility(hana, request(r, [], true), none)).toBe('eligible');
  });

  it('counts distinct approvers other than the requester', () => {
    const r = rule('two', { required: 2 });
    expect(progress(r, ['U0HANA'], 'U0DEV')).toEqual({ count: 1, required: 2, done: false });
    expect(progress(r, ['U0HANA', 'U0HANA', 'U0DEV'], 'U0DEV')).toEqual({ count: 1, required: 2, done: false });
    expect(progress(r, ['U0HANA', 'U0SHOP'], 'U0DEV')).toEqual({ count: 2, required: 2, done: true });
  });
});
