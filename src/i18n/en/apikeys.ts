// English messages: management API keys.
import { slackError } from './phrases.js';

export const apikeysEn = {
  'usage.apikey': 'management API keys: create (shown once, by DM), list, revoke',
  'apikey.message': (p: { label: string; id: string; scope: string; until: string }) =>
    `Here is the management API key *${p.label}* (\`${p.id}\`, scope \`${p.scope}\`, expires ${p.until}). Send it to the management API as \`Authorization: Bearer &lt;key&gt;\`. Copy it now and store it safely: *it will not be shown again.*`,
  'apikey.sent': (p: { label: string; id: string }) =>
    `The management API key *${p.label}* (\`${p.id}\`) is in your direct messages with tokenops.`,
  'apikey.undelivered': (p: { label: string; id: string; error: string }) =>
    `The management API key *${p.label}* (\`${p.id}\`) could not be sent to your direct messages, so it was voided and never works. Check that tokenops can message you (the Messages tab of the tokenops app), then try again. ${slackError(p.error)}`,
  'apikey.unconfirmed': (p: { label: string; id: string }) =>
    `Slack did not confirm that the management API key *${p.label}* (\`${p.id}\`) reached your direct messages, so it was voided and never works, even if a message with it did reach you. Try again for a new one.`,
  'apikey.late': (p: { label: string; id: string }) =>
    `The management API key *${p.label}* (\`${p.id}\`) reached your direct messages only after its delivery window had closed, so it was voided: the key in that message never works. Try again for a new one.`,
  'apikey.listHeading': 'Management API keys',
  'apikey.none': 'There are no management API keys that you administer.',
  'apikey.line': (p: { label: string; id: string; scope: string; creator: string; lifetime: string }) =>
    `*${p.label}* \`${p.id}\` · \`${p.scope}\` · by ${p.creator} · ${p.lifetime}`,
  'apikey.stateActive': (p: { until: string }) => `expires ${p.until}`,
  'apikey.stateExpired': (p: { until: string }) => `expired ${p.until}`,
  'apikey.stateRevoked': (p: { until: string }) => `revoked ${p.until}`,
  'apikey.revoked': (p: { label: string; id: string }) =>
    `The management API key *${p.label}* (\`${p.id}\`) is revoked: it no longer works.`,
  'apikey.reminder': (p: { label: string; id: string; scope: string; left: string; when: string }) =>
    `Your management API key *${p.label}* (\`${p.id}\`, \`${p.scope}\`) expires in ${p.left}, ${p.when}. Create a new one with \`/token apikey create ${p.scope}\`, switch your automation to it, then revoke this one.`,
  'apikey.expired': (p: { label: string; id: string; scope: string }) =>
    `Your management API key *${p.label}* (\`${p.id}\`, \`${p.scope}\`) has expired and no longer works. Create a new one with \`/token apikey create ${p.scope}\`.`,
  'apikey.leaked': (p: { label: string; id: string; scope: string; reporter: string; location: string }) =>
    `:rotating_light: The management API key *${p.label}* (\`${p.id}\`, \`${p.scope}\`) has leaked: ${p.reporter} found it at ${p.location}.`,
  'apikey.leakRevoked': (p: { scope: string }) =>
    `It was revoked at once: requests with it are refused. Create a new one with \`/token apikey create ${p.scope}\`, switch your automation to it, and check the audit trail for what the key did.`,
  'apikey.leakNotRevoked': (p: { id: string; scope: string }) =>
    `It still works: create a new one with \`/token apikey create ${p.scope}\`, then revoke this one now with \`/token apikey revoke ${p.id}\`.`,
};
