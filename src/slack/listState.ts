// The filters and page of each rendered list, kept in Redis for a day so that the list's
// controls (status, creation, search, pages) can re-render it in place.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/permissions.js';
import type { Translate } from '../i18n/index.js';
import type { SlackDeps } from './deps.js';
import { listMessage, PAGE_SIZE, type ListState } from './views/list.js';
import type { Message } from './views/token.js';

const TTL_SECONDS = 24 * 3600;
const key = (deps: SlackDeps, id: string) => `${deps.redisPrefix}:list-state:${id}`;

export async function loadListState(deps: SlackDeps, id: string): Promise<ListState | undefined> {
  const text = await deps.redis.get(key(deps, id));
  return text ? (JSON.parse(text) as ListState) : undefined;
}

/** One page of the actor's tokens for `state`, with controls bound to a newly saved state. */
export async function renderList(deps: SlackDeps, actor: Actor, t: Translate, state: ListState): Promise<Message> {
  const page = await deps.tokens.list(actor, state.filter, { offset: state.offset, limit: PAGE_SIZE });
  const id = randomUUID();
  await deps.redis.set(key(deps, id), JSON.stringify(state), 'EX', TTL_SECONDS);
  return listMessage(t, page, state, id, (token) => deps.tokens.status(token), new Date());
}
