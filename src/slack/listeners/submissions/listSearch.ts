// The list's search modal: its words re-render the list it was opened from, in place (modal
// submissions have no response_url of their own: the answer goes through the list's).
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { renderList } from '../../flows/lists.js';
import { viewMetadata, type SlackContext } from '../../context.js';
import { LIST_SEARCH_CALLBACK_ID } from '../../views/list.js';
import { simpleMessage } from '../../views/message.js';

export function registerListSearch(app: App<SlackContext>, deps: SlackDeps): void {
  app.view(LIST_SEARCH_CALLBACK_ID, async ({ ack, view, client, context }) => {
    await ack();
    const { stateId = '', responseUrl } = viewMetadata(view);
    const state = await deps.lists.load(stateId);
    const words = (view.state.values.words?.words?.value ?? '').split(/\s+/).filter(Boolean);
    const message = state
      ? await renderList({ deps, client, context }, { filter: { ...state.filter, words } })
      : simpleMessage(context.t('list.stale'));
    await deps.responseUrls.post(responseUrl, { response_type: 'ephemeral', replace_original: true, ...message });
  });
}
