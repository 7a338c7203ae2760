import { subcommands } from '../../../grammar.js';
import { helpMessage } from '../../../views/help.js';
import type { SubcommandHandler } from './command.js';

export const help: SubcommandHandler = async ({ context }) => {
  await context.reply(helpMessage(context.t, subcommands));
  return true;
};
