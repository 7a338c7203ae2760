// The /token slash command: parse, call one domain service and answer ephemerally (in the ack
// when ready within a second; see ackReply). Malformed arguments get that subcommand's usage,
// never an exception; refusals are answered by the refusals middleware.
import type { App } from '@slack/bolt';
import { isDisplayId } from '../../../domain/secret.js';
import type { SlackDeps } from '../../deps.js';
import { renderList } from '../../flows/lists.js';
import { openCreateModal, openEditModal, openExtendModal } from '../../flows/modals.js';
import { runOperation, TOKEN_OPERATIONS, type TokenOperation } from '../../flows/operations.js';
import { askRevocationReason, requestRevocation } from '../../flows/revocation.js';
import { subcommands } from '../../grammar.js';
import type { SlackContext } from '../../context.js';
import { helpMessage } from '../../views/help.js';
import { simpleMessage } from '../../views/message.js';
import { escape, escapeEntities } from '../../views/text.js';
import { runAdmin } from './admin.js';
import { parseListFilter, words } from './parse.js';

export function registerTokenCommand(app: App<SlackContext>, deps: SlackDeps): void {
  app.command('/token', async ({ command, client, context }) => {
    const { actor, t, reply } = context;
    const [first = 'help', ...args] = words(command.text);
    const name = first.toLowerCase();
    const sub = subcommands.find((candidate) => candidate.name === name);
    deps.metrics.slackCommands.inc({ subcommand: sub ? name : 'unknown' });
    const usage = () => reply(helpMessage(t, sub ? [sub] : subcommands, sub ? t('usage.malformed', { syntax: escapeEntities(sub.syntax) }) : t('command.unknown', { subcommand: escape(name.slice(0, 40)) })));
    const opener = { deps, client, context, triggerId: command.trigger_id, channel: command.channel_id };
    let understood = true;
    if (name === 'help') {
      await reply(helpMessage(t, subcommands));
    } else if (name === 'create') {
      await openCreateModal(opener);
    } else if (name === 'list') {
      const parsed = parseListFilter(args);
      // Named back in a code span, which a backtick of its own would end.
      if ('bad' in parsed) await reply(simpleMessage(t('list.badFilter', { part: escapeEntities(parsed.bad.slice(0, 60).replace(/`/g, '')) })));
      else await reply(await renderList(deps, actor, t, { filter: parsed.filter, offset: 0 }));
    } else if (name === 'edit') {
      if (args.length !== 1 || !isDisplayId(args[0]!)) understood = false;
      else await openEditModal({ ...opener, id: args[0]! });
    } else if (name === 'revoke' && deps.approvalsChannelId) {
      const [id, ...reason] = args;
      if (!id || !isDisplayId(id)) understood = false;
      else if (!reason.length) await askRevocationReason(deps, client, context, command.trigger_id, { id, channel: command.channel_id });
      else await requestRevocation({ ...deps, client, channelId: deps.approvalsChannelId }, { actor, t, id, reason: reason.join(' '), reply });
    } else if (name === 'extend' && args.length === 1) {
      if (!isDisplayId(args[0]!)) understood = false;
      else await openExtendModal({ ...opener, id: args[0]! });
    } else if (name === 'admin') {
      understood = await runAdmin({ deps, actor, t, reply }, args);
    } else if ((TOKEN_OPERATIONS as readonly string[]).includes(name)) {
      understood = await runOperation({ deps, client, actor, t, reply }, name as TokenOperation, args[0], args.slice(1));
    } else {
      understood = false;
    }
    if (!understood) await usage();
  });
}
