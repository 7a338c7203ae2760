// Clicks in token messages: the list's operations menu, its page buttons, and the delete
// confirmation.
import type { WebClient } from '@slack/web-api';
import type { App, BlockAction, ButtonAction, RespondArguments, StaticSelectAction } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { openEditModal } from './editToken.js';
import { askRevocationReason } from './revocation.js';
import { runOperation, TOKEN_OPERATIONS, type TokenOperation } from '../operations.js';
import {
  LIST_CREATED_ACTION,
  LIST_PAGE_ACTION,
  LIST_SEARCH_ACTION,
  LIST_SEARCH_CALLBACK_ID,
  LIST_STATUS_ACTION,
  searchModal,
  TOKEN_MENU_ACTION,
  type ListState,
} from '../views/list.js';
import { loadListState, renderList } from '../listState.js';
import { errorText } from '../views/text.js';
import { CONFIRM_ACTION, simpleMessage, type Confirmed, type Message } from '../views/token.js';
import type { Translate } from '../../i18n/index.js';
import type { Actor } from '../../domain/permissions.js';

type Handler = (args: {
  value: string;
  body: BlockAction;
  actor: Actor;
  t: Translate;
  client: WebClient;
  reply: (message: Message, replace?: boolean) => Promise<unknown>;
}) => Promise<void>;

export function registerTokenActions(app: App, deps: SlackDeps): void {
  const on = (actionId: string | RegExp, handle: Handler) =>
    app.action<BlockAction<ButtonAction | StaticSelectAction>>(actionId, async ({ ack, body, action, respond, client }) => {
      await ack();
      const value = action.type === 'static_select' ? action.selected_option.value : (action.value ?? '');
      const [t, actor] = await Promise.all([deps.locales.translatorFor(body.user.id), deps.tokens.actor(body.user.id)]);
      const reply = (message: Message, replace = false) =>
        respond({ response_type: 'ephemeral', replace_original: replace, ...message } as RespondArguments);
      try {
        await handle({ value, body, actor, t, client, reply });
      } catch (error) {
        const text = errorText(t, error);
        if (!text) deps.logger.error({ err: error, action: action.action_id }, 'token action failed');
        await reply(simpleMessage(text ?? t('error.unexpected')));
      }
    });

  on(TOKEN_MENU_ACTION, async ({ value, body, actor, t, client, reply }) => {
    const [op, id] = value.split(':') as [TokenOperation | 'edit', string];
    if (op === 'edit') {
      const language = await deps.locales.languageOf(body.user.id);
      return openEditModal({ deps, client, actor, language, id, triggerId: body.trigger_id, channel: body.channel?.id });
    }
    if (op === 'revoke' && deps.approvalsChannelId) {
      return askRevocationReason(client, t, body.trigger_id, { id, responseUrl: (body as { response_url?: string }).response_url });
    }
    if (!TOKEN_OPERATIONS.includes(op)) return;
    // A menu choice is one click away from a mistake: destructive ones ask first.
    await runOperation({ deps, client, actor, t, reply }, op, id, [], ['delete', 'revoke', 'disable', 'reset']);
  });

  on(new RegExp(`^${LIST_PAGE_ACTION}`), async ({ value, actor, t, reply }) => {
    await reply(await renderList(deps, actor, t, JSON.parse(value) as ListState), true);
  });

  // Filter controls: option values are "<list state id>|<choice>".
  const refilter = (change: (state: ListState, choice: string | undefined) => void): Handler =>
    async ({ value, actor, t, reply }) => {
      const [id = '', choice = ''] = value.split('|');
      const state = await loadListState(deps, id);
      if (!state) {
        await reply(simpleMessage(t('list.stale')));
        return;
      }
      change(state, choice === 'any' ? undefined : choice);
      await reply(await renderList(deps, actor, t, { ...state, offset: 0 }), true);
    };
  on(
    LIST_STATUS_ACTION,
    refilter((state, choice) => {
      state.filter.status = choice as ListState['filter']['status'];
    }),
  );
  on(
    LIST_CREATED_ACTION,
    refilter((state, choice) => {
      state.filter.created = choice as ListState['filter']['created'];
    }),
  );

  on(LIST_SEARCH_ACTION, async ({ value, body, t, client, reply }) => {
    const state = await loadListState(deps, value);
    if (!state) {
      await reply(simpleMessage(t('list.stale')));
      return;
    }
    const responseUrl = (body as { response_url?: string }).response_url ?? '';
    await client.views.open({ trigger_id: body.trigger_id, view: searchModal(t, state.filter.words ?? [], { stateId: value, responseUrl }) });
  });

  app.view(LIST_SEARCH_CALLBACK_ID, async ({ ack, body, view }) => {
    await ack();
    const { stateId, responseUrl } = JSON.parse(view.private_metadata) as { stateId: string; responseUrl: string };
    const [t, actor] = await Promise.all([deps.locales.translatorFor(body.user.id), deps.tokens.actor(body.user.id)]);
    const state = await loadListState(deps, stateId);
    const words = (view.state.values.words?.words?.value ?? '').split(/\s+/).filter(Boolean);
    const message = state ? await renderList(deps, actor, t, { filter: { ...state.filter, words }, offset: 0 }) : simpleMessage(t('list.stale'));
    // Modal submissions have no response_url of their own: answer through the list's.
    const answer = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: true, ...message }),
    }).catch((error: unknown) => error);
    if (!(answer instanceof Response) || !answer.ok) deps.logger.warn({ status: answer instanceof Response ? answer.status : String(answer) }, 'could not re-render a searched list');
  });

  // The confirmation's button; the outcome replaces the question.
  on(new RegExp(`^${CONFIRM_ACTION}`), async ({ value, actor, t, client, reply }) => {
    const { op, id, args } = JSON.parse(value) as Confirmed;
    if (!TOKEN_OPERATIONS.includes(op)) return;
    await runOperation({ deps, client, actor, t, reply: (message) => reply(message, true) }, op, id, args, []);
  });
}
