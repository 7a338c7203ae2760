// ApiKeyStore over PostgreSQL (Prisma): management keys, by digest, with their audit entries
// written in the transaction of each change.
import type { ManagementKey } from '../generated/prisma/client.js';
import { DomainError } from '../domain/errors.js';
import type { ApiKey, ApiKeyStore, KeyScope } from '../domain/apiKeys.js';
import type { OwnerRef } from '../domain/ports.js';
import type { Owner } from '../domain/permissions.js';
import { writeAudit } from './audit.js';
import type { Db } from './prisma.js';
import { DUE_KEY_REMINDERS, LOCK_DELIVERED_KEY, LOCK_DELIVERED_KEY_BY_DIGEST } from './sql/apiKeys.js';

export function createApiKeyStore(db: Db, findOwner: (ref: OwnerRef) => Promise<Owner | null>): ApiKeyStore {
  /** The scopes of `rows`, with one query per kind of owner. */
  async function toKeys(rows: ManagementKey[]): Promise<ApiKey[]> {
    const orgIds = [...new Set(rows.flatMap((row) => (row.organizationId ? [row.organizationId] : [])))];
    const domainIds = [...new Set(rows.flatMap((row) => (row.domainId ? [row.domainId] : [])))];
    const [orgs, domains] = await Promise.all([
      orgIds.length ? db.organization.findMany({ where: { id: { in: orgIds } } }) : [],
      domainIds.length ? db.domain.findMany({ where: { id: { in: domainIds } } }) : [],
    ]);
    const slugOf = new Map(orgs.map((org) => [org.id, org.slug]));
    const domainOf = new Map(domains.map((domain) => [domain.id, domain.name]));
    return rows.map((row) => {
      const organizationId = row.organizationId ?? '';
      const scope: KeyScope =
        row.scopeType === 'workspace'
          ? { type: 'workspace' }
          : row.scopeType === 'organization'
            ? { type: 'organization', organizationId, organizationSlug: slugOf.get(organizationId) ?? '' }
            : {
                type: 'domain',
                organizationId,
                organizationSlug: slugOf.get(organizationId) ?? '',
                domainId: row.domainId ?? '',
                domainName: domainOf.get(row.domainId ?? '') ?? '',
              };
      return {
        id: row.id,
        displayId: row.displayId,
        label: row.label,
        scope,
        createdBy: row.createdBy,
        createdAt: row.createdAt,
        expiresAt: row.expiresAt,
        revokedAt: row.revokedAt,
        lastUsedAt: row.lastUsedAt,
      };
    });
  }
  const toKey = async (row: ManagementKey) => (await toKeys([row]))[0]!;

  return {
    findOwner,
    recordAudit: (draft) => writeAudit(db, [draft]),

    async insertKey(key, digest, audit) {
      const row = await db.$transaction(async (tx) => {
        const created = await tx.managementKey.create({
          data: {
            displayId: key.displayId,
            label: key.label,
            scopeType: key.scope.type,
            organizationId: key.scope.type === 'workspace' ? null : key.scope.organizationId,
            domainId: key.scope.type === 'domain' ? key.scope.domainId : null,
            digest,
            createdBy: key.createdBy,
            expiresAt: key.expiresAt,
            nextReminderAt: key.nextReminderAt,
          },
        });
        await writeAudit(tx, [audit]);
        return created;
      });
      return toKey(row);
    },

    async confirmKey(digest) {
      const { count } = await db.managementKey.updateMany({ where: { digest }, data: { delivered: true } });
      return count === 1;
    },

    async voidKey(digest, audit) {
      await db.$transaction(async (tx) => {
        const row = await tx.managementKey.findUnique({ where: { digest } });
        if (!row || row.delivered) return;
        await tx.managementKey.delete({ where: { id: row.id } });
        await writeAudit(tx, [audit(await toKey(row))]);
      });
    },

    async keyByDigest(digest) {
      const row = await db.managementKey.findUnique({ where: { digest } });
      return row?.delivered ? toKey(row) : null;
    },

    async listKeys() {
      return toKeys(await db.managementKey.findMany({ where: { delivered: true }, orderBy: { createdAt: 'desc' } }));
    },

    async revokeKey(displayId, decide) {
      return db.$transaction(async (tx) => {
        const [locked] = await tx.$queryRawUnsafe<Array<{ id: string }>>(LOCK_DELIVERED_KEY, displayId);
        if (!locked) throw new DomainError('apikey_not_found');
        const row = await tx.managementKey.findUniqueOrThrow({ where: { id: locked.id } });
        const audit = decide(await toKey(row));
        const revoked = await tx.managementKey.update({
          where: { id: row.id },
          data: { revokedAt: new Date(), nextReminderAt: null },
        });
        await writeAudit(tx, [audit]);
        return toKey(revoked);
      });
    },

    async leakKey(digest, decide) {
      return db.$transaction(async (tx) => {
        const [locked] = await tx.$queryRawUnsafe<Array<{ id: string }>>(LOCK_DELIVERED_KEY_BY_DIGEST, digest);
        if (!locked) return null;
        const row = await tx.managementKey.findUniqueOrThrow({ where: { id: locked.id } });
        const key = await toKey(row);
        const known = (await tx.auditEvent.count({ where: { displayId: key.displayId, action: 'apikey.leak' } })) > 0;
        const decided = decide(key, known);
        if (!decided) return { key, known, applied: false };
        const after = decided.revoke
          ? await toKey(
              await tx.managementKey.update({
                where: { id: row.id },
                data: { revokedAt: new Date(), nextReminderAt: null },
              }),
            )
          : key;
        await writeAudit(tx, [decided.audit]);
        return { key: after, known, applied: true };
      });
    },

    async keyUsed(id, at) {
      await db.managementKey.updateMany({
        where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(at.getTime() - 60_000) } }] },
        data: { lastUsedAt: at },
      });
    },

    async claimDueKeys(now, plan, limit) {
      return db.$transaction(async (tx) => {
        const due = await tx.$queryRawUnsafe<Array<{ id: string }>>(DUE_KEY_REMINDERS, now, limit);
        if (!due.length) return [];
        const keys = await toKeys(await tx.managementKey.findMany({ where: { id: { in: due.map((row) => row.id) } } }));
        for (const key of keys)
          await tx.managementKey.update({ where: { id: key.id }, data: { nextReminderAt: plan(key) } });
        return keys;
      });
    },
  };
}
