// Clicks in token messages: the list's operations menu, its page buttons and filters, and the
// answers to an operation's question (run it, or cancel).
import type { WebClient } from '@slack/web-api';
import type { App, BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import { DomainError } from '../../../domain/errors.js';
import type { ListState } from '../../../domain/savedLists.js';
import type { SlackDeps } from '../../deps.js';
import { refreshedList, renderList } from '../../flows/lists.js';
import { openEditModal, openExtendModal } from '../../flows/modals.js';
import { runOperation, TOKEN_OPERATIONS, type TokenOperation } from '../../flows/operations.js';
import type { SlackContext } from '../../context.js';
import {
  LIST_CREATED_ACTION,
  LIST_PAGE_ACTION,
  LIST_SEARCH_ACTION,
  LIST_STATUS_ACTION,
  parseMenuValue,
  parsePageValue,
  searchModal,
  TOKEN_MENU_ACTION,
} from '../../views/list.js';
import { simpleMessage } from '../../views/message.js';
import { CANCEL_ACTION, CONFIRM_ACTION, parseCancelled, parseConfirmed } from '../../views/token.js';

type Click = BlockAction<ButtonAction | StaticSelectAction>;
const valueOf = (action: ButtonAction | StaticSelectAction) =>
  action.type === 'static_select' ? action.selected_option.value : (action.value ?? '');

export function registerTokenActions(app: App<SlackContext>, deps: SlackDeps): void {
  app.action<Click>(TOKEN_MENU_ACTION, async ({ action, body, client, context }) => {
    const { op, id, list } = parseMenuValue(valueOf(action));
    // Forms answer in the list they were opened from, refreshing it.
    const flow = { deps, client, context };
    const from = { id, triggerId: body.trigger_id, responseUrl: body.response_url, list };
    if (op === 'edit') return openEditModal(flow, from);
    if (op === 'extend') return openExtendModal(flow, from);
    if (!(TOKEN_OPERATIONS as readonly string[]).includes(op)) return;
    await runOperation(flow, { op: op as TokenOperation, id, rest: [], list, origin: from });
  });

  app.action<Click>(new RegExp(`^${LIST_PAGE_ACTION}`), async ({ action, client, context }) => {
    const page = parsePageValue(valueOf(action));
    const state = page && (await deps.lists.load(page.stateId));
    if (!state || !page) return void (await context.reply(simpleMessage(context.t('list.stale'))));
    await context.reply(await renderList({ deps, client, context }, { filter: state.filter, page: page.page }), {
      replace: true,
    });
  });

  // Filter controls: option values are "<list state id>|<choice>".
  const refilter =
    (change: (state: ListState, choice: string | undefined) => void) =>
    async ({
      action,
      client,
      context,
    }: {
      action: ButtonAction | StaticSelectAction;
      client: WebClient;
      context: SlackContext;
    }) => {
      const [id = '', choice = ''] = valueOf(action).split('|');
      const state = await deps.lists.load(id);
      if (!state) return void (await context.reply(simpleMessage(context.t('list.stale'))));
      change(state, choice === 'any' ? undefined : choice);
      await context.reply(await renderList({ deps, client, context }, { filter: state.filter }), { replace: true });
    };
  app.action<Click>(
    LIST_STATUS_ACTION,
    refilter((state, choice) => void (state.filter.status = choice as ListState['filter']['status'])),
  );
  app.action<Click>(
    LIST_CREATED_ACTION,
    refilter((state, choice) => void (state.filter.created = choice as ListState['filter']['created'])),
  );

  app.action<Click>(LIST_SEARCH_ACTION, async ({ action, body, client, context }) => {
    const stateId = valueOf(action);
    const state = await deps.lists.load(stateId);
    if (!state) return void (await context.reply(simpleMessage(context.t('list.stale'))));
    await client.views.open({
      trigger_id: body.trigger_id,
      view: searchModal(context.t, state.filter.words ?? [], { stateId, responseUrl: body.response_url ?? '' }),
    });
  });

  // A question's button runs the operation it asked about: the outcome replaces the question
  // (in a list, the list is refreshed around it).
  app.action<Click>(new RegExp(`^${CONFIRM_ACTION}`), async ({ action, body, client, context }) => {
    const confirmed = parseConfirmed(valueOf(action));
    if (!confirmed || !(TOKEN_OPERATIONS as readonly string[]).includes(confirmed.op))
      throw new DomainError('button_invalid');
    const { op, id, args, list } = confirmed;
    const reply: SlackContext['reply'] = (message) => context.reply(message, { replace: true });
    await runOperation(
      { deps, client, context: { ...context, reply } },
      { op, id, rest: args, confirmed: true, list, origin: { triggerId: body.trigger_id } },
    );
  });

  app.action<Click>(CANCEL_ACTION, async ({ action, client, context }) => {
    const list = parseCancelled(valueOf(action));
    const message =
      (list && (await refreshedList({ deps, client, context }, list, {}))) ||
      simpleMessage(context.t('confirm.cancelled'));
    await context.reply(message, { replace: true });
  });
}
