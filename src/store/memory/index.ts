// The token, tenant and revocation ports in memory, held to the PostgreSQL adapters' behaviour
// by test/store/conformance: for domain tests without infrastructure, and a local playground.
// Every call runs to completion before the next (one event loop), which stands in for locks.
import { noUsage } from '../../domain/usage.js';
import { randomUUID } from 'node:crypto';
import type { AuditDraft, AuditEntry } from '../../domain/audit.js';
import { DomainError } from '../../domain/errors.js';
import type { Grant, Owner } from '../../domain/permissions.js';
import type { Change, Domain, GrantRecord, GrantTarget, ListQuery, Organization, RevocationRequest, RevocationStore, TenantStore, TokenStore } from '../../domain/ports.js';
import { effectiveStatus, type Token } from '../../domain/tokens.js';
import { DAY_MS } from '../../domain/time.js';

type Secret = { id: string; tokenId: string; digest: string; expiresAt: Date | null; pendingSince: Date | null };
type StoredGrant = GrantRecord;

const clone = <T>(value: T): T => structuredClone(value);

export type MemoryStores = { tokens: TokenStore; tenants: TenantStore; revocations: RevocationStore };

export function createMemoryStores(now: () => Date = () => new Date()): MemoryStores {
  const organizations = new Map<string, Organization>(); // by slug
  const domains = new Map<string, Domain>(); // by name
  const grants: StoredGrant[] = [];
  const tokens = new Map<string, Token>(); // by display id
  const secrets: Secret[] = [];
  const requests = new Map<string, RevocationRequest>();
  const audit: AuditEntry[] = [];
  let clock = 0;

  /** Timestamps strictly increasing, like the audit writer's. */
  const tick = () => new Date(Math.max(now().getTime(), clock + 1));
  const stamp = () => {
    const at = tick();
    clock = at.getTime();
    return at;
  };
  const writeAudit = (drafts: AuditDraft[], tokenId?: string) => {
    for (const draft of drafts) audit.push(clone({ ...draft, tokenId: draft.tokenId ?? tokenId, id: randomUUID(), createdAt: stamp() }));
  };
  const sameOwner = (a: Owner, b: Owner) => a.organizationId === b.organizationId && (a.type === 'domain' ? a.domainId : null) === (b.type === 'domain' ? b.domainId : null);
  const labelTaken = (token: Pick<Token, 'id' | 'owner' | 'label'>) =>
    [...tokens.values()].some((t) => t.id !== token.id && t.status !== 'revoked' && sameOwner(t.owner, token.owner) && t.label.toLowerCase() === token.label.toLowerCase());
  const pendingOf = (tokenId: string) => [...requests.values()].find((r) => r.tokenId === tokenId && r.state === 'pending') ?? null;
  const byId = (id: string) => [...tokens.values()].find((t) => t.id === id) ?? null;

  const resolve = (target: GrantTarget): { grant: Grant; target?: string } => {
    if (target.role === 'workspace_admin') return { grant: { role: 'workspace_admin' } };
    if (target.role === 'org_admin') {
      const org = organizations.get(target.slug);
      if (!org) throw new DomainError('organization_not_found', undefined, { slug: target.slug });
      return { grant: { role: 'org_admin', organizationId: org.id }, target: org.slug };
    }
    const domain = domains.get(target.name);
    if (!domain) throw new DomainError('owner_not_found', undefined, { domain: target.name });
    return { grant: { role: 'domain_admin', domainId: domain.id, organizationId: domain.organizationId }, target: domain.name };
  };
  const sameGrant = (a: Grant, b: Grant) => JSON.stringify(a) === JSON.stringify(b);

  const tokenStore: TokenStore = {
    async grantsOf(userId) {
      return grants.filter((g) => g.userId === userId).map((g) => clone(g.grant));
    },

    async findOwner(ref) {
      if (ref.type === 'organization') {
        const org = organizations.get(ref.slug);
        return org ? { type: 'organization', organizationId: org.id, organizationSlug: org.slug } : null;
      }
      const domain = domains.get(ref.name);
      return domain ? { type: 'domain', organizationId: domain.organizationId, organizationSlug: domain.organizationSlug, domainId: domain.id, domainName: domain.name } : null;
    },

    async insertToken(fields, digest, drafts) {
      const at = now();
      const token: Token = { ...clone(fields), id: randomUUID(), status: 'enabled', statusReason: null, createdAt: at, updatedAt: at, lastUsedAt: null };
      if (labelTaken(token)) throw new DomainError('label_taken', 'label', { label: token.label });
      tokens.set(token.displayId, token);
      secrets.push({ id: randomUUID(), tokenId: token.id, digest, expiresAt: null, pendingSince: at });
      writeAudit(drafts, token.id);
      return clone(token);
    },

    async changeToken(displayId, decide) {
      const stored = tokens.get(displayId);
      if (!stored) throw new DomainError('token_not_found');
      const before = clone(stored);
      const pending = pendingOf(before.id);
      const change: Change | null = decide(clone(before), pending && clone(pending));
      if (!change) return { before, after: before, request: pending && clone(pending) };
      const at = now();
      let after: Token | null = null;
      if (!change.remove) {
        const next: Token = { ...before, ...clone(change.update ?? {}), updatedAt: at };
        if (labelTaken(next)) throw new DomainError('label_taken', 'label');
        if (change.newSecret) secrets.push({ id: randomUUID(), tokenId: before.id, digest: change.newSecret.digest, expiresAt: null, pendingSince: at });
        tokens.set(displayId, next);
        after = clone(next);
      } else {
        tokens.delete(displayId);
        for (let i = secrets.length - 1; i >= 0; i--) if (secrets[i]!.tokenId === before.id) secrets.splice(i, 1);
      }
      let request = pending;
      if (change.settle) {
        const { requestId, ...outcome } = change.settle;
        request = Object.assign(requests.get(requestId)!, { ...outcome, decidedAt: at });
      }
      if (change.remove) for (const r of requests.values()) if (r.tokenId === before.id) r.tokenId = null; // ON DELETE SET NULL
      writeAudit(change.audit, before.id);
      return { before, after, request: request && clone(request) };
    },

    async getToken(displayId) {
      const token = tokens.get(displayId);
      return token ? clone(token) : null;
    },

    // Verification writes usage to PostgreSQL only: in memory, no token was ever verified.
    usageOf: async () => noUsage(),

    async listTokens(query) {
      return [...tokens.values()]
        .filter((token) => listed(token, query))
        .sort(query.expiringBefore ? byExpiry : byNewest)
        .slice(query.offset, query.offset + query.limit)
        .map(clone);
    },

    async confirmSecret(digest, oldSecretsUntil) {
      const secret = secrets.find((s) => s.digest === digest);
      if (!secret) return false;
      if (!secret.pendingSince) return true;
      const at = now();
      const until = oldSecretsUntil ?? at;
      const others = () => secrets.filter((s) => s.tokenId === secret.tokenId && !s.pendingSince && s !== secret);
      for (const old of others()) if (old.expiresAt && old.expiresAt <= at) secrets.splice(secrets.indexOf(old), 1);
      for (const old of others()) if (!old.expiresAt || old.expiresAt > until) old.expiresAt = until;
      secret.pendingSince = null;
      return true;
    },

    async voidPendingSecret(digest, olderThanMs, drafts) {
      const secret = secrets.find((s) => s.digest === digest);
      if (!secret?.pendingSince || (olderThanMs !== null && now().getTime() - secret.pendingSince.getTime() < olderThanMs)) return null;
      const token = byId(secret.tokenId)!;
      const voided = { token: clone(token), removed: !secrets.some((s) => s.tokenId === token.id && !s.pendingSince) };
      if (voided.removed) {
        tokens.delete(token.displayId);
        for (let i = secrets.length - 1; i >= 0; i--) if (secrets[i]!.tokenId === token.id) secrets.splice(i, 1);
        for (const r of requests.values()) if (r.tokenId === token.id) r.tokenId = null;
      } else secrets.splice(secrets.indexOf(secret), 1);
      writeAudit(drafts(voided), token.id);
      return voided;
    },

    async stalePendingSecrets(olderThanMs, limit) {
      const before = now().getTime() - olderThanMs;
      return secrets.filter((s) => s.pendingSince && s.pendingSince.getTime() < before).sort((a, b) => a.pendingSince!.getTime() - b.pendingSince!.getTime()).slice(0, limit).map((s) => s.digest);
    },

    async recordAudit(draft) {
      writeAudit([draft]);
    },

    async auditOf(displayId) {
      return audit.filter((entry) => entry.displayId === displayId).reverse().map(clone);
    },

    async findByDigests(digests) {
      const secret = digests.map((digest) => secrets.find((s) => s.digest === digest)).find(Boolean);
      const token = secret && byId(secret.tokenId);
      return token ? { token: clone(token), secretExpiresAt: secret.expiresAt } : null;
    },
  };

  const tenantStore: TenantStore = {
    async createOrganization(slug, name, drafts) {
      if (organizations.has(slug)) throw new DomainError('organization_exists', undefined, { slug });
      const org = { id: randomUUID(), slug, name };
      organizations.set(slug, org);
      writeAudit([drafts]);
      return { ...org };
    },

    async createDomain(organizationSlug, name, draft) {
      const org = organizations.get(organizationSlug);
      if (!org) throw new DomainError('organization_not_found', undefined, { slug: organizationSlug });
      if (domains.has(name)) throw new DomainError('domain_exists', undefined, { domain: name });
      const domain = { id: randomUUID(), name, organizationId: org.id, organizationSlug: org.slug };
      domains.set(name, domain);
      writeAudit([draft]);
      return { ...domain };
    },

    async grant(userId, target, draft) {
      const { grant, target: name } = resolve(target);
      if (!grants.some((g) => g.userId === userId && sameGrant(g.grant, grant))) grants.push({ userId, grant, target: name, grantedBy: draft.actor, createdAt: stamp() });
      writeAudit([draft]);
    },

    async ungrant(userId, target, draft) {
      const { grant } = resolve(target);
      const index = grants.findIndex((g) => g.userId === userId && sameGrant(g.grant, grant));
      if (index < 0) return false;
      grants.splice(index, 1);
      writeAudit([draft]);
      return true;
    },

    async listGrants(userId) {
      return grants
        .filter((g) => !userId || g.userId === userId)
        .sort((a, b) => a.userId.localeCompare(b.userId) || a.createdAt.getTime() - b.createdAt.getTime())
        .map(clone);
    },

    async listOwners() {
      const orgs = [...organizations.values()].sort((a, b) => a.slug.localeCompare(b.slug));
      return [
        ...orgs.map((org): Owner => ({ type: 'organization', organizationId: org.id, organizationSlug: org.slug })),
        ...orgs.flatMap((org) =>
          [...domains.values()]
            .filter((d) => d.organizationId === org.id)
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((d): Owner => ({ type: 'domain', organizationId: org.id, organizationSlug: org.slug, domainId: d.id, domainName: d.name })),
        ),
      ];
    },
  };

  const revocationStore: RevocationStore = {
    async create(displayId, fields, draft) {
      const token = tokens.get(displayId);
      if (!token) throw new DomainError('token_not_found');
      if (token.status === 'revoked') throw new DomainError('token_revoked');
      const existing = pendingOf(token.id);
      if (existing) return { request: clone(existing), token: clone(token), created: false };
      const request: RevocationRequest = {
        id: randomUUID(),
        tokenId: token.id,
        displayId,
        ...fields,
        state: 'pending',
        channelId: null,
        messageTs: null,
        decidedBy: null,
        decidedAt: null,
        outcomeReason: null,
        createdAt: now(),
      };
      requests.set(request.id, request);
      writeAudit([draft(clone(request))], token.id);
      return { request: clone(request), token: clone(token), created: true };
    },

    async attachMessage(id, channelId, messageTs) {
      const request = requests.get(id);
      if (request) Object.assign(request, { channelId, messageTs });
    },

    async discard(id, draft) {
      const request = requests.get(id);
      if (!request) return;
      requests.delete(id);
      writeAudit([draft(clone(request))]);
    },

    async get(id) {
      const request = requests.get(id);
      if (!request) return null;
      const token = request.tokenId ? byId(request.tokenId) : null;
      return { request: clone(request), token: token && clone(token) };
    },

    async due(at) {
      return [...requests.values()].filter((r) => r.state === 'pending' && r.expiresAt <= at).sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime()).map(clone);
    },

    async pending() {
      return [...requests.values()]
        .filter((r) => r.state === 'pending')
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        .flatMap((request) => {
          const token = request.tokenId ? byId(request.tokenId) : null;
          return token ? [{ request: clone(request), owner: clone(token.owner), label: token.label }] : [];
        });
    },
  };

  return { tokens: tokenStore, tenants: tenantStore, revocations: revocationStore };
}

function listed(token: Token, query: ListQuery): boolean {
  const v = query.visibility;
  if (v !== 'all' && !v.organizationIds.includes(token.owner.organizationId) && !(token.owner.type === 'domain' && v.domainIds.includes(token.owner.domainId))) return false;
  if (query.status && effectiveStatus(token, query.now) !== query.status) return false;
  const age = query.now.getTime() - token.createdAt.getTime();
  if (query.created === '7d' && age > 7 * DAY_MS) return false;
  if (query.created === '30d' && age > 30 * DAY_MS) return false;
  if (query.created === 'older' && age <= 30 * DAY_MS) return false;
  if (query.unusedDays && (age <= query.unusedDays * DAY_MS || (token.lastUsedAt && query.now.getTime() - token.lastUsedAt.getTime() <= query.unusedDays * DAY_MS))) return false;
  if (query.expiringBefore && !(token.expiresAt && token.expiresAt <= query.expiringBefore)) return false;
  if (query.organizationSlug && token.owner.organizationSlug !== query.organizationSlug) return false;
  if (query.domainName && (token.owner.type !== 'domain' || token.owner.domainName !== query.domainName)) return false;
  return query.words.every((word) => token.label.toLowerCase().includes(word.toLowerCase()));
}

const byNewest = (a: Token, b: Token) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id);
const byExpiry = (a: Token, b: Token) => a.expiresAt!.getTime() - b.expiresAt!.getTime() || a.id.localeCompare(b.id);
