// Every Slack request is answered within Slack's 3 seconds, whatever the database and Redis do:
// its storage work runs under a deadline (1.8 s from its arrival), after which a query or a Redis
// step fails instead of waiting, and the person is told what happened (see refusals).
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { withDeadline } from '../../store/requestDeadline.js';
import type { SlackContext } from '../context.js';

/** Leaves time, after a step that failed at the deadline, to find out whether a change it sent
 *  was made (0.5 s) and to answer. */
export const STORAGE_BUDGET_MS = 1_800;

export function storageDeadline(): Middleware<AnyMiddlewareArgs, SlackContext> {
  return ({ next }) => withDeadline(STORAGE_BUDGET_MS, () => next());
}
