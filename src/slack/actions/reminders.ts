// Buttons of reminder DMs (reset, show), contact reviews (keep, revoke) and orphaned-contact
// notices (choose a new contact); and Slack's user_change event, which says when an account
// is deactivated.
import type { App, BlockAction, ButtonAction, RespondArguments } from '@slack/bolt';
import { contactDeactivated } from '../../jobs/reminderJobs.js';
import type { SlackDeps } from '../deps.js';
import { runOperation } from '../operations.js';
import { dateText, errorText, escape } from '../views/text.js';
import { ORPHAN_EDIT_ACTION, REMINDER_RESET_ACTION, REMINDER_SHOW_ACTION, REVIEW_KEEP_ACTION, REVIEW_REVOKE_ACTION } from '../views/reminder.js';
import { simpleMessage, type Message } from '../views/token.js';
import { openEditModal } from './editToken.js';
import { askRevocationReason } from './revocation.js';

export function registerReminderActions(app: App, deps: SlackDeps): void {
  const on = (actionId: string, handle: (args: { id: string; body: BlockAction; reply: (m: Message, replace?: boolean) => Promise<unknown> }) => Promise<void>) =>
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const reply = (message: Message, replace = false) => respond({ response_type: 'ephemeral', replace_original: replace, ...message } as RespondArguments);
      try {
        await handle({ id: action.value ?? '', body, reply });
      } catch (error) {
        const t = await deps.locales.translatorFor(body.user.id);
        const text = errorText(t, error);
        if (!text) deps.logger.error({ err: error, action: actionId }, 'reminder action failed');
        await reply(simpleMessage(text ?? t('error.unexpected')));
      }
    });
  const context = async (userId: string) => {
    const [language, actor] = await Promise.all([deps.locales.languageOf(userId), deps.tokens.actor(userId)]);
    return { language, actor, t: deps.locales.translate(language) };
  };

  on(REMINDER_RESET_ACTION, async ({ id, body, reply }) => {
    const { actor, t } = await context(body.user.id);
    await runOperation({ deps, client: app.client, actor, t, reply }, 'reset', id, [], ['reset']);
  });

  on(REMINDER_SHOW_ACTION, async ({ id, body, reply }) => {
    const { actor, t } = await context(body.user.id);
    await runOperation({ deps, client: app.client, actor, t, reply }, 'show', id, []);
  });

  on(REVIEW_KEEP_ACTION, async ({ id, body, reply }) => {
    const { actor, t } = await context(body.user.id);
    const token = await deps.tokens.showToContact(actor, id);
    const next = await deps.tokens.keep(actor, token.displayId);
    await reply(simpleMessage(t('review.kept', { label: escape(token.label), id, next: dateText(next, '') })), true);
  });

  on(REVIEW_REVOKE_ACTION, async ({ id, body, reply }) => {
    const { actor, t } = await context(body.user.id);
    if (deps.approvalsChannelId) {
      await deps.tokens.showToContact(actor, id); // refuses strangers before asking anything
      await askRevocationReason(app.client, t, body.trigger_id, { id, responseUrl: (body as { response_url?: string }).response_url, asContact: '1' });
    } else {
      await runOperation({ deps, client: app.client, actor, t, reply }, 'revoke', id, [], ['revoke']);
    }
  });

  on(ORPHAN_EDIT_ACTION, async ({ id, body }) => {
    const { actor, language } = await context(body.user.id);
    await openEditModal({ deps, client: app.client, actor, language, id, triggerId: body.trigger_id });
  });

  app.event('user_change', async ({ event }) => {
    if (event.user.deleted) await contactDeactivated(deps.reminders, event.user.id);
  });
}
