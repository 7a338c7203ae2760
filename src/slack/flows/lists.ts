// A page of the actor's tokens, with controls bound to its newly saved filters and page.
import { UnavailableError } from '../../domain/errors.js';
import type { Actor } from '../../domain/permissions.js';
import type { ListState } from '../../domain/savedLists.js';
import type { Translate } from '../../i18n/index.js';
import type { SlackDeps } from '../deps.js';
import { listMessage, PAGE_SIZE } from '../views/list.js';
import type { Message } from '../views/message.js';

export async function renderList(deps: SlackDeps, actor: Actor, t: Translate, state: ListState): Promise<Message> {
  const page = await deps.tokens.list(actor, state.filter, { offset: state.offset, limit: PAGE_SIZE });
  // Without Redis the list is still worth showing, without the controls that need its state.
  const id = await deps.lists.save(state).catch((error: unknown) => {
    if (error instanceof UnavailableError) return undefined;
    throw error;
  });
  return listMessage(t, page, state, id, (token) => deps.tokens.status(token), new Date());
}
