import { isDisplayId } from '../../../../domain/secret.js';
import { askRevocationReason, requestRevocation } from '../../../flows/revocation.js';
import type { SubcommandHandler } from './command.js';
import { operation } from './operation.js';

/** With an approvals channel a revocation is a request (the reason asked in a modal when not given); without one it runs at once. */
export const revoke: SubcommandHandler = async (ctx, args) => {
  const { deps, client, context, triggerId, channel } = ctx;
  if (!deps.approvalsChannelId) return operation('revoke')(ctx, args);
  const [id, ...reason] = args;
  if (!id || !isDisplayId(id)) return false;
  if (!reason.length) await askRevocationReason(deps, client, context, triggerId, { id, channel });
  else await requestRevocation({ ...deps, client, channelId: deps.approvalsChannelId }, { actor: context.actor, t: context.t, id, reason: reason.join(' '), reply: context.reply });
  return true;
};
