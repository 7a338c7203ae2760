import { isDisplayId } from '../../../../domain/secret.js';
import { openEditModal, openExtendModal } from '../../../flows/modals.js';
import type { SubcommandHandler } from './command.js';
import { operation } from './operation.js';

export const edit: SubcommandHandler = async (ctx, args) => {
  if (args.length !== 1 || !isDisplayId(args[0]!)) return false;
  await openEditModal(ctx, { ...ctx, id: args[0]! });
  return true;
};

/** `extend <id>` asks for the new date in a modal; `extend <id> <duration>` runs at once. */
export const extend: SubcommandHandler = async (ctx, args) => {
  if (args.length !== 1) return operation('extend')(ctx, args);
  if (!isDisplayId(args[0]!)) return false;
  await openExtendModal(ctx, { ...ctx, id: args[0]! });
  return true;
};
