// `/token request`: anyone opens the request form (every owner offered); `/token policy`: the
// approval rules in effect, in the reader's language.
import { openRequestModal } from '../../../flows/modals.js';
import { policyMessage } from '../../../views/policy.js';
import type { SubcommandHandler } from './command.js';

export const request: SubcommandHandler = async (ctx, args) => {
  if (args.length) return false;
  await openRequestModal(ctx, ctx);
  return true;
};

export const policy: SubcommandHandler = async ({ deps, context }, args) => {
  if (args.length) return false;
  await context.reply(policyMessage(context.t, deps.catalog.approvals, deps.requests.ttlHours));
  return true;
};
