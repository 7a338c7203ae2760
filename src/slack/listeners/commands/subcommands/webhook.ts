// `/token webhook add <url> [event types] | list | remove <id> | test <id> | rotate <id>`:
// event receivers, for workspace admins. A new signing secret goes to the person's DM
// (conversations.open, then chat.postEphemeral) before it is stored; if Slack refuses, or does
// not confirm it (it may be shown all the same), nothing is kept.
import type { WebClient } from '@slack/web-api';
import type { Translate } from '../../../../i18n/index.js';
import { dateText } from '../../../views/text.js';
import { simpleMessage } from '../../../views/message.js';
import { eventTypesText, signingSecretMessage, webhookList } from '../../../views/webhook.js';
import { openDm } from '../../../web/dm.js';
import { mayHaveReachedSlack, slackError } from '../../../web/errors.js';
import type { SubcommandHandler } from './command.js';

/** Slack sends a URL as `<https://…>` or `<https://…|label>`. */
const unwrapUrl = (word: string) => /^<([^|>]+)(\|[^>]*)?>$/.exec(word)?.[1] ?? word;

/** `unconfirmed`: Slack did not answer the post, which may have shown the secret. */
class Undelivered extends Error {
  constructor(
    message: string,
    readonly unconfirmed: boolean,
  ) {
    super(message);
  }
}

function handOver(client: WebClient, userId: string, t: Translate, url: (id: string) => string) {
  return async (id: string, secret: string) => {
    let posting = false;
    try {
      const channel = await openDm(client, userId);
      posting = true;
      await client.chat.postEphemeral({
        channel,
        user: userId,
        ...signingSecretMessage(t, { id, url: url(id) }, secret),
      });
    } catch (error) {
      throw new Undelivered(slackError(error), posting && mayHaveReachedSlack(error));
    }
  };
}

export const webhook: SubcommandHandler = async ({ deps, client, context: { actor, t, reply } }, args) => {
  const [verb, ...rest] = args;
  const { webhooks } = deps;
  let rotating = false;
  const action = verb?.toLowerCase(); // "Remove" is remove: compared lowercased everywhere
  try {
    switch (action) {
      case 'add': {
        if (!rest[0]) return false;
        const url = unwrapUrl(rest[0]);
        const { endpoint } = await webhooks.add(
          actor,
          url,
          rest.slice(1),
          handOver(client, actor.userId, t, () => url),
        );
        await reply(
          simpleMessage(t('webhook.added', { id: endpoint.id, url, types: eventTypesText(t, endpoint.types) })),
        );
        return true;
      }
      case 'list':
        if (rest.length) return false;
        await reply(webhookList(t, await webhooks.list(actor)));
        return true;
      case 'remove':
      case 'test':
      case 'rotate': {
        if (rest.length !== 1) return false;
        const id = rest[0]!;
        if (action === 'remove') {
          await webhooks.remove(actor, id);
          await reply(simpleMessage(t('webhook.removed', { id })));
        } else if (action === 'test') {
          await webhooks.test(actor, id);
          await reply(simpleMessage(t('webhook.testQueued', { id })));
        } else {
          rotating = true;
          const urls = new Map((await webhooks.list(actor)).map((endpoint) => [endpoint.id, endpoint.url]));
          const { previousUntil } = await webhooks.rotate(
            actor,
            id,
            handOver(client, actor.userId, t, (endpointId) => urls.get(endpointId) ?? endpointId),
          );
          await reply(simpleMessage(t('webhook.rotated', { id, until: dateText(t, previousUntil, '') })));
        }
        return true;
      }
      default:
        return false;
    }
  } catch (error) {
    if (!(error instanceof Undelivered)) throw error;
    const told = error.unconfirmed
      ? t(rotating ? 'webhook.rotateUnconfirmed' : 'webhook.secretUnconfirmed')
      : t(rotating ? 'webhook.rotateUndelivered' : 'webhook.secretUndelivered', { error: error.message });
    await reply(simpleMessage(told));
    return true;
  }
};
