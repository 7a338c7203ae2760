import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, pendingSchemaChange, readMigrations } from '../../src/store/migrations.js';
import { createPrisma } from '../../src/store/prisma.js';
import { dropDatabase } from '../../src/store/database.js';
import { databaseUrl } from '../support/databases.js';

const url = databaseUrl(`tokenops_test_fresh_${randomBytes(4).toString('hex')}`);
afterAll(() => dropDatabase(url));

describe('migrations through the WebAssembly schema engine', () => {
  it('creates a missing database and applies every migration once, recorded as prisma migrate deploy does', async () => {
    const migrations = await readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    expect(await migrate(url)).toEqual(migrations.map((m) => m.name));
    expect(await migrate(url)).toEqual([]);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = (
      await client.query('SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name')
    ).rows;
    await client.end();
    expect(rows.map((row) => row.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toBe(createHash('sha256').update(migrations[i]!.sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
    }
  });

  it('lets two instances migrate at once without applying anything twice', async () => {
    const other = databaseUrl(`tokenops_test_race_${randomBytes(4).toString('hex')}`);
    try {
      const [a, b] = await Promise.all([migrate(other), migrate(other)]);
      expect([...a, ...b].sort()).toEqual((await readMigrations()).map((m) => m.name));
    } finally {
      await dropDatabase(other);
    }
  });

  it('has a migration for every change to schema.prisma', async () => {
    expect(await pendingSchemaChange(url)).toBe('');
  });

  it('round-trips every model through the generated client', async () => {
    const prisma = createPrisma(url);
    try {
      const organization = await prisma.organization.create({ data: { slug: 'acme', name: 'Acme', createdBy: 'U1' } });
      const domain = await prisma.domain.create({
        data: { name: 'shop.acme.test', organizationId: organization.id, createdBy: 'U1' },
      });
      const found = await prisma.organization.findUniqueOrThrow({
        where: { slug: 'acme' },
        include: { domains: true },
      });
      expect(found).toMatchObject({
        name: 'Acme',
        createdBy: 'U1',
        domains: [{ id: domain.id, name: 'shop.acme.test' }],
      });
      expect(found.createdAt).toBeInstanceOf(Date);

      await prisma.roleGrant.create({
        data: { userId: 'U1', role: 'org_admin', organizationId: organization.id, grantedBy: 'U0' },
      });
      const token = await prisma.token.create({
        data: {
          displayId: 'tok_0123456789',
          label: 'Round trip',
          organizationId: organization.id,
          domainId: domain.id,
          apiVersion: 'v1',
          scopes: ['a:read'],
          primaryContact: 'U1',
          developerEmails: ['dev@acme.test'],
          expiresAt: new Date('2030-01-01T00:00:00Z'),
          createdBy: 'U1',
          secrets: { create: { digest: 'f'.repeat(64) } },
          revocations: {
            create: {
              displayId: 'tok_0123456789',
              requestedBy: 'U1',
              reason: 'why',
              expiresAt: new Date('2030-01-01T00:00:00Z'),
            },
          },
        },
      });
      await prisma.auditEvent.create({
        data: {
          actor: 'U1',
          action: 'token.create',
          outcome: 'ok',
          tokenId: token.id,
          displayId: token.displayId,
          changes: { label: { after: 'Round trip' } },
        },
      });
      const loaded = await prisma.token.findUniqueOrThrow({
        where: { displayId: 'tok_0123456789' },
        include: {
          secrets: true,
          revocations: true,
          domain: { include: { grants: true } },
          organization: { include: { grants: true } },
        },
      });
      expect(loaded).toMatchObject({
        scopes: ['a:read'],
        developerEmails: ['dev@acme.test'],
        status: 'enabled',
        secrets: [{ digest: 'f'.repeat(64), expiresAt: null }],
        revocations: [{ state: 'pending', reason: 'why' }],
      });
      expect(loaded.expiresAt?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
      expect(loaded.organization.grants).toMatchObject([{ userId: 'U1', role: 'org_admin' }]);
      expect(await prisma.auditEvent.findFirstOrThrow({ where: { tokenId: token.id } })).toMatchObject({
        changes: { label: { after: 'Round trip' } },
      });
    } finally {
      await prisma.$disconnect();
    }
  });
});
