// Submission of the edit modal: saved, confirmed where it was opened (a new primary contact is
// named in the answer: they get the token's reminders from now on).
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { viewMetadata, type SlackContext } from '../../context.js';
import { EDIT_CALLBACK_ID } from '../../views/editModal.js';
import { escape } from '../../views/text.js';
import { answerForm, formValues, submitForm } from './form.js';

export function registerEditToken(app: App<SlackContext>, deps: SlackDeps): void {
  app.view(EDIT_CALLBACK_ID, async ({ ack, view, client, context }) => {
    const { label, description, primaryContact, developerEmails, scopes, expiry, expiryDate, allowedIps, rateLimit } =
      formValues(view);
    const metadata = viewMetadata(view);
    const id = metadata.id ?? '';
    const token = await submitForm(ack, context, deps.logger, () =>
      deps.tokens.edit(context.actor, id, {
        label,
        description,
        primaryContact,
        developerEmails,
        scopes,
        expiry,
        expiryDate,
        allowedIps,
        rateLimit,
      }),
    );
    if (!token) return;
    const named = { label: escape(token.label), id: token.displayId };
    const text =
      token.primaryContact === metadata.contact
        ? context.t('done.edited', named)
        : context.t('done.contactChanged', { ...named, contact: token.primaryContact });
    await answerForm({ deps, client, context }, metadata, text);
  });
}
