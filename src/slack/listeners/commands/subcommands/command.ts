// What every `/token` subcommand handler gets, and what it answers: false when the arguments do
// not fit its grammar (the dispatcher then answers with the subcommand's usage).
import type { Flow } from '../../../deps.js';

/** The flow's arguments (slack/deps.ts), and where the command was typed. */
type CommandContext = Flow & { triggerId: string; channel: string };

export type SubcommandHandler = (ctx: CommandContext, args: string[]) => Promise<boolean>;
