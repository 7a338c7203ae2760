// Submission of the renewal form: the new expiry, or the policy's refusal under its field.
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { viewMetadata, type SlackContext } from '../../context.js';
import { EXTEND_CALLBACK_ID } from '../../views/extendModal.js';
import { dateText, escape } from '../../views/text.js';
import { answerForm, formValues, submitForm } from './form.js';

export function registerExtendToken(app: App<SlackContext>, deps: SlackDeps): void {
  app.view(EXTEND_CALLBACK_ID, async ({ ack, view, context }) => {
    const { expiry, expiryDate } = formValues(view);
    const metadata = viewMetadata(view);
    const token = await submitForm(ack, context, deps.logger, () => deps.tokens.extend(context.actor, metadata.id ?? '', { expiry, expiryDate }), 'expiry');
    if (token) await answerForm(deps, context, metadata, context.t('done.extended', { label: escape(token.label), id: token.displayId, until: dateText(token.expiresAt, context.t('expiry.never')) }));
  });
}
