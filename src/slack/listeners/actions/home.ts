// App Home's buttons: create a token, and list them all in the person's DM with tokenops
// (Home has no place for a long, paged list).
import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import { DomainError } from '../../../domain/errors.js';
import type { SlackDeps } from '../../deps.js';
import { publishHome } from '../../flows/home.js';
import { renderList } from '../../flows/lists.js';
import { openCreateModal } from '../../flows/modals.js';
import type { SlackContext } from '../../context.js';
import { HOME_CREATE_ACTION, HOME_LIST_ACTION, HOME_REQUEST_ACTION } from '../../views/home.js';
import { requestModal } from '../../views/request.js';
import { postDm } from '../../web/dm.js';
import { errorText } from '../../views/text.js';

export function registerHomeActions(app: App<SlackContext>, deps: SlackDeps): void {
  app.action(HOME_CREATE_ACTION, async ({ body, client, context }) => {
    const triggerId = (body as { trigger_id: string }).trigger_id;
    await openCreateModal({ deps, client, context, triggerId }).catch(async (error: unknown) => {
      if (!(error instanceof DomainError)) throw error;
      await publishHome(deps, client, context, errorText(context.t, error)); // Home has no reply: the refusal shows there
    });
  });

  app.action(HOME_REQUEST_ACTION, async ({ body, client, context }) => {
    const triggerId = (body as { trigger_id: string }).trigger_id;
    const owners = await deps.tenants.requestableOwners().catch(async (error: unknown) => {
      if (!(error instanceof DomainError)) throw error;
      await publishHome(deps, client, context, errorText(context.t, error));
      return undefined;
    });
    if (!owners) return;
    await client.views.open({ trigger_id: triggerId, view: requestModal(context.t, context.language, { owners, catalog: deps.catalog, callerId: context.actor.userId, metadata: { key: randomUUID() } }) });
  });

  app.action(HOME_LIST_ACTION, async ({ client, context }) => {
    await postDm(client, context.actor.userId, await renderList(deps, context.actor, context.t, { filter: {}, offset: 0 }));
    await publishHome(deps, client, context, context.t('home.listSent')); // Home has no reply: it says where the list went
  });
}
