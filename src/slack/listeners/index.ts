// Every listener, by kind (as Bolt's templates lay them out).
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import type { SlackContext } from '../context.js';
import { registerActions } from './actions/index.js';
import { registerCommands } from './commands/index.js';
import { registerEvents } from './events/index.js';
import { registerFunctions } from './functions/index.js';
import { registerOwnerOptions } from './options/owners.js';
import { registerReportLeak } from './shortcuts/reportLeak.js';
import { registerSubmissions } from './submissions/index.js';

export function registerListeners(app: App<SlackContext>, deps: SlackDeps): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  registerSubmissions(app, deps);
  registerEvents(app, deps);
  registerFunctions(app, deps);
  registerReportLeak(app, deps);
  registerOwnerOptions(app, deps);
}
