// English messages: the create, edit and extend forms, and the DM that carries a secret.
import { slackError } from './phrases.js';

export const formsEn = {
  // Create modal
  'create.title': 'Create a token',
  'create.submit': 'Create',
  'create.cancel': 'Cancel',
  'create.hint.label': 'Unique within its organization or domain, up to 64 characters.',
  'create.hint.emails':
    'Up to 10 addresses, separated by commas, spaces or new lines. Where tokenops sends e-mail, they are told of this token’s expiry and changes.',
  'create.hint.expiry_date': 'Overrides "Expires in". The token works through this whole day (UTC).',
  'edit.hint.expiry_date': 'Overrides "New expiry". The token works through this whole day (UTC).',
  'create.hint.contact':
    'Gets reminders before the token expires, and is asked now and then whether it is still needed.',
  'create.hint.allowed_ips':
    'Up to 50 IPv4 or IPv6 addresses or CIDR ranges (such as 203.0.113.0/24), separated by commas, spaces or new lines. Verifications from other addresses, or that send no address, are refused. Empty: any address.',
  'create.hint.rate_limit': 'Verifications allowed per second, minute, hour or day, such as 600/min. Empty: no limit.',
  'create.placeholder.owner': 'Choose an organization or domain',
  'create.placeholder.scopes': 'Choose at least one scope',
  'home.noOwners':
    'You do not administer any organization or domain. To get a token, request one: the approvers decide, and its secret comes to you once, by direct message. To create tokens yourself, ask a workspace admin for a role (`/token admin grant`).',
  'create.noOwners':
    'You do not administer any organization or domain, so you cannot create tokens. A workspace admin can grant you a role with `/token admin grant`.',
  // Secret delivery
  'secret.message': (p: { label: string; id: string }) =>
    `Here is the secret of *${p.label}* (\`${p.id}\`). Copy it now and store it safely: *it will not be shown again.*`,
  'secret.resetNote': (p: { until: string }) => `The previous secret keeps working until ${p.until}.`,
  /** The grace period ends after the token's expiry, which ends every secret. */
  'secret.resetNoteExpiry': (p: { until: string }) =>
    `The previous secret keeps working until the token expires, ${p.until}.`,
  'secret.resetNoteDisabledNow': 'The token is disabled: the new secret works once it is enabled again.',
  'secret.resetNoteDisabled': (p: { until: string }) =>
    `The token is disabled: neither secret works until it is enabled again, and the previous one not after ${p.until}.`,
  'secret.undelivered': (p: { label: string; id: string; error: string }) =>
    `I could not send you the secret of *${p.label}* (\`${p.id}\`) in a direct message, so it was voided: nobody can use it. Check that tokenops can message you (the Messages tab of the tokenops app), then do the same again. ${slackError(p.error)}`,
  'secret.undeliveredReset': (p: { label: string; id: string; error: string }) =>
    `I could not send you the new secret of *${p.label}* (\`${p.id}\`) in a direct message, so the reset was undone: the previous secret still works. Check that tokenops can message you (the Messages tab of the tokenops app), then reset it again. ${slackError(p.error)}`,
  /** Slack did not answer the DM's post (a timeout, a cut connection): it may have shown it. */
  'secret.unconfirmed': (p: { label: string; id: string }) =>
    `Slack did not confirm that the secret of *${p.label}* (\`${p.id}\`) reached your direct messages, so it was voided: nobody can use it, even if a message with it did reach you. Do the same again for a new one.`,
  'secret.unconfirmedReset': (p: { label: string; id: string }) =>
    `Slack did not confirm that the new secret of *${p.label}* (\`${p.id}\`) reached your direct messages, so the reset was undone: the previous secret still works, and the new one does not, even if a message with it did reach you. Reset it again for a new one.`,
  /** The DM arrived after the delivery window: the secret in it was voided meanwhile. */
  'secret.late': (p: { label: string; id: string }) =>
    `The secret of *${p.label}* (\`${p.id}\`) reached your direct messages only after its delivery window had closed, so it was voided: the secret in that message does not work. Do the same again for a new one.`,
  'secret.lateReset': (p: { label: string; id: string }) =>
    `The new secret of *${p.label}* (\`${p.id}\`) reached your direct messages only after its delivery window had closed, so the reset was undone: the secret in that message does not work, and the previous one still does. Reset it again for a new one.`,
  'secret.sent': (p: { label: string; id: string }) =>
    `The secret of *${p.label}* (\`${p.id}\`) is in your direct messages with tokenops.`,
  'extend.title': 'Extend a token',
  'extend.submit': 'Extend',
  'edit.newExpiry': (p: { current: string; expired?: boolean }) =>
    `New expiry (${p.expired ? 'expired' : 'now'} ${p.current})`,
  'edit.keepExpiry': 'Keep the current expiry',
  /** The group of a token's scopes that the catalog no longer offers. */
  'edit.retiredScopes': 'No longer in the catalog',
  'extend.about': (p: { label: string; id: string }) =>
    `New expiry for *${p.label}* (\`${p.id}\`), counted from today. The secret stays the same.`,
  /** The form where the extension is a request (a primary contact's, or a rule's). */
  'extend.aboutAsk': (p: { label: string; id: string }) =>
    `New expiry for *${p.label}* (\`${p.id}\`): a number of days is counted from the approval, a date is that date. It is asked for approval first; the secret stays the same.`,
  'duplicate.suffix': (p: { n: number }) => (p.n === 1 ? ' (copy)' : ` (copy ${p.n})`),
  'edit.title': 'Edit a token',
  'edit.submit': 'Save',
};
