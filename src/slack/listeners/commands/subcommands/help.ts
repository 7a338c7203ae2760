import { grammarFor } from '../../../grammar.js';
import { helpMessage } from '../../../views/help.js';
import type { SubcommandHandler } from './command.js';

export const help: SubcommandHandler = async ({ deps, context }) => {
  await context.reply(helpMessage(context.t, grammarFor(deps.catalog)));
  return true;
};
