// Submission of the edit modal: saved, confirmed in the channel it was opened from.
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { viewMetadata, type SlackContext } from '../../context.js';
import { EDIT_CALLBACK_ID } from '../../views/editModal.js';
import { simpleMessage } from '../../views/message.js';
import { escape } from '../../views/text.js';
import { formValues, submitForm } from './form.js';

export function registerEditToken(app: App<SlackContext>, deps: SlackDeps): void {
  app.view(EDIT_CALLBACK_ID, async ({ ack, view, context }) => {
    const { label, description, primaryContact, developerEmails, scopes, expiry, expiryDate } = formValues(view);
    const id = viewMetadata(view).id ?? '';
    const token = await submitForm(ack, context, deps.logger, () => deps.tokens.edit(context.actor, id, { label, description, primaryContact, developerEmails, scopes, expiry, expiryDate }));
    if (token) await context.reply(simpleMessage(context.t('done.edited', { label: escape(token.label), id: token.displayId })));
  });
}
