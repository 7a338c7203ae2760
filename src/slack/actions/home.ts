// App Home: rendered on app_home_opened (and after a create from it); its two buttons.
import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SlackDeps } from '../deps.js';
import { createModal } from '../views/createModal.js';
import { HOME_CREATE_ACTION, HOME_LIST_ACTION, homeView } from '../views/home.js';
import { renderList } from '../listState.js';

const DAY_MS = 86_400_000;

export async function publishHome(deps: SlackDeps, client: WebClient, userId: string, notice?: string): Promise<void> {
  const [t, actor] = await Promise.all([deps.locales.translatorFor(userId), deps.tokens.actor(userId)]);
  const administers = actor.grants.length > 0;
  const [expiring, disabled, pending] = administers
    ? await Promise.all([
        deps.tokens.list(actor, { status: 'enabled', expiringBefore: new Date(Date.now() + 30 * DAY_MS) }, { offset: 0, limit: 10 }),
        deps.tokens.list(actor, { status: 'disabled' }, { offset: 0, limit: 10 }),
        deps.revocations.decidable(actor),
      ])
    : [{ tokens: [], hasMore: false }, { tokens: [], hasMore: false }, []];
  const view = homeView(t, {
    administers,
    expiring: expiring.tokens,
    expiringMore: expiring.hasMore,
    disabled: disabled.tokens,
    disabledMore: disabled.hasMore,
    pending,
    notice,
  });
  await client.views.publish({ user_id: userId, view });
}

export function registerHome(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await publishHome(deps, client, event.user);
  });

  app.action(HOME_CREATE_ACTION, async ({ ack, body, client }) => {
    await ack();
    const userId = body.user.id;
    const [language, actor] = await Promise.all([deps.locales.languageOf(userId), deps.tokens.actor(userId)]);
    const owners = await deps.tenants.creatableOwners(actor);
    const t = deps.locales.translate(language);
    if (!owners.length) return publishHome(deps, client, userId, t('create.noOwners'));
    const view = createModal(t, language, { owners, catalog: deps.catalog, callerId: userId, metadata: { key: randomUUID() } });
    await client.views.open({ trigger_id: (body as { trigger_id: string }).trigger_id, view });
  });

  // The list goes to the user's DM with tokenops: Home has no place for a long, paged list.
  app.action(HOME_LIST_ACTION, async ({ ack, body, client }) => {
    await ack();
    const userId = body.user.id;
    const [t, actor] = await Promise.all([deps.locales.translatorFor(userId), deps.tokens.actor(userId)]);
    const im = await client.conversations.open({ users: userId });
    await client.chat.postMessage({ channel: im.channel!.id!, ...(await renderList(deps, actor, t, { filter: {}, offset: 0 })) });
  });
}
