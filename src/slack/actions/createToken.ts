// Submission of the create modal. Validation errors go back onto the offending blocks; a
// retried or double-clicked submission is recognised by the key the modal carries and creates
// nothing twice.
import type { App } from '@slack/bolt';
import { DomainError, ValidationError } from '../../domain/errors.js';
import { fieldErrors, formValues } from './formValues.js';
import { publishHome } from './home.js';
import type { SlackDeps } from '../deps.js';
import { deliverOrVoid } from '../secretDelivery.js';
import { CREATE_CALLBACK_ID, type CreateMetadata } from '../views/createModal.js';
import { refusalText } from '../views/text.js';

const CLAIM_SECONDS = 24 * 3600;

export function registerCreateToken(app: App, deps: SlackDeps): void {
  app.view(CREATE_CALLBACK_ID, async ({ ack, body, view, client }) => {
    const userId = body.user.id;
    const metadata = JSON.parse(view.private_metadata || '{}') as CreateMetadata;
    const claim = `${deps.redisPrefix}:create-submitted:${metadata.key ?? view.id}`;
    if ((await deps.redis.set(claim, userId, 'EX', CLAIM_SECONDS, 'NX')) !== 'OK') {
      await ack(); // Slack's retry or a second click: the first submission does the work
      return;
    }
    const [t, actor] = await Promise.all([deps.locales.translatorFor(userId), deps.tokens.actor(userId)]);
    let issued;
    try {
      issued = await deps.tokens.create(actor, formValues(view));
    } catch (error) {
      await deps.redis.del(claim); // nothing was created: the corrected form may be submitted
      const problems = error instanceof ValidationError ? error.errors : error instanceof DomainError ? [error] : [];
      if (!problems.length) deps.logger.error({ err: error }, 'token creation failed');
      const texts = problems.length ? problems.map((p) => ({ field: p.field, text: refusalText(t, p) })) : [{ text: t('error.unexpected') }];
      await ack({ response_action: 'errors', errors: fieldErrors(texts, 'label') });
      return;
    }
    await ack();
    await deliverOrVoid({
      deps,
      client,
      actor,
      t,
      issued,
      notify: async (text) => {
        // Opened from App Home: there is no channel to answer in, so the Home tab says it.
        if (!metadata.channel) return publishHome(deps, client, userId, text);
        await client.chat
          .postEphemeral({ channel: metadata.channel, user: userId, text })
          .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not post the outcome of a token creation'));
      },
    });
  });
}
