// Hostile input to the domain services: a clear refusal, and nothing stored.
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditDraft } from '../../src/domain/audit.js';
import { DomainError, ValidationError } from '../../src/domain/errors.js';
import { TenantService } from '../../src/domain/tenantService.js';
import type { Actor } from '../../src/domain/permissions.js';
import { useDomainServices } from '../support/domainServices.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';

const services = useDomainServices();
let root: Actor, nobody: Actor;
const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? `${e.code}` : String(e)),
  );

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
    const tenants = new TenantService(services.stores.tenants, {
      recordAudit: async (draft) => void written.push(draft),
    });
    expect(await code(tenants.roles(nobody))).toBe('workspace_admin_only');
    expect(written).toContainEqual(
      expect.objectContaining({
        actor: USERS.nobody,
        action: 'tenants.roles',
        outcome: 'refused',
        reason: 'workspace_admin_only',
      }),
    );
  });
});

describe('typed text', () => {
  const fieldErrors = (promise: Promise<unknown>) =>
    promise.then(
      () => 'ok',
      (e: unknown) =>
        e instanceof ValidationError ? e.errors.map((x) => `${x.field}:${x.code}`).join(',') : code(Promise.reject(e)),
    );
  const count = async () => (await services.tokens.list(root, {}, { limit: 1000 })).tokens.length;

  it('refuses names and descriptions with NUL, control, bidi-override or zero-width characters, storing nothing', async () => {
    const before = await count();
    for (const label of [
      'nul\u0000byte',
      'bell\u0007',
      'evil\u202Egnp.exe',
      'zero\u200Bwidth',
      'bom\uFEFF',
      'isolate\u2066x',
    ]) {
      expect(
        await fieldErrors(services.tokens.create(root, tokenInput('org:acme', label))),
        JSON.stringify(label),
      ).toBe('label:text_unsafe_characters');
    }
    expect(
      await fieldErrors(
        services.tokens.create(root, tokenInput('org:acme', 'Fine', { description: 'line one\nline two\u0000' })),
      ),
    ).toBe('description:text_unsafe_characters');
    expect(await count()).toBe(before);
    const { token } = await services.tokens.create(
      root,
      tokenInput('org:acme', 'Multi-line ok', { description: 'line one\n\tline two' }),
    );
    expect(token.description).toBe('line one\n\tline two');
  });

  it('compares names in NFKC, so full-width look-alikes are duplicates', async () => {
    const { token } = await services.tokens.create(root, tokenInput('org:acme', 'Ｐａｙｍｅｎｔｓ　ＡＰＩ'));
    expect(token.label).toBe('Payments API');
    expect(await code(services.tokens.create(root, tokenInput('org:acme', 'payments api')))).toBe('label_taken');
  });

  it('refuses an e-mail address longer than RFC 5321 allows', async () => {
    const long = `${'a'.repeat(64)}@${'b'.repeat(185)}.test`; // 255 characters
    expect(
      await fieldErrors(services.tokens.create(root, tokenInput('org:acme', 'Long mail', { developerEmails: long }))),
    ).toBe('developer_emails:email_invalid');
  });

  it('accepts only the offered expiry choices', async () => {
    for (const expiry of ['0d', '-1d', '1d', '9999d', '30', 'never ']) {
      expect(
        await fieldErrors(services.tokens.create(root, tokenInput('org:acme', `Expiry ${expiry}`, { expiry }))),
        expiry,
      ).toBe('expiry:expiry_invalid');
    }
    expect(
      await fieldErrors(services.tokens.create(root, tokenInput('org:acme', 'Expiry 30d', { expiry: '30d' }))),
    ).toBe('ok');
  });

  it('keeps reasons free of control characters and secrets, and searches with a NUL do not fail', async () => {
    const { token, secret } = await services.tokens.create(root, tokenInput('org:acme', 'Reasoned'));
    const disabled = await services.tokens.disable(root, token.displayId, `found\u0000 ${secret} in a log`);
    expect(disabled.statusReason).toBe('found [secret removed] in a log');
    expect(
      (await services.tokens.list(root, { words: ['Reas\u0000oned'] }, { limit: 10 })).tokens.map((t) => t.label),
    ).toEqual(['Reasoned']);
  });
});
