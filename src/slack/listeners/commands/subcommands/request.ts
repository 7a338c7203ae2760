// `/token request`: anyone opens the request form (every owner offered); `/token policy`: the
// approval rules in effect, in the reader's language.
import { randomUUID } from 'node:crypto';
import { policyMessage } from '../../../views/policy.js';
import { requestModal } from '../../../views/request.js';
import type { SubcommandHandler } from './command.js';

export const request: SubcommandHandler = async ({ deps, client, context, triggerId, channel }, args) => {
  if (args.length) return false;
  const owners = await deps.tenants.requestableOwners();
  const view = requestModal(context.t, context.language, { owners, catalog: deps.catalog, callerId: context.actor.userId, metadata: { key: randomUUID(), channel } });
  await client.views.open({ trigger_id: triggerId, view });
  return true;
};

export const policy: SubcommandHandler = async ({ deps, context }, args) => {
  if (args.length) return false;
  await context.reply(policyMessage(context.t, deps.catalog.approvals));
  return true;
};
