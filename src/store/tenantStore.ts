// TenantStore over PostgreSQL (Prisma). Each change writes its audit entry in its transaction.
import { DomainError } from '../domain/errors.js';
import { writeAudit } from './audit.js';
import type { GrantRecord, GrantTarget, TenantStore } from '../domain/ports.js';
import type { Owner } from '../domain/permissions.js';
import type { Db } from './prisma.js';

import { isUniqueViolation } from './tokenStore.js';

export function createTenantStore(db: Db): TenantStore {
  /** The ids a grant target names; organization_not_found / owner_not_found when missing. */
  async function resolve(target: GrantTarget) {
    if (target.role === 'workspace_admin') return { role: target.role, organizationId: null, domainId: null };
    if (target.role === 'org_admin') {
      const org = await db.organization.findUnique({ where: { slug: target.slug } });
      if (!org) throw new DomainError('organization_not_found', undefined, { slug: target.slug });
      return { role: target.role, organizationId: org.id, domainId: null };
    }
    const domain = await db.domain.findUnique({ where: { name: target.name } });
    if (!domain) throw new DomainError('owner_not_found', undefined, { domain: target.name });
    return { role: target.role, organizationId: null, domainId: domain.id };
  }

  return {
    async createOrganization(slug, name, audit) {
      try {
        return await db.$transaction(async (tx) => {
          const org = await tx.organization.create({ data: { slug, name, createdBy: audit.actor } });
          await writeAudit(tx, [audit]);
          return { id: org.id, slug: org.slug, name: org.name };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new DomainError('organization_exists', undefined, { slug });
        throw error;
      }
    },

    async createDomain(organizationSlug, name, audit) {
      const org = await db.organization.findUnique({ where: { slug: organizationSlug } });
      if (!org) throw new DomainError('organization_not_found', undefined, { slug: organizationSlug });
      try {
        return await db.$transaction(async (tx) => {
          const domain = await tx.domain.create({ data: { name, organizationId: org.id, createdBy: audit.actor } });
          await writeAudit(tx, [audit]);
          return { id: domain.id, name: domain.name, organizationId: org.id, organizationSlug: org.slug };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new DomainError('domain_exists', undefined, { domain: name });
        throw error;
      }
    },

    async grant(userId, target, audit) {
      const ids = await resolve(target);
      await db.$transaction(async (tx) => {
        // Granting a role the user already holds changes nothing (and is still audited as asked).
        await tx.roleGrant.createMany({ data: [{ userId, ...ids, grantedBy: audit.actor }], skipDuplicates: true });
        await writeAudit(tx, [audit]);
      });
    },

    async ungrant(userId, target, audit) {
      const ids = await resolve(target);
      return db.$transaction(async (tx) => {
        const { count } = await tx.roleGrant.deleteMany({ where: { userId, ...ids } });
        if (count) await writeAudit(tx, [audit]);
        return count > 0;
      });
    },

    async listOwners() {
      const orgs = await db.organization.findMany({
        include: { domains: { orderBy: { name: 'asc' } } },
        orderBy: { slug: 'asc' },
      });
      return [
        ...orgs.map((org): Owner => ({ type: 'organization', organizationId: org.id, organizationSlug: org.slug })),
        ...orgs.flatMap((org) =>
          org.domains.map((domain): Owner => ({
            type: 'domain',
            organizationId: org.id,
            organizationSlug: org.slug,
            domainId: domain.id,
            domainName: domain.name,
          })),
        ),
      ];
    },

    async listGrants(userId) {
      const rows = await db.roleGrant.findMany({
        where: userId ? { userId } : {},
        include: { organization: true, domain: { include: { organization: true } } },
        orderBy: [{ userId: 'asc' }, { createdAt: 'asc' }],
      });
      return rows.map((row): GrantRecord => {
        const base = { userId: row.userId, grantedBy: row.grantedBy, createdAt: row.createdAt };
        if (row.role === 'org_admin')
          return {
            ...base,
            grant: { role: 'org_admin', organizationId: row.organizationId! },
            target: row.organization!.slug,
          };
        if (row.role === 'domain_admin') {
          return {
            ...base,
            grant: { role: 'domain_admin', domainId: row.domainId!, organizationId: row.domain!.organizationId },
            target: row.domain!.name,
          };
        }
        return { ...base, grant: { role: 'workspace_admin' } };
      });
    },
  };
}
