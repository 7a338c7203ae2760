import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import type { SlackContext } from '../../context.js';
import { registerApprovalActions } from './approvals.js';
import { registerHomeActions } from './home.js';
import { registerReminderActions } from './reminders.js';
import { registerRequestActions } from './requests.js';
import { registerTokenActions } from './tokenActions.js';

export function registerActions(app: App<SlackContext>, deps: SlackDeps): void {
  registerTokenActions(app, deps);
  registerHomeActions(app, deps);
  registerApprovalActions(app, deps);
  registerReminderActions(app, deps);
  registerRequestActions(app, deps);
}
