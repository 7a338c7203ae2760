// English messages: webhook endpoints.
import { slackError } from './phrases.js';

export const webhooksEn = {
  'webhook.added': (p: { id: string; url: string; types: string }) =>
    `Webhook endpoint \`${p.id}\` (${p.url}) added (events: ${p.types}). Its signing secret is in your direct messages with tokenops, shown once.`,
  'webhook.secret': (p: { id: string; url: string }) =>
    `The signing secret of webhook endpoint \`${p.id}\` (${p.url}). It is shown once: keep it in your receiver's configuration to verify the \`webhook-signature\` header (Standard Webhooks).`,
  'webhook.rotated': (p: { id: string; until: string }) =>
    `Webhook endpoint \`${p.id}\` has a new signing secret, in your direct messages with tokenops. Deliveries carry signatures with both secrets until ${p.until}.`,
  'webhook.secretUndelivered': (p: { error: string }) =>
    `The signing secret could not be sent to your direct messages, so nothing was kept. Check that tokenops can message you (the Messages tab of the tokenops app), then add it again. ${slackError(p.error)}`,
  /** Slack did not answer the secret's post: it may be in the DM, but it is not used. */
  'webhook.secretUnconfirmed':
    'Slack did not confirm that the signing secret reached your direct messages, so nothing was kept: a secret in a message that did arrive signs nothing. Add the endpoint again.',
  'webhook.rotateUnconfirmed':
    'Slack did not confirm that the new signing secret reached your direct messages, so nothing was changed: the endpoint keeps its current secret, and a new one in a message that did arrive signs nothing. Run `/token webhook rotate` again.',
  /** A rotation's new secret did not reach the DM: the endpoint keeps its current secret. */
  'webhook.rotateUndelivered': (p: { error: string }) =>
    `The new signing secret could not be sent to your direct messages, so nothing was changed: the endpoint keeps its current secret. Check that tokenops can message you (the Messages tab of the tokenops app), then run \`/token webhook rotate\` again. ${slackError(p.error)}`,
  'webhook.removed': (p: { id: string }) => `Webhook endpoint \`${p.id}\` removed: it gets no more events.`,
  'webhook.testQueued': (p: { id: string }) =>
    `A \`webhook.test\` event is on its way to \`${p.id}\`; \`/token webhook list\` shows whether it arrived.`,
  'webhook.none': 'No webhook endpoints yet. Add one with `/token webhook add &lt;url&gt; [event types]`.',
  'webhook.heading': 'Webhook endpoints',
  'webhook.allTypes': 'all events',
  'webhook.line': (p: { id: string; url: string; types: string; state: string; pending: number; failed: number }) =>
    `\`${p.id}\` ${p.url} (${p.types}): ${p.state}; ${p.pending} waiting, ${p.failed} given up`,
  'webhook.active': 'active',
  'webhook.disabled': (p: { reason: string }) => `disabled (${p.reason})`,
  'webhook.disabledNotice': (p: { id: string; url: string; attempts: number; error: string }) =>
    `:warning: Webhook endpoint \`${p.id}\` (${p.url}) has been disabled: a delivery kept failing for more than 24 hours (${p.attempts} attempts; last error: \`${p.error}\`). It gets no more events. Fix the receiver, then add it again with \`/token webhook add\`.`,
};
