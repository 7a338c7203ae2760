// Submission of the create modal. Validation errors go back onto the offending blocks; a
// retried or double-clicked submission is recognised by the key the modal carries and creates
// nothing twice. Once created, the token ends delivered or voided, however late the ack.
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { publishHome } from '../../flows/home.js';
import { BY_DM, deliverOrVoid } from '../../flows/secretDelivery.js';
import { viewMetadata, type SlackContext } from '../../context.js';
import { CREATE_CALLBACK_ID } from '../../views/createModal.js';
import { simpleMessage } from '../../views/message.js';
import { formValues, submitForm } from './form.js';

const ONCE_SECONDS = 24 * 3600;

export function registerCreateToken(app: App<SlackContext>, deps: SlackDeps): void {
  app.view(CREATE_CALLBACK_ID, async ({ ack, view, client, context }) => {
    const { key, channel } = viewMetadata(view);
    const issued = await submitForm(ack, context, deps.logger, () =>
      deps.once.run(`create-submitted:${key ?? view.id}`, ONCE_SECONDS, () =>
        deps.tokens.create(context.actor, formValues(view), BY_DM),
      ),
    );
    if (!issued) return;
    const flow = { deps, client, context };
    await deliverOrVoid(flow, {
      issued,
      // Opened from App Home: there is no channel to answer in, so the Home tab says it.
      notify: (text) => (channel ? context.reply(simpleMessage(text)) : publishHome(flow, text)),
    });
  });
}
