// The request form's owner menu when it searches (views/request.ts: more owners than a static
// select holds): Slack asks for the owners matching what the person typed (block_suggestion).
import type { App } from '@slack/bolt';
import type { SlackContext } from '../../context.js';
import type { SlackDeps } from '../../deps.js';
import { ownerSuggestions } from '../../views/request.js';

export function registerOwnerOptions(app: App<SlackContext>, deps: SlackDeps): void {
  app.options<'block_suggestion'>({ type: 'block_suggestion', action_id: 'owner' }, async ({ body, ack, context }) => {
    await ack({ options: ownerSuggestions(context.t, await deps.tenants.requestableOwners(), body.value) });
  });
}
