// Every Slack request a person waits on (a command, a click, a form) is answered within Slack's
// 3 seconds, whatever the database and Redis do: its storage work runs under a deadline (1.8 s
// from its arrival), after which a query or a Redis step fails instead of waiting, and the person
// is told what happened (see refusals). Events are acknowledged by Bolt at once and nobody waits
// on an answer to them (a deactivated account's notices are paced to Slack's limits): no deadline.
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { withDeadline } from '../../store/requestDeadline.js';
import type { SlackContext } from '../context.js';

/** Leaves time, after a step that failed at the deadline, to find out whether a change it sent
 *  was made (0.5 s) and to answer. */
const STORAGE_BUDGET_MS = 1_800;

export function storageDeadline(): Middleware<AnyMiddlewareArgs, SlackContext> {
  return ({ body, next }) =>
    (body as { type?: string }).type === 'event_callback' ? next() : withDeadline(STORAGE_BUDGET_MS, () => next());
}
