// The edit modal: opened from `/token edit <id>` or the list menu, saved on submission.
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { DomainError, ValidationError } from '../../domain/errors.js';
import type { Actor } from '../../domain/permissions.js';
import type { Language } from '../../i18n/index.js';
import type { SlackDeps } from '../deps.js';
import { EDIT_CALLBACK_ID, editModal, type EditMetadata } from '../views/editModal.js';
import { escape, refusalText } from '../views/text.js';
import { fieldErrors, formValues } from './formValues.js';

/** Opens the edit modal for a token the actor may change; refusals are thrown as DomainErrors. */
export async function openEditModal(options: {
  deps: SlackDeps;
  client: WebClient;
  actor: Actor;
  language: Language;
  id: string;
  triggerId: string;
  channel?: string;
}): Promise<void> {
  const { deps, actor, language } = options;
  const token = await deps.tokens.show(actor, options.id);
  if (token.status === 'revoked') throw new DomainError('token_revoked');
  const view = editModal(deps.locales.translate(language), language, token, deps.catalog, { id: token.displayId, channel: options.channel });
  await options.client.views.open({ trigger_id: options.triggerId, view });
}

export function registerEditToken(app: App, deps: SlackDeps): void {
  app.view(EDIT_CALLBACK_ID, async ({ ack, body, view, client }) => {
    const userId = body.user.id;
    const metadata = JSON.parse(view.private_metadata || '{}') as EditMetadata;
    const [t, actor] = await Promise.all([deps.locales.translatorFor(userId), deps.tokens.actor(userId)]);
    const { label, description, primaryContact, developerEmails, scopes } = formValues(view);
    try {
      const token = await deps.tokens.edit(actor, metadata.id, { label, description, primaryContact, developerEmails, scopes });
      await ack();
      if (metadata.channel) {
        await client.chat
          .postEphemeral({ channel: metadata.channel, user: userId, text: t('done.edited', { label: escape(token.label), id: token.displayId }) })
          .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not confirm an edit'));
      }
    } catch (error) {
      const problems = error instanceof ValidationError ? error.errors : error instanceof DomainError ? [error] : [];
      if (!problems.length) deps.logger.error({ err: error }, 'token edit failed');
      const texts = problems.length ? problems.map((p) => ({ field: p.field, text: refusalText(t, p) })) : [{ text: t('error.unexpected') }];
      await ack({ response_action: 'errors', errors: fieldErrors(texts, 'label') });
    }
  });
}
