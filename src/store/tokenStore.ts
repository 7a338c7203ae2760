// TokenStore over PostgreSQL (Prisma). Each method is one transaction; changes lock the token
// row (SELECT … FOR UPDATE) so concurrent operations on one token apply one after the other.
import { createHash } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client.js';
import { DomainError } from '../domain/errors.js';
import type { AuditDraft, AuditEntry, Change, ListQuery, OwnerRef, SecretExpiry, TokenStore } from '../domain/ports.js';
import type { Grant, Owner } from '../domain/permissions.js';
import { diff, type Token } from '../domain/tokens.js';
import type { Db } from './prisma.js';
import type pg from 'pg';

export const withOwner = { organization: true, domain: true } as const;
type TokenRow = Prisma.TokenGetPayload<{ include: typeof withOwner }>;

/** A token row with its owner's names, as the plain-SQL reads return it. */
type SqlTokenRow = {
  id: string;
  display_id: string;
  label: string;
  description: string;
  organization_id: string;
  organization_slug: string;
  domain_id: string | null;
  domain_name: string | null;
  api_version: string;
  scopes: string[];
  primary_contact: string;
  developer_emails: string[];
  expires_at: Date | null;
  status: Token['status'];
  status_reason: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  last_used_at: Date | null;
};

const TOKEN_SELECT = `SELECT t.id, t.display_id, t.label, t.description, t.organization_id, o.slug AS organization_slug, t.domain_id,
    d.name AS domain_name, t.api_version, t.scopes, t.primary_contact, t.developer_emails, t.expires_at, t.status::text AS status,
    t.status_reason, t.created_by, t.created_at, t.updated_at, t.last_used_at
  FROM tokens t JOIN organizations o ON o.id = t.organization_id LEFT JOIN domains d ON d.id = t.domain_id`;

function tokenFromRow(row: SqlTokenRow): Token {
  const owner: Owner = row.domain_id
    ? { type: 'domain', organizationId: row.organization_id, organizationSlug: row.organization_slug, domainId: row.domain_id, domainName: row.domain_name! }
    : { type: 'organization', organizationId: row.organization_id, organizationSlug: row.organization_slug };
  return {
    id: row.id,
    displayId: row.display_id,
    label: row.label,
    description: row.description,
    owner,
    apiVersion: row.api_version,
    scopes: row.scopes,
    primaryContact: row.primary_contact,
    developerEmails: row.developer_emails,
    expiresAt: row.expires_at,
    status: row.status,
    statusReason: row.status_reason,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastUsedAt: row.last_used_at,
  };
}

const UNIQUE_VIOLATION = 'P2002';
const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === UNIQUE_VIOLATION;

function ownerOf(row: TokenRow): Owner {
  return row.domain
    ? { type: 'domain', organizationId: row.organizationId, organizationSlug: row.organization.slug, domainId: row.domain.id, domainName: row.domain.name }
    : { type: 'organization', organizationId: row.organizationId, organizationSlug: row.organization.slug };
}

export function toToken(row: TokenRow): Token {
  return {
    id: row.id,
    displayId: row.displayId,
    label: row.label,
    description: row.description,
    owner: ownerOf(row),
    apiVersion: row.apiVersion,
    scopes: row.scopes,
    primaryContact: row.primaryContact,
    developerEmails: row.developerEmails,
    expiresAt: row.expiresAt,
    status: row.status,
    statusReason: row.statusReason,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastUsedAt: row.lastUsedAt,
  };
}

const auditData = (draft: AuditDraft) => ({
  ...draft,
  changes: draft.changes as Prisma.InputJsonValue | undefined,
  snapshot: draft.snapshot as Prisma.InputJsonValue | undefined,
});


/** The list's WHERE clause and parameters, as plain SQL (see listTokens). */
function listWhere(query: ListQuery): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  const and: string[] = [];
  const v = query.visibility;
  if (v !== 'all') and.push(`(t.organization_id = ANY(${param(v.organizationIds)}::uuid[]) OR t.domain_id = ANY(${param(v.domainIds)}::uuid[]))`);
  let nowParam: string | undefined; // PostgreSQL refuses parameters that no clause uses
  const now = () => (nowParam ??= param(query.now));
  if (query.status === 'enabled' || query.status === 'disabled') and.push(`t.status = '${query.status}'`, `(t.expires_at IS NULL OR t.expires_at > ${now()})`);
  if (query.status === 'revoked') and.push(`t.status = 'revoked'`);
  if (query.status === 'expired') and.push(`t.status <> 'revoked'`, `t.expires_at <= ${now()}`);
  const since = (days: number) => `${now()}::timestamptz - interval '${days} days'`;
  if (query.created === '7d') and.push(`t.created_at >= ${since(7)}`);
  if (query.created === '30d') and.push(`t.created_at >= ${since(30)}`);
  if (query.created === 'older') and.push(`t.created_at < ${since(30)}`);
  if (query.expiringBefore) and.push(`t.expires_at <= ${param(query.expiringBefore)}`);
  if (query.organizationSlug) and.push(`o.slug = ${param(query.organizationSlug)}`);
  if (query.domainName) and.push(`d.name = ${param(query.domainName)}`);
  // ILIKE '%word%', served by the trigram index on label; the word's own % and _ are literal.
  for (const word of query.words) and.push(`t.label ILIKE ${param(`%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
  return { sql: and.length ? `WHERE ${and.join(' AND ')}` : '', values };
}

export function createTokenStore(db: Db, pool: pg.Pool): TokenStore {
  return {
    // Read on every Slack interaction: one round trip through the pool, not Prisma's two.
    async grantsOf(userId) {
      const { rows } = await pool.query<{ role: Grant['role']; organization_id: string | null; domain_id: string | null; domain_organization_id: string | null }>({
        name: 'grants-of',
        text: `SELECT g.role::text AS role, g.organization_id, g.domain_id, d.organization_id AS domain_organization_id
               FROM role_grants g LEFT JOIN domains d ON d.id = g.domain_id WHERE g.user_id = $1`,
        values: [userId],
      });
      return rows.map((row): Grant => {
        if (row.role === 'org_admin') return { role: 'org_admin', organizationId: row.organization_id! };
        if (row.role === 'domain_admin') return { role: 'domain_admin', domainId: row.domain_id!, organizationId: row.domain_organization_id! };
        return { role: 'workspace_admin' };
      });
    },

    async findOwner(ref: OwnerRef) {
      if (ref.type === 'organization') {
        const org = await db.organization.findUnique({ where: { slug: ref.slug } });
        return org && { type: 'organization', organizationId: org.id, organizationSlug: org.slug };
      }
      const domain = await db.domain.findUnique({ where: { name: ref.name }, include: { organization: true } });
      return (
        domain && {
          type: 'domain',
          organizationId: domain.organizationId,
          organizationSlug: domain.organization.slug,
          domainId: domain.id,
          domainName: domain.name,
        }
      );
    },

    async insertToken(token, digest, audit, schedule) {
      try {
        return await db.$transaction(async (tx) => {
          const row = await tx.token.create({
            data: {
              displayId: token.displayId,
              label: token.label,
              description: token.description,
              organizationId: token.owner.organizationId,
              domainId: token.owner.type === 'domain' ? token.owner.domainId : null,
              apiVersion: token.apiVersion,
              scopes: token.scopes,
              primaryContact: token.primaryContact,
              developerEmails: token.developerEmails,
              expiresAt: token.expiresAt,
              createdBy: token.createdBy,
              nextReminderAt: schedule.nextReminderAt,
              nextReviewAt: schedule.nextReviewAt,
              secrets: { create: { digest } },
            },
            include: withOwner,
          });
          const created = toToken(row);
          const { id: _id, displayId: _displayId, ...fields } = created;
          await tx.auditEvent.create({
            data: auditData({ ...audit, tokenId: row.id, displayId: row.displayId, changes: diff({} as Token, fields) }),
          });
          return created;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new DomainError('label_taken', 'label', { label: token.label });
        throw error;
      }
    },

    async changeToken(displayId, actor, decide) {
      try {
        return await db.$transaction(async (tx) => {
          const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM tokens WHERE display_id = ${displayId} FOR UPDATE`;
          if (!locked.length) throw new DomainError('token_not_found');
          const before = toToken(await tx.token.findUniqueOrThrow({ where: { displayId }, include: withOwner }));
          const change: Change = decide(before);
          let after: Token | null = null;
          let previousSecrets: SecretExpiry[] = [];
          // A direct revoke or delete settles any pending request to revoke the token.
          const closing = change.remove ? 'token_deleted' : change.update?.status === 'revoked' ? 'revoked_directly' : undefined;
          const closedRequests = closing ? await closePendingRequests(tx, before.id, actor, closing) : [];
          if (!change.remove) {
            if (change.newSecret) previousSecrets = await replaceSecrets(tx, before.id, change.newSecret);
            if (change.undoReset) await undoReset(tx, before.id, change.undoReset);
            const rearm = change.rearmReminders === undefined ? {} : { nextReminderAt: change.rearmReminders, reminderEpoch: { increment: 1 } };
            after = toToken(await tx.token.update({ where: { id: before.id }, data: { ...change.update, ...rearm }, include: withOwner }));
          } else {
            await tx.token.delete({ where: { id: before.id } });
          }
          const changes = diff(before, change.update ?? {});
          if (change.newSecret) changes.secret = { before: 'previous', after: 'new', oldSecretsValidUntil: change.newSecret.oldSecretsUntil } as never;
          await tx.auditEvent.create({
            data: auditData({
              actor,
              action: change.action,
              outcome: 'ok',
              tokenId: before.id,
              displayId,
              changes,
              snapshot: change.remove ? { label: before.label, owner: before.owner, status: before.status } : undefined,
            }),
          });
          return { before, after, previousSecrets, closedRequests };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new DomainError('label_taken', 'label');
        throw error;
      }
    },

    async getToken(displayId) {
      const row = await db.token.findUnique({ where: { displayId }, include: withOwner });
      return row && toToken(row);
    },

    // One query, straight through the pool: Prisma's per-relation queries tripled its cost.
    async listTokens(query) {
      const where = listWhere(query);
      const order = query.expiringBefore ? 't.expires_at ASC, t.id ASC' : 't.created_at DESC, t.id DESC';
      // Literal bounds: a generic plan would not know how few rows a page takes.
      const text = `${TOKEN_SELECT} ${where.sql} ORDER BY ${order} OFFSET ${Math.max(0, Math.floor(query.offset))} LIMIT ${Math.max(1, Math.floor(query.limit))}`;
      // Planning cost PostgreSQL more than running: a first page whose SQL has no parameters (an
      // unfiltered list of every token) is prepared once per connection. With parameters, the
      // best plan depends on them (a domain of 5 tokens among a million wants another index
      // than a whole organization), which a cached generic plan would not see.
      const name = where.values.length || query.offset ? undefined : `list-${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      const { rows } = await pool.query<SqlTokenRow>({ name, text, values: where.values });
      return rows.map(tokenFromRow);
    },

    async recordAudit(draft) {
      await db.auditEvent.create({ data: auditData(draft) });
    },

    async auditOf(displayId) {
      const rows = await db.auditEvent.findMany({ where: { displayId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
      return rows.map(
        (row): AuditEntry => ({
          id: row.id,
          createdAt: row.createdAt,
          actor: row.actor,
          action: row.action,
          outcome: row.outcome as AuditEntry['outcome'],
          reason: row.reason ?? undefined,
          tokenId: row.tokenId ?? undefined,
          displayId: row.displayId ?? undefined,
          changes: (row.changes as AuditEntry['changes']) ?? undefined,
          snapshot: (row.snapshot as AuditEntry['snapshot']) ?? undefined,
        }),
      );
    },
  };
}

async function closePendingRequests(tx: Prisma.TransactionClient, tokenId: string, actor: string, why: string) {
  const pending = await tx.revocationRequest.findMany({ where: { tokenId, state: 'pending' } });
  if (!pending.length) return [];
  const now = new Date();
  await tx.revocationRequest.updateMany({ where: { id: { in: pending.map((r) => r.id) } }, data: { state: 'closed', outcomeReason: why, decidedAt: now } });
  await tx.auditEvent.createMany({
    data: pending.map((r) => ({ actor, action: 'revocation.close', outcome: 'ok', reason: why, tokenId, displayId: r.displayId, snapshot: { requestId: r.id } })),
  });
  return pending.map((r) => ({ ...r, state: 'closed' as const, outcomeReason: why, decidedAt: now }));
}

async function replaceSecrets(tx: Prisma.TransactionClient, tokenId: string, secret: NonNullable<Change['newSecret']>): Promise<SecretExpiry[]> {
  const now = new Date();
  await tx.tokenSecret.deleteMany({ where: { tokenId, expiresAt: { lte: now } } });
  const previous = await tx.tokenSecret.findMany({ where: { tokenId }, select: { id: true, expiresAt: true } });
  // The old secrets end now, or at the end of the grace period; one already ending sooner keeps its end.
  const until = secret.oldSecretsUntil ?? now;
  await tx.tokenSecret.updateMany({ where: { tokenId, OR: [{ expiresAt: null }, { expiresAt: { gt: until } }] }, data: { expiresAt: until } });
  await tx.tokenSecret.create({ data: { tokenId, digest: secret.digest } });
  return previous;
}

async function undoReset(tx: Prisma.TransactionClient, tokenId: string, undo: NonNullable<Change['undoReset']>) {
  await tx.tokenSecret.deleteMany({ where: { tokenId, digest: undo.digest } });
  for (const secret of undo.previous) {
    await tx.tokenSecret.updateMany({ where: { id: secret.id, tokenId }, data: { expiresAt: secret.expiresAt } });
  }
}
