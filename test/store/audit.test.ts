// The audit trail on PostgreSQL, which refuses half of a surrogate pair in JSON: typed text that
// reaches an audit entry never turns a refusal or a change into "something went wrong".
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import type { Actor } from '../../src/domain/permissions.js';
import { sql } from '../support/databases.js';
import { useTestApp } from '../support/testApp.js';
import { seedTenants, tokenInput } from '../support/tenants.js';
import { survivesUtf8 } from '../support/utf16.js';

const app = useTestApp();
let root: Actor;
beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
});

describe('audit entries holding typed text', () => {
  it('record a refused value with half of a surrogate pair, and the refusal stays a refusal', async () => {
    const refused = await app.tokenops.tenants
      .createOrganization(root, 'bad\uD800slug')
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('invalid_slug');
    const [row] = await sql(
      app.databaseUrl,
      `SELECT snapshot->>'slug' AS slug FROM audit_events WHERE action = 'tenants.organization.create' AND outcome = 'refused'`,
    );
    expect(row.slug).toBe('bad\uFFFDslug');
  });

  it('duplicate a token whose name has an emoji where the copy’s name is cut, without cutting it in half', async () => {
    const label = `${'x'.repeat(56)}😀${'y'.repeat(6)}`; // 64 UTF-16 units; " (copy)" leaves room for 57, the emoji's first half
    const { token } = await app.tokenops.tokens.create(root, tokenInput('org:acme', label));
    const { token: copy } = await app.tokenops.tokens.duplicate(root, token.displayId);
    expect(copy.label).toBe(`${'x'.repeat(56)} (copy)`);
    expect(survivesUtf8(copy.label)).toBe(true);
  });
});
