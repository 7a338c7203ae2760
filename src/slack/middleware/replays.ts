// Replays and retries take effect once. A replayed signed request is byte-identical within
// Slack's five-minute signature window, and Slack's own retries repeat the body: the first
// sight of a body's digest wins, any repeat is acknowledged and dropped.
import { createHash } from 'node:crypto';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';

/** Slack refuses signatures older than five minutes; a little more covers clock skew. */
const WINDOW_SECONDS = 6 * 60;
/** With Redis unreachable, requests go on unguarded rather than hang (signatures still bound replays to 5 minutes). */
const BOUND_MS = 1_000;

export function dropReplays(deps: SlackDeps): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    // Options asked for again (the same text typed again) are a read that must be answered each time.
    if ((args.body as { type?: string }).type === 'block_suggestion') return args.next();
    const digest = createHash('sha256').update(JSON.stringify(args.body)).digest('base64url');
    let timer: NodeJS.Timeout | undefined;
    const first = await Promise.race([
      deps.once.first(`slack-request:${digest}`, WINDOW_SECONDS),
      new Promise<'unknown'>((resolve) => (timer = setTimeout(() => resolve('unknown'), BOUND_MS))),
    ]).catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'could not check a Slack request for replay');
      return 'unknown' as const;
    });
    clearTimeout(timer);
    if (first === false) {
      deps.logger.warn(
        { type: (args.body as { type?: string }).type ?? 'command' },
        'dropped a replayed Slack request',
      );
      // Commands and clicks are acknowledged by replyTarget, events by Bolt: a form, a shortcut
      // and a workflow step's event (acknowledged by their listeners) are not.
      const body = args.body as { type?: string; event?: { type?: string } };
      if (
        (body.type === 'view_submission' ||
          body.type === 'message_action' ||
          body.event?.type === 'function_executed') &&
        'ack' in args
      )
        await (args.ack as () => Promise<void>)();
      return;
    }
    if (first === 'unknown') deps.logger.warn('Slack request not checked for replay in time; serving it');
    await args.next();
  };
}
