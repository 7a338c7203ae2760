// The /token slash command: look the subcommand up in the dispatch table (subcommands/) and run
// it; answers go ephemerally (in the ack when ready within a second; see ackReply). Malformed
// arguments get that subcommand's usage, never an exception; refusals are answered by the
// refusals middleware.
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { grammarFor } from '../../grammar.js';
import type { SlackContext } from '../../context.js';
import { helpMessage } from '../../views/help.js';
import { escape, escapeEntities } from '../../views/text.js';
import { words } from './parse.js';
import { subcommandHandlers } from './subcommands/index.js';

export function registerTokenCommand(app: App<SlackContext>, deps: SlackDeps): void {
  const grammar = grammarFor(deps.catalog);
  app.command('/token', async ({ command, client, context }) => {
    const { t, reply } = context;
    const [first = 'help', ...args] = words(command.text);
    const name = first.toLowerCase();
    const sub = grammar.find((candidate) => candidate.name === name);
    const handler = Object.hasOwn(subcommandHandlers, name) ? subcommandHandlers[name] : undefined;
    deps.metrics.slackCommands.inc({ subcommand: sub && handler ? name : 'unknown' });
    const understood = handler
      ? await handler({ deps, client, context, triggerId: command.trigger_id, channel: command.channel_id }, args)
      : false;
    if (understood) return;
    const usage = sub
      ? t('usage.malformed', { syntax: escapeEntities(sub.syntax) })
      : t('command.unknown', { subcommand: escape(name.slice(0, 40)) });
    await reply(helpMessage(t, sub ? [sub] : grammar, usage));
  });
}
