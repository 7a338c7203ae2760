// Buttons of reminder DMs (extend, reset, show), contact reviews (keep, revoke), unused tokens
// (ask for revocation, keep) and orphaned-contact notices (choose a new contact). Each button's
// value is the token's id. An answer changes only its own item of a digest: the other reminders
// in the message stay as they were.
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { Flow, SlackDeps } from '../../deps.js';
import { openEditModal, openExtendModal } from '../../flows/modals.js';
import { runOperation } from '../../flows/operations.js';
import { answerInMessage, messageRef } from '../../flows/reminderAnswers.js';
import type { SlackContext } from '../../context.js';
import { simpleMessage } from '../../views/message.js';
import {
  ORPHAN_EDIT_ACTION,
  REMINDER_EXTEND_ACTION,
  REMINDER_RESET_ACTION,
  REMINDER_SHOW_ACTION,
  REVIEW_KEEP_ACTION,
  REVIEW_REVOKE_ACTION,
  STALE_KEEP_ACTION,
  STALE_REVOKE_ACTION,
  type ItemKey,
} from '../../views/reminder.js';
import { dateText, escape } from '../../views/text.js';

type Click = BlockAction<ButtonAction>;

export function registerReminderActions(app: App<SlackContext>, deps: SlackDeps): void {
  app.action<Click>(REMINDER_RESET_ACTION, async ({ action, body, client, context }) => {
    await runOperation(
      { deps, client, context },
      { op: 'reset', id: action.value ?? '', rest: [], origin: { triggerId: body.trigger_id } },
    );
  });

  app.action<Click>(REMINDER_EXTEND_ACTION, async ({ action, body, client, context }) => {
    const reminder = messageRef(
      body.container?.channel_id ?? body.channel?.id,
      body.container?.message_ts ?? body.message?.ts,
    );
    await openExtendModal(
      { deps, client, context },
      { id: action.value ?? '', triggerId: body.trigger_id, responseUrl: body.response_url, reminder },
    );
  });

  app.action<Click>(REMINDER_SHOW_ACTION, async ({ action, body, client, context }) => {
    await runOperation(
      { deps, client, context },
      { op: 'show', id: action.value ?? '', rest: [], origin: { triggerId: body.trigger_id } },
    );
  });

  /** The answered item gives way to the outcome in the message as it is now. Where it was
   *  answered there already, or the message cannot be rewritten, the outcome is an answer of its
   *  own: the message as it was clicked may be older than what it says now. */
  const answer = async (flow: Flow, body: Click, item: ItemKey, outcome: string) => {
    const { context } = flow;
    const ref = messageRef(
      body.container?.channel_id ?? body.channel?.id,
      body.container?.message_ts ?? body.message?.ts,
    );
    if (ref && (await answerInMessage(flow, { ref, item, outcome }))) return;
    await context.reply(simpleMessage(outcome));
  };

  // Keeping a token (after a review, or while it is unused) answers with when it is next asked about.
  const keeps = [
    { action: REVIEW_KEEP_ACTION, kind: 'review', keep: deps.tokens.keep, kept: 'review.kept' },
    { action: STALE_KEEP_ACTION, kind: 'stale', keep: deps.tokens.keepUnused, kept: 'stale.kept' },
  ] as const;
  for (const { action: actionId, kind, keep, kept } of keeps) {
    app.action<Click>(actionId, async ({ action, body, client, context }) => {
      const id = action.value ?? '';
      const { token, next } = await keep.call(deps.tokens, context.actor, id);
      const outcome = context.t(kept, { label: escape(token.label), id, next: dateText(context.t, next, '') });
      await answer({ deps, client, context }, body, { kind, id }, outcome);
    });
  }

  app.action<Click>(STALE_REVOKE_ACTION, async ({ action, body, client, context }) => {
    // Through approval, as /token revoke: the reason form, then the request.
    await runOperation(
      { deps, client, context },
      {
        op: 'revoke',
        id: action.value ?? '',
        rest: [],
        origin: { triggerId: body.trigger_id, responseUrl: body.response_url },
      },
    );
  });

  app.action<Click>(REVIEW_REVOKE_ACTION, async ({ action, body, client, context }) => {
    const origin = { triggerId: body.trigger_id, responseUrl: body.response_url };
    await runOperation(
      { deps, client, context },
      { op: 'revoke', id: action.value ?? '', rest: [], origin, asContact: true },
    );
  });

  app.action<Click>(ORPHAN_EDIT_ACTION, async ({ action, body, client, context }) => {
    // The confirmation takes the notice's place in the DM: the question it asked is answered.
    await openEditModal(
      { deps, client, context },
      { id: action.value ?? '', triggerId: body.trigger_id, responseUrl: body.response_url, replaces: true },
    );
  });
}
