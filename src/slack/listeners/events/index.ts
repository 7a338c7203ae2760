// Events: App Home opened (render it), user_change (a deactivated account leaves its tokens
// without a primary contact), and with LEAK_SCAN_CHANNELS, messages (secrets posted in them).
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { publishHome } from '../../flows/home.js';
import type { SlackContext } from '../../context.js';
import { registerLeakedMessages } from './leakedMessages.js';

export function registerEvents(app: App<SlackContext>, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, client, context }) => {
    if (event.tab === 'home') await publishHome({ deps, client, context });
  });

  app.event('user_change', async ({ event }) => {
    if (event.user.deleted) await deps.contactDeactivated(event.user.id);
  });

  if (deps.leakScan) registerLeakedMessages(app, deps, deps.leakScan.tokenPrefix);
}
