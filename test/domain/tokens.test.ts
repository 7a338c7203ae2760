import { describe, expect, it } from 'vitest';
import { DomainError, ValidationError } from '../../src/domain/errors.js';
import type { Owner } from '../../src/domain/permissions.js';
import {
  copyLabel,
  effectiveStatus,
  parseEmails,
  resolveExpiry,
  sameLifetime,
  validateFields,
  validateVersion,
} from '../../src/domain/tokens.js';
import { testCatalog as catalog } from '../support/catalog.js';

const now = new Date('2026-11-23T12:00:00Z');
const acme: Owner = { type: 'organization', organizationId: 'o1', organizationSlug: 'acme' };
const internal: Owner = { type: 'organization', organizationId: 'o2', organizationSlug: 'internal' };
const codes = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.errors.map((e) => [e.code, e.field]);
    if (error instanceof DomainError) return [[error.code, error.field]];
    throw error;
  }
  return [];
};

describe('effectiveStatus', () => {
  it('derives expired from the expiry, with revoked winning', () => {
    const past = new Date(now.getTime() - 1);
    expect(effectiveStatus({ status: 'enabled', expiresAt: null }, now)).toBe('enabled');
    expect(effectiveStatus({ status: 'enabled', expiresAt: past }, now)).toBe('expired');
    expect(effectiveStatus({ status: 'disabled', expiresAt: past }, now)).toBe('expired');
    expect(effectiveStatus({ status: 'disabled', expiresAt: null }, now)).toBe('disabled');
    expect(effectiveStatus({ status: 'revoked', expiresAt: past }, now)).toBe('revoked');
    expect(effectiveStatus({ status: 'enabled', expiresAt: now }, now)).toBe('expired');
  });
});

describe('validateFields', () => {
  it('normalizes valid input', () => {
    expect(
      validateFields(
        {
          label: '  Shop   backend ',
          description: ' x ',
          primaryContact: 'U0ALICE',
          developerEmails: 'A@x.test, b@x.test\na@x.test',
          scopes: ['orders:read', 'orders:read'],
        },
        catalog,
      ),
    ).toEqual({
      label: 'Shop backend',
      description: 'x',
      primaryContact: 'U0ALICE',
      developerEmails: ['a@x.test', 'b@x.test'],
      scopes: ['orders:read'],
    });
  });

  it('reports every problem at once, each on its field', () => {
    expect(
      codes(() =>
        validateFields(
          { label: ' ', description: 'd'.repeat(501), primaryContact: '', developerEmails: 'not-an-email', scopes: [] },
          catalog,
        ),
      ),
    ).toEqual([
      ['label_required', 'label'],
      ['description_too_long', 'description'],
      ['contact_required', 'primary_contact'],
      ['email_invalid', 'developer_emails'],
      ['scopes_required', 'scopes'],
    ]);
  });

  it('refuses long labels, unknown scopes and more than 10 e-mails', () => {
    const emails = Array.from({ length: 11 }, (_, i) => `dev${i}@x.test`).join(' ');
    expect(
      codes(() =>
        validateFields({ label: 'x'.repeat(65), scopes: ['orders:delete'], developerEmails: emails }, catalog),
      ),
    ).toEqual([
      ['label_too_long', 'label'],
      ['too_many_emails', 'developer_emails'],
      ['scope_unknown', 'scopes'],
    ]);
    expect(validateFields({ label: 'x'.repeat(64) }, catalog).label).toHaveLength(64);
  });

  it('parses e-mails separated by commas, spaces, new lines', () => {
    expect(parseEmails('a@x.test,b@x.test c@x.test\n\nd@x.test;')).toEqual([
      'a@x.test',
      'b@x.test',
      'c@x.test',
      'd@x.test',
    ]);
  });
});

describe('validateVersion', () => {
  it('defaults to the latest and refuses unknown versions', () => {
    expect(validateVersion(undefined, catalog)).toBe('2026-01');
    expect(validateVersion('2025-01', catalog)).toBe('2025-01');
    expect(codes(() => validateVersion('v9', catalog))).toEqual([['version_unknown', 'api_version']]);
  });
});

describe('resolveExpiry', () => {
  it('applies presets, the default of 90 days, and dates valid through their whole day', () => {
    expect(resolveExpiry({ expiry: '30d' }, acme, catalog, now)?.toISOString()).toBe('2026-12-23T12:00:00.000Z');
    expect(resolveExpiry({}, acme, catalog, now)?.toISOString()).toBe('2027-02-21T12:00:00.000Z');
    expect(resolveExpiry({ expiry: '7d', expiryDate: '2027-01-15' }, acme, catalog, now)?.toISOString()).toBe(
      '2027-01-16T00:00:00.000Z',
    );
  });

  it('allows "never" only where the policy does', () => {
    expect(resolveExpiry({ expiry: 'never' }, internal, catalog, now)).toBeNull();
    expect(codes(() => resolveExpiry({ expiry: 'never' }, acme, catalog, now))).toEqual([
      ['never_not_allowed', 'expiry'],
    ]);
  });

  it('refuses past, impossible and too distant dates', () => {
    expect(codes(() => resolveExpiry({ expiryDate: '2026-11-22' }, acme, catalog, now))).toEqual([
      ['expiry_in_past', 'expiry_date'],
    ]);
    expect(codes(() => resolveExpiry({ expiryDate: '2027-02-30' }, acme, catalog, now))).toEqual([
      ['expiry_invalid', 'expiry_date'],
    ]);
    expect(codes(() => resolveExpiry({ expiryDate: '2028-01-01' }, acme, catalog, now))).toEqual([
      ['expiry_beyond_policy', 'expiry_date'],
    ]);
    const strict = { ...catalog, expiry: { ...catalog.expiry, maxDays: 60 } };
    expect(codes(() => resolveExpiry({ expiry: '90d' }, acme, strict, now))).toEqual([
      ['expiry_beyond_policy', 'expiry'],
    ]);
    expect(codes(() => resolveExpiry({ expiry: 'soon' }, acme, catalog, now))).toEqual([['expiry_invalid', 'expiry']]);
  });
});

describe('duplicates', () => {
  it('keep the lifetime within policy and get a distinct label', () => {
    const createdAt = new Date('2026-01-01T00:00:00Z');
    const expiresAt = new Date('2026-01-31T00:00:00Z');
    expect(sameLifetime({ createdAt, expiresAt, owner: acme }, catalog, now)?.toISOString()).toBe(
      '2026-12-23T12:00:00.000Z',
    );
    expect(sameLifetime({ createdAt, expiresAt: null, owner: acme }, catalog, now)?.toISOString()).toBe(
      '2027-02-21T12:00:00.000Z',
    );
    expect(sameLifetime({ createdAt, expiresAt: null, owner: internal }, catalog, now)).toBeNull();
    expect(copyLabel('Shop', 1)).toBe('Shop (copy)');
    expect(copyLabel('x'.repeat(64), 3)).toHaveLength(64);
    expect(copyLabel('x'.repeat(64), 3).endsWith(' (copy 3)')).toBe(true);
  });
});
