// A page of the actor's tokens, with controls bound to its newly saved filters and page; and the
// same list re-rendered in place after an operation started from it.
import { UnavailableError } from '../../domain/errors.js';
import type { ListState } from '../../domain/savedLists.js';
import type { Token } from '../../domain/tokens.js';
import type { Flow } from '../deps.js';
import { listMessage, PAGE_SIZE, type ListExtras, type ShownPage } from '../views/list.js';
import { simpleMessage, type Message } from '../views/message.js';

export async function renderList(flow: Flow, state: ListState, extras: ListExtras = {}): Promise<Message> {
  const { deps, context } = flow;
  const { actor, t } = context;
  // Nobody's tokens are hidden from them: someone without a role has none to see.
  if (!actor.grants.length) return simpleMessage(t('list.noRole'));
  const page = await pageOf(flow, state);
  // Without Redis the list is still worth showing, without the controls that need its state.
  const id = await deps.lists.save(state).catch((error: unknown) => {
    if (error instanceof UnavailableError) return undefined;
    throw error;
  });
  return listMessage(t, page, state, id, (token) => deps.tokens.status(token), new Date(), extras);
}

/**
 * The page `state` is at. Keyset pages, as GET /v1/tokens pages: Next lists after the last token
 * shown, Previous before the first (read backwards, nearest first, and turned around), so a token
 * created or removed meanwhile makes no page repeat or skip one. A Previous that reaches the top
 * shows the first page whole (tokens removed above could leave it short). Where a page starts is
 * counted as the list is now.
 */
async function pageOf({ deps, context: { actor } }: Flow, { filter, page }: ListState): Promise<ShownPage> {
  const tokens = deps.tokens;
  const startOf = async (first: Token | undefined) => (first ? tokens.placeOf(actor, filter, first) : 1);
  if (page && 'before' in page) {
    const back = await tokens.list(actor, filter, { before: page.before, limit: PAGE_SIZE });
    if (back.hasMore) return { tokens: back.tokens, start: await startOf(back.tokens[0]), previous: true, next: true };
  }
  const after = page && 'after' in page ? page.after : undefined;
  const ahead = await tokens.list(actor, filter, { after, limit: PAGE_SIZE });
  const start = after ? await startOf(ahead.tokens[0]) : 1;
  return { tokens: ahead.tokens, start, previous: Boolean(after), next: ahead.hasMore };
}

/** The saved list `stateId` as it is now, with `extras`; undefined once it is too old to re-render. */
export async function refreshedList(flow: Flow, stateId: string, extras: ListExtras): Promise<Message | undefined> {
  const state = await flow.deps.lists.load(stateId);
  return state && renderList(flow, state, extras);
}
