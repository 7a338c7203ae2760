// Reading tokens: the list, one token (for an admin, or for its primary contact), its usage
// and its history. A refused look is audited like a refused change.
import { DomainError } from '../errors.js';
import { can, visibility, type Actor, type Owner } from '../permissions.js';
import type { AuditEntry, ListKey, ListQuery } from '../ports.js';
import { withoutUnsafeCharacters } from '../text.js';
import type { Token } from '../tokens.js';
import type { TokenUsage } from '../usage.js';
import type { TokenCore } from './core.js';

export type ListFilter = Partial<
  Pick<ListQuery, 'status' | 'created' | 'organizationSlug' | 'domainName' | 'expiringBefore' | 'unusedDays'>
> & { words?: string[] };

/** The list's query for `actor` under `filter`, without its page. */
const queryOf = (core: TokenCore, actor: Actor, filter: ListFilter) => ({
  ...filter,
  // Search words are not stored, but PostgreSQL cannot even compare a NUL.
  words: (filter.words ?? []).map((word) => withoutUnsafeCharacters(word).trim()).filter(Boolean),
  visibility: visibility(actor),
  now: core.now(),
});

/** A page of the list, newest first: the first, or the one after or before a token (keyset
 *  pages, which tokens created or removed meanwhile do not shift). `hasMore`: tokens lie
 *  beyond it in the direction it was read (newer ones, for a page before a token). */
export async function list(
  core: TokenCore,
  actor: Actor,
  filter: ListFilter,
  page: { after?: ListKey; before?: ListKey; limit: number },
): Promise<{ tokens: Token[]; hasMore: boolean }> {
  const rows = await core.store.listTokens({ ...queryOf(core, actor, filter), ...page, limit: page.limit + 1 });
  const tokens = rows.slice(0, page.limit);
  return { tokens: page.before ? tokens.reverse() : tokens, hasMore: rows.length > page.limit };
}

/** Where `token` stands in the list under `filter` (1: the newest), as a page's heading says. */
export async function placeOf(core: TokenCore, actor: Actor, filter: ListFilter, token: ListKey): Promise<number> {
  const before = { createdAt: token.createdAt, id: token.id };
  return 1 + (await core.store.countTokens({ ...queryOf(core, actor, filter), before }));
}

/** What verification recorded of a token the caller was shown (README: Governing use). */
export function usageOf(core: TokenCore, token: Token): Promise<TokenUsage> {
  return core.store.usageOf(token.id, core.now());
}

/** A token the actor may see; not_permitted or token_not_found otherwise (audited). */
export async function show(core: TokenCore, actor: Actor, displayId: string): Promise<Token> {
  return core.audited(actor, 'token.view', displayId, async () => {
    const token = await core.store.getToken(displayId);
    if (!token) throw new DomainError('token_not_found');
    if (!can(actor, 'token.view', { owner: token.owner })) throw new DomainError('not_permitted');
    return token;
  });
}

/** A token for its primary contact (who may not be an admin), or for whoever may see it. */
export async function showToContact(core: TokenCore, actor: Actor, displayId: string): Promise<Token> {
  const token = await core.store.getToken(displayId);
  if (token && token.primaryContact === actor.userId) return token;
  return show(core, actor, displayId);
}

/** The live tokens the actor is the primary contact of and administers nothing of (theirs to ask
 *  about, not to change), the soonest expiry first: what App Home shows them. */
export async function ofContact(
  core: TokenCore,
  actor: Actor,
  limit: number,
): Promise<{ tokens: Token[]; hasMore: boolean }> {
  const administered = visibility(actor);
  if (administered === 'all') return { tokens: [], hasMore: false };
  const rows = await core.store.tokensOfContact(actor.userId, administered, limit + 1);
  return { tokens: rows.slice(0, limit), hasMore: rows.length > limit };
}

/** The token's history, newest first; also for deleted tokens, from their snapshot. */
export async function history(core: TokenCore, actor: Actor, displayId: string): Promise<AuditEntry[]> {
  const token = await core.store.getToken(displayId);
  const entries = await core.store.auditOf(displayId);
  const owner = token?.owner ?? (entries.find((entry) => entry.snapshot?.owner)?.snapshot?.owner as Owner | undefined);
  return core.audited(actor, 'token.audit', displayId, async () => {
    if (!owner) throw new DomainError('token_not_found');
    if (!can(actor, 'token.view', { owner })) throw new DomainError('not_permitted');
    return entries;
  });
}
