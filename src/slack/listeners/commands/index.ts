import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import type { SlackContext } from '../../context.js';
import { registerTokenCommand } from './token.js';

export function registerCommands(app: App<SlackContext>, deps: SlackDeps): void {
  registerTokenCommand(app, deps);
}
