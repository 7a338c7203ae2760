// App Home's buttons: create or request a token, list them all in the person's DM with tokenops
// (Home has no place for a long, paged list), and ask to extend a token the person is the primary
// contact of (its value: the token's id).
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { DomainError } from '../../../domain/errors.js';
import type { SlackDeps } from '../../deps.js';
import { publishHome } from '../../flows/home.js';
import { renderList } from '../../flows/lists.js';
import { openCreateModal, openExtendModal, openRequestModal } from '../../flows/modals.js';
import type { SlackContext } from '../../context.js';
import { HOME_CREATE_ACTION, HOME_EXTEND_ACTION, HOME_LIST_ACTION, HOME_REQUEST_ACTION } from '../../views/home.js';
import { postDm } from '../../web/dm.js';
import { errorText } from '../../views/text.js';

export function registerHomeActions(app: App<SlackContext>, deps: SlackDeps): void {
  const forms = [
    [HOME_CREATE_ACTION, openCreateModal],
    [HOME_REQUEST_ACTION, openRequestModal],
    [HOME_EXTEND_ACTION, openExtendModal],
  ] as const;
  for (const [actionId, open] of forms)
    app.action<BlockAction<ButtonAction>>(actionId, async ({ action, body, client, context }) => {
      const flow = { deps, client, context };
      await open(flow, { triggerId: body.trigger_id, id: action.value ?? '' }).catch(async (error: unknown) => {
        if (!(error instanceof DomainError)) throw error;
        await publishHome(flow, errorText(context.t, error)); // Home has no reply: the refusal shows there
      });
    });

  app.action(HOME_LIST_ACTION, async ({ client, context }) => {
    const flow = { deps, client, context };
    await postDm(client, context.actor.userId, await renderList(flow, { filter: {} }));
    await publishHome(flow, context.t('home.listSent')); // Home has no reply: it says where the list went
  });
}
