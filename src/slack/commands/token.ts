// The /token slash command: ack at once (Slack waits 3 s), then parse and answer ephemerally.
import type { App } from '@slack/bolt';
import type { Locales } from '../locale.js';
import type { Metrics } from '../../observability/metrics.js';
import { helpMessage } from '../views/help.js';
import { subcommands } from './grammar.js';

export function registerTokenCommand(app: App, deps: { locales: Locales; metrics: Metrics }): void {
  app.command('/token', async ({ command, ack, respond }) => {
    await ack();
    const name = command.text.trim().split(/\s+/, 1)[0]?.toLowerCase() || 'help';
    const known = subcommands.some((sub) => sub.name === name);
    deps.metrics.slackCommands.inc({ subcommand: known ? name : 'unknown' });
    const t = await deps.locales.translatorFor(command.user_id);
    const shown = name.slice(0, 40);
    const notice =
      name === 'help' ? undefined : known ? t('command.notYetAvailable', { subcommand: shown }) : t('command.unknown', { subcommand: shown });
    await respond({ response_type: 'ephemeral', ...helpMessage(t, subcommands, notice) });
  });
}
