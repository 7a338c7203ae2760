// Submission of the renewal form: the new expiry, or the policy's refusal under its field.
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { viewMetadata, type SlackContext } from '../../context.js';
import { EXTEND_CALLBACK_ID } from '../../views/extendModal.js';
import { simpleMessage } from '../../views/message.js';
import { dateText, escape } from '../../views/text.js';
import { formValues, submitForm } from './form.js';

export function registerExtendToken(app: App<SlackContext>, deps: SlackDeps): void {
  app.view(EXTEND_CALLBACK_ID, async ({ ack, view, context }) => {
    const { expiry, expiryDate } = formValues(view);
    const id = viewMetadata(view).id ?? '';
    const token = await submitForm(ack, context, deps.logger, () => deps.tokens.extend(context.actor, id, { expiry, expiryDate }), 'expiry');
    if (token) await context.reply(simpleMessage(context.t('done.extended', { label: escape(token.label), id: token.displayId, until: dateText(context.t, token.expiresAt, context.t('expiry.never')) })));
  });
}
