// The token's SQL: one select and one mapper for every read of a token, the one-query list,
// and the grants read on every Slack interaction. Plain SQL where benchmarks justified it
// (Prisma's per-relation queries tripled the list's cost and doubled the grants').
import { createHash } from 'node:crypto';
import type { Grant, Owner } from '../../domain/permissions.js';
import type { ListKey, ListQuery } from '../../domain/ports.js';
import type { Token } from '../../domain/tokens.js';

/** A token row with its owner's names, as TOKEN_SELECT returns it. */
export type TokenRow = {
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
  allowed_ips: string[] | null;
  rate_limit: string | null;
  expires_at: Date | null;
  status: Token['status'];
  status_reason: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  last_used_at: Date | null;
};

const TOKEN_FROM =
  'FROM tokens t JOIN organizations o ON o.id = t.organization_id LEFT JOIN domains d ON d.id = t.domain_id';
export const TOKEN_SELECT = `SELECT t.id, t.display_id, t.label, t.description, t.organization_id, o.slug AS organization_slug, t.domain_id,
    d.name AS domain_name, t.api_version, t.scopes, t.primary_contact, t.developer_emails, t.allowed_ips, t.rate_limit, t.expires_at, t.status::text AS status,
    t.status_reason, t.created_by, t.created_at, t.updated_at, t.last_used_at
  ${TOKEN_FROM}`;

/** The token by display id, its row locked for the rest of the transaction. */
export const LOCK_TOKEN = `${TOKEN_SELECT} WHERE t.display_id = $1 FOR UPDATE OF t`;
export const TOKEN_BY_ID = `${TOKEN_SELECT} WHERE t.id = $1::uuid`;
export const TOKEN_BY_DISPLAY_ID = `${TOKEN_SELECT} WHERE t.display_id = $1`;
export const TOKENS_BY_IDS = `${TOKEN_SELECT} WHERE t.id = ANY($1::uuid[])`;
/** A primary contact's ($1) live tokens but of the organizations $2 and domains $3, the soonest
 *  expiry first; $4: how many. */
export const TOKENS_OF_CONTACT = `${TOKEN_SELECT} WHERE t.primary_contact = $1 AND t.status <> 'revoked'
  AND NOT (t.organization_id = ANY($2::uuid[]) OR COALESCE(t.domain_id = ANY($3::uuid[]), false))
  ORDER BY t.expires_at ASC NULLS LAST, t.id LIMIT $4`;
/** A token with the secret of one of its digests ($1, an array), current key's first; for leak reports. */
export const FIND_BY_DIGESTS = `${TOKEN_SELECT.replace('SELECT', 'SELECT s.expires_at AS secret_expires_at,')} JOIN token_secrets s ON s.token_id = t.id
  WHERE s.digest = ANY($1::text[]) ORDER BY array_position($1::text[], s.digest) LIMIT 1`;
/** The token's pending revocation request ($1: the token's id), locked. */
export const LOCK_PENDING_REVOCATION = `SELECT id FROM revocation_requests WHERE token_id = $1::uuid AND state = 'pending' FOR UPDATE`;
/** The token of a secret ($1: its digest) and the secret, locked (token row first, as every change does). */
export const LOCK_SECRET = `
  SELECT s.token_id, s.pending_since IS NOT NULL AS pending,
    (EXTRACT(EPOCH FROM clock_timestamp() - s.pending_since) * 1000)::float8 AS stale_ms
  FROM token_secrets s JOIN tokens t ON t.id = s.token_id WHERE s.digest = $1 FOR UPDATE OF t, s`;
/** Secrets pending (their DM not confirmed) for over $1 ms; $2: how many. */
export const STALE_PENDING_SECRETS = `SELECT digest FROM token_secrets WHERE pending_since < clock_timestamp() - make_interval(secs => $1::float8 / 1000) ORDER BY pending_since LIMIT $2`;

export function tokenFromRow(row: TokenRow): Token {
  const owner: Owner = row.domain_id
    ? {
        type: 'domain',
        organizationId: row.organization_id,
        organizationSlug: row.organization_slug,
        domainId: row.domain_id,
        domainName: row.domain_name!,
      }
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
    allowedIps: row.allowed_ips ?? [],
    rateLimit: row.rate_limit,
    expiresAt: row.expires_at,
    status: row.status,
    statusReason: row.status_reason,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastUsedAt: row.last_used_at,
  };
}

/** The list's WHERE clause and parameters. */
function listWhere(query: Omit<ListQuery, 'limit'>): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  const and: string[] = [];
  const v = query.visibility;
  if (v !== 'all')
    and.push(
      `(t.organization_id = ANY(${param(v.organizationIds)}::uuid[]) OR t.domain_id = ANY(${param(v.domainIds)}::uuid[]))`,
    );
  let nowParam: string | undefined; // PostgreSQL refuses parameters that no clause uses
  const now = () => (nowParam ??= param(query.now));
  // The filters of ListQuery.status: an expired token an admin disabled is under both
  // `disabled` and `expired`, as its row reads both.
  if (query.status === 'enabled') and.push(`t.status = 'enabled'`, `(t.expires_at IS NULL OR t.expires_at > ${now()})`);
  if (query.status === 'disabled' || query.status === 'revoked') and.push(`t.status = '${query.status}'`);
  if (query.status === 'expired') and.push(`t.status <> 'revoked'`, `t.expires_at <= ${now()}`);
  const since = (days: number) => `${now()}::timestamptz - interval '${days} days'`;
  if (query.created === '7d') and.push(`t.created_at >= ${since(7)}`);
  if (query.created === '30d') and.push(`t.created_at >= ${since(30)}`);
  if (query.created === 'older') and.push(`t.created_at < ${since(30)}`);
  if (query.unusedDays)
    and.push(
      `(t.last_used_at IS NULL OR t.last_used_at < ${since(query.unusedDays)})`,
      `t.created_at < ${since(query.unusedDays)}`,
    );
  if (query.expiringBefore) and.push(`t.expires_at <= ${param(query.expiringBefore)}`);
  if (query.organizationSlug) and.push(`o.slug = ${param(query.organizationSlug)}`);
  if (query.domainName) and.push(`d.name = ${param(query.domainName)}`);
  // ILIKE '%word%', served by the trigram index on label; the word's own % and _ are literal.
  for (const word of query.words) and.push(`t.label ILIKE ${param(`%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
  const key = (at: ListKey) => `(${param(at.createdAt)}::timestamptz, ${param(at.id)}::uuid)`;
  if (query.after) and.push(`(t.created_at, t.id) < ${key(query.after)}`);
  if (query.before) and.push(`(t.created_at, t.id) > ${key(query.before)}`);
  return { sql: and.length ? `WHERE ${and.join(' AND ')}` : '', values };
}

/** One page of the list as one query. */
export function listStatement(query: ListQuery): { name?: string; text: string; values: unknown[] } {
  const where = listWhere(query);
  const order = query.expiringBefore
    ? 't.expires_at ASC, t.id ASC'
    : query.before
      ? 't.created_at ASC, t.id ASC'
      : 't.created_at DESC, t.id DESC';
  // A literal bound: a generic plan would not know how few rows a page takes.
  const text = `${TOKEN_SELECT} ${where.sql} ORDER BY ${order} LIMIT ${Math.max(1, Math.floor(query.limit))}`;
  // Planning cost PostgreSQL more than running: a first page whose SQL has no parameters (an
  // unfiltered list of every token) is prepared once per connection. With parameters, the
  // best plan depends on them (a domain of 5 tokens among a million wants another index
  // than a whole organization), which a cached generic plan would not see.
  const name = where.values.length ? undefined : `list-${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  return { name, text, values: where.values };
}

/** How many tokens the list holds under `query`'s filters (before `query.before`, when given). */
export function countStatement(query: Omit<ListQuery, 'after' | 'limit'>): { text: string; values: unknown[] } {
  const where = listWhere(query);
  // The joins only where a filter names an organization or domain: PostgreSQL keeps an inner join.
  const from = query.organizationSlug || query.domainName ? TOKEN_FROM : 'FROM tokens t';
  return { text: `SELECT count(*)::int AS n ${from} ${where.sql}`, values: where.values };
}

type GrantRow = {
  role: Grant['role'];
  organization_id: string | null;
  domain_id: string | null;
  domain_organization_id: string | null;
};

/** Read on every Slack interaction: named, so each pooled connection plans it once. */
export const grantsOfStatement = (userId: string) => ({
  name: 'grants-of',
  text: `SELECT g.role::text AS role, g.organization_id, g.domain_id, d.organization_id AS domain_organization_id
         FROM role_grants g LEFT JOIN domains d ON d.id = g.domain_id WHERE g.user_id = $1`,
  values: [userId],
});

export function grantFromRow(row: GrantRow): Grant {
  if (row.role === 'org_admin') return { role: 'org_admin', organizationId: row.organization_id! };
  if (row.role === 'domain_admin')
    return { role: 'domain_admin', domainId: row.domain_id!, organizationId: row.domain_organization_id! };
  return { role: 'workspace_admin' };
}
export type { GrantRow };
