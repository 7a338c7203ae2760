// Clicks in token messages: the list's operations menu, its page buttons, and the delete
// confirmation.
import type { WebClient } from '@slack/web-api';
import type { App, BlockAction, ButtonAction, RespondArguments, StaticSelectAction } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { openEditModal } from './editToken.js';
import { runOperation, TOKEN_OPERATIONS, type TokenOperation } from '../operations.js';
import { LIST_PAGE_ACTION, listMessage, PAGE_SIZE, TOKEN_MENU_ACTION, type ListState } from '../views/list.js';
import { errorText, escape } from '../views/text.js';
import { DELETE_CONFIRM_ACTION, simpleMessage, type Message } from '../views/token.js';
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
    if (!TOKEN_OPERATIONS.includes(op)) return;
    await runOperation({ deps, client, actor, t, reply }, op, id, []);
  });

  on(new RegExp(`^${LIST_PAGE_ACTION}`), async ({ value, actor, t, reply }) => {
    const state = JSON.parse(value) as ListState;
    const page = await deps.tokens.list(actor, state.filter, { offset: state.offset, limit: PAGE_SIZE });
    await reply(listMessage(t, page, state, (token) => deps.tokens.status(token), new Date()), true);
  });

  on(DELETE_CONFIRM_ACTION, async ({ value, actor, t, reply }) => {
    const token = await deps.tokens.delete(actor, value);
    await reply(simpleMessage(t('done.deleted', { label: escape(token.label), id: token.displayId })), true);
  });
}
