// `/token apikey create <org:slug|domain:name|workspace> [label]`, `apikey list`,
// `apikey revoke <id>`: management API keys, for admins of their scope.
import { isKeyDisplayId } from '../../../../domain/secret.js';
import { deliverOnce } from '../../../flows/secretDelivery.js';
import { keyListMessage, keyMessage } from '../../../views/apiKeys.js';
import { simpleMessage } from '../../../views/message.js';
import { escape } from '../../../views/text.js';
import type { SubcommandHandler } from './command.js';

export const apikey: SubcommandHandler = async (ctx, args) => {
  const { deps, context } = ctx;
  const { actor, t, reply } = context;
  const [verb, ...rest] = args;
  switch (verb?.toLowerCase()) {
    case 'create': {
      if (!rest[0]) return false;
      const issued = await deps.tokens.audited(actor, 'apikey.create', undefined, () =>
        deps.apiKeys.create(actor, rest[0]!, rest.slice(1).join(' ') || undefined),
      );
      const name = { label: escape(issued.key.label), id: issued.key.displayId };
      await deliverOnce(ctx, {
        id: issued.key.displayId,
        message: keyMessage(t, issued.key, issued.secret),
        handedOver: () => deps.apiKeys.handedOver(issued),
        voidIt: () => deps.apiKeys.voidIssued(actor, issued),
        undelivered: (error) => t('apikey.undelivered', { ...name, error }),
        unconfirmed: t('apikey.unconfirmed', name),
        late: t('apikey.late', name),
        sent: t('apikey.sent', name),
        notify: (text) => reply(simpleMessage(text)),
      });
      return true;
    }
    case 'list':
      if (rest.length) return false;
      await reply(keyListMessage(t, await deps.apiKeys.list(actor), new Date()));
      return true;
    case 'revoke': {
      if (rest.length !== 1 || !isKeyDisplayId(rest[0]!)) return false;
      const key = await deps.tokens.audited(actor, 'apikey.revoke', rest[0], () =>
        deps.apiKeys.revoke(actor, rest[0]!),
      );
      await reply(simpleMessage(t('apikey.revoked', { label: escape(key.label), id: key.displayId })));
      return true;
    }
    default:
      return false;
  }
};
