import { openCreateModal } from '../../../flows/modals.js';
import type { SubcommandHandler } from './command.js';

export const create: SubcommandHandler = async (ctx) => {
  await openCreateModal(ctx, ctx);
  return true;
};
