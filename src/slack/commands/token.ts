// The /token slash command: parse, call one domain service and answer ephemerally, in the ack
// when the answer is ready within a second (see ackReply). Malformed arguments get that
// subcommand's usage, never an exception.
import { randomUUID } from 'node:crypto';
import type { App, RespondArguments } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { helpMessage } from '../views/help.js';
import { createModal } from '../views/createModal.js';
import { renderList } from '../listState.js';
import { errorText, mrkdwn } from '../views/text.js';
import { simpleMessage, type Message } from '../views/token.js';
import { runOperation, TOKEN_OPERATIONS, type TokenOperation } from '../operations.js';
import { runAdmin } from './admin.js';
import { ackWithFirstReply } from './ackReply.js';
import { openEditModal } from '../actions/editToken.js';
import { approvalContext, askRevocationReason } from '../actions/revocation.js';
import { requestRevocation } from '../revocationFlow.js';
import { isDisplayId } from '../../domain/secret.js';
import { subcommands } from './grammar.js';
import { parseListFilter, words } from './parse.js';

export function registerTokenCommand(app: App, deps: SlackDeps): void {
  app.command('/token', async ({ command, ack, respond, client }) => {
    const answer = ackWithFirstReply({ ack, respond, onAckError: (error) => deps.logger.warn({ err: error }, '/token could not be acknowledged') });
    const [first = 'help', ...args] = words(command.text);
    const name = first.toLowerCase();
    const sub = subcommands.find((candidate) => candidate.name === name);
    deps.metrics.slackCommands.inc({ subcommand: sub ? name : 'unknown' });
    const language = await deps.locales.languageOf(command.user_id); // English when Slack cannot tell
    const t = deps.locales.translate(language);
    const reply = (message: Message) => answer.reply({ response_type: 'ephemeral', ...message } as RespondArguments);
    const usage = () => reply(helpMessage(t, sub ? [sub] : subcommands, sub ? t('usage.malformed', { syntax: sub.syntax }) : t('command.unknown', { subcommand: name.slice(0, 40) })));
    try {
      const actor = await deps.tokens.actor(command.user_id);
      let understood = true;
      if (name === 'help') {
        await reply(helpMessage(t, subcommands));
      } else if (name === 'create') {
        const owners = await deps.tenants.creatableOwners(actor);
        if (!owners.length) await reply(simpleMessage(t('create.noOwners')));
        else {
          const view = createModal(t, language, { owners, catalog: deps.catalog, callerId: command.user_id, metadata: { key: randomUUID(), channel: command.channel_id } });
          await client.views.open({ trigger_id: command.trigger_id, view });
        }
      } else if (name === 'list') {
        const filter = parseListFilter(args);
        if (!filter) understood = false;
        else await reply(await renderList(deps, actor, t, { filter, offset: 0 }));
      } else if (name === 'edit') {
        if (args.length !== 1 || !isDisplayId(args[0]!)) understood = false;
        else await openEditModal({ deps, client, actor, language, id: args[0]!, triggerId: command.trigger_id, channel: command.channel_id });
      } else if (name === 'revoke' && deps.approvalsChannelId) {
        const [id, ...reason] = args;
        if (!id || !isDisplayId(id)) understood = false;
        else if (!reason.length) await askRevocationReason(client, t, command.trigger_id, { id, channel: command.channel_id });
        else await requestRevocation({ ...approvalContext(deps, client), channelId: deps.approvalsChannelId }, { actor, t, id, reason: reason.join(' '), reply });
      } else if (name === 'admin') {
        understood = await runAdmin({ deps, actor, t, reply }, args);
      } else if ((TOKEN_OPERATIONS as readonly string[]).includes(name)) {
        // Without an approvals channel, revoking happens at once: after a confirmation.
        understood = await runOperation({ deps, client, actor, t, reply }, name as TokenOperation, args[0], args.slice(1), ['delete', 'revoke']);
      } else {
        understood = false;
      }
      if (!understood) await usage();
    } catch (error) {
      const text = errorText(t, error);
      if (!text) deps.logger.error({ err: error, subcommand: name }, '/token failed');
      await reply({ text: text ?? t('error.unexpected'), blocks: [{ type: 'section', text: mrkdwn(text ?? t('error.unexpected')) }] });
    } finally {
      await answer.done();
    }
  });
}
