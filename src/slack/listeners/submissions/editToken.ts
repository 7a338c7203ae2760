// Submission of the edit modal: saved, confirmed where it was opened (a new primary contact is
// named in the answer: they get the token's reminders from now on). A later expiry that an
// approval policy rule covers is asked for instead (ChangeRequests.extensionIn).
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { viewMetadata, type SlackContext } from '../../context.js';
import { EDIT_CALLBACK_ID } from '../../views/editModal.js';
import { escape } from '../../views/text.js';
import { answerForm, askFromForm, formValues, submitForm } from './form.js';

export function registerEditToken(app: App<SlackContext>, deps: SlackDeps): void {
  app.view(EDIT_CALLBACK_ID, async ({ ack, view, client, context }) => {
    const metadata = viewMetadata(view);
    const id = metadata.id ?? '';
    const { label, description, primaryContact, developerEmails, scopes, expiry, expiryDate, allowedIps, rateLimit } =
      formValues(view);
    const input = {
      label,
      description,
      primaryContact,
      developerEmails,
      scopes,
      expiry,
      expiryDate,
      allowedIps,
      rateLimit,
    };
    const flow = { deps, client, context };
    // Only a later expiry, which the approval policy covers: an extension asked for, as from the renewal form.
    const extension = await deps.changes.extensionIn(context.actor, id, input);
    if (extension) return void (await askFromForm(ack, flow, metadata, extension));
    const token = await submitForm(ack, context, deps.logger, () => deps.tokens.edit(context.actor, id, input));
    if (!token) return;
    const named = { label: escape(token.label), id: token.displayId };
    const text =
      token.primaryContact === metadata.contact
        ? context.t('done.edited', named)
        : context.t('done.contactChanged', { ...named, contact: token.primaryContact });
    await answerForm(flow, metadata, text);
  });
}
