// Webhook endpoints in Slack: the list, and the one-time message with a signing secret.
import type { WebhookEndpoint } from '../../domain/webhooks.js';
import type { Translate } from '../../i18n/index.js';
import type { Message } from './message.js';
import { simpleMessage } from './message.js';
import { escape, mrkdwn } from './text.js';

/** Event types as code, in the reader's list style; none means all. */
export const eventTypesText = (t: Translate, types: string[]) =>
  types.length ? t('text.list', { items: types.map((type) => `\`${type}\``) }) : t('webhook.allTypes');

export function webhookList(t: Translate, endpoints: WebhookEndpoint[]): Message {
  if (!endpoints.length) return simpleMessage(t('webhook.none'));
  const lines = endpoints.map((endpoint) =>
    t('webhook.line', {
      id: endpoint.id,
      url: escape(endpoint.url),
      types: eventTypesText(t, endpoint.types),
      state: endpoint.disabledAt
        ? t('webhook.disabled', { reason: `\`${escape(endpoint.disabledReason ?? 'unknown')}\`` })
        : t('webhook.active'),
      pending: endpoint.pending,
      failed: endpoint.failed,
    }),
  );
  return simpleMessage(`*${t('webhook.heading')}*\n${lines.join('\n')}`);
}

/** Shown once, in the person's DM: never logged, stored or posted anywhere else. */
export function signingSecretMessage(t: Translate, endpoint: { id: string; url: string }, secret: string): Message {
  const text = t('webhook.secret', { id: endpoint.id, url: escape(endpoint.url) });
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(text) },
      { type: 'section', text: mrkdwn(`\`\`\`${secret}\`\`\``) },
    ],
  };
}
