// A page of the actor's tokens, with controls bound to its newly saved filters and page; and the
// same list re-rendered in place after an operation started from it.
import { UnavailableError } from '../../domain/errors.js';
import type { ListState } from '../../domain/savedLists.js';
import type { Flow } from '../deps.js';
import { listMessage, PAGE_SIZE, type ListExtras } from '../views/list.js';
import { simpleMessage, type Message } from '../views/message.js';

export async function renderList(
  { deps, context: { actor, t } }: Flow,
  state: ListState,
  extras: ListExtras = {},
): Promise<Message> {
  // Nobody's tokens are hidden from them: someone without a role has none to see.
  if (!actor.grants.length) return simpleMessage(t('list.noRole'));
  const page = await deps.tokens.list(actor, state.filter, { offset: state.offset, limit: PAGE_SIZE });
  // Without Redis the list is still worth showing, without the controls that need its state.
  const id = await deps.lists.save(state).catch((error: unknown) => {
    if (error instanceof UnavailableError) return undefined;
    throw error;
  });
  return listMessage(t, page, state, id, (token) => deps.tokens.status(token), new Date(), extras);
}

/** The saved list `stateId` as it is now, with `extras`; undefined once it is too old to re-render. */
export async function refreshedList(flow: Flow, stateId: string, extras: ListExtras): Promise<Message | undefined> {
  const state = await flow.deps.lists.load(stateId);
  return state && renderList(flow, state, extras);
}
