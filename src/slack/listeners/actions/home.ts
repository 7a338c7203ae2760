// App Home's buttons: create a token, and list them all in the person's DM with tokenops
// (Home has no place for a long, paged list).
import type { App } from '@slack/bolt';
import { DomainError } from '../../../domain/errors.js';
import type { SlackDeps } from '../../deps.js';
import { publishHome } from '../../flows/home.js';
import { renderList } from '../../flows/lists.js';
import { openCreateModal, openRequestModal } from '../../flows/modals.js';
import type { SlackContext } from '../../context.js';
import { HOME_CREATE_ACTION, HOME_LIST_ACTION, HOME_REQUEST_ACTION } from '../../views/home.js';
import { postDm } from '../../web/dm.js';
import { errorText } from '../../views/text.js';

export function registerHomeActions(app: App<SlackContext>, deps: SlackDeps): void {
  app.action(HOME_CREATE_ACTION, async ({ body, client, context }) => {
    const triggerId = (body as { trigger_id: string }).trigger_id;
    const flow = { deps, client, context };
    await openCreateModal(flow, { triggerId }).catch(async (error: unknown) => {
      if (!(error instanceof DomainError)) throw error;
      await publishHome(flow, errorText(context.t, error)); // Home has no reply: the refusal shows there
    });
  });

  app.action(HOME_REQUEST_ACTION, async ({ body, client, context }) => {
    const flow = { deps, client, context };
    const triggerId = (body as { trigger_id: string }).trigger_id;
    await openRequestModal(flow, { triggerId }).catch(async (error: unknown) => {
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
