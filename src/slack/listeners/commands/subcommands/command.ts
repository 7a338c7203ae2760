// What every `/token` subcommand handler gets, and what it answers: false when the arguments do
// not fit its grammar (the dispatcher then answers with the subcommand's usage).
import type { WebClient } from '@slack/web-api';
import type { SlackContext } from '../../../context.js';
import type { SlackDeps } from '../../../deps.js';

export type CommandContext = {
  deps: SlackDeps;
  client: WebClient;
  context: SlackContext;
  triggerId: string;
  channel: string;
};

export type SubcommandHandler = (ctx: CommandContext, args: string[]) => Promise<boolean>;
