// The e-mails developers get, in English: their language is not known.
import type { Token } from '../domain/tokens.js';
import { translator } from '../i18n/index.js';
import { ownerText } from '../slack/views/text.js';

const english = translator('en');

export function reminderEmail(token: Token, threshold: number) {
  const when = `${token.expiresAt?.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const subject = threshold === 0 ? `API token "${token.label}" has expired` : `API token "${token.label}" expires in ${threshold} day${threshold === 1 ? '' : 's'}`;
  const owner = ownerText(english, token.owner);
  return {
    subject,
    text: `${subject}.\n\nToken: ${token.label} (${token.displayId}), ${owner}\nExpires: ${when}\nAPI version: ${token.apiVersion}\n\nAsk an admin of ${owner} to extend or reset it before it stops working.\n`,
  };
}

const CHANGES: Record<string, { subject: string; text: string }> = {
  'token.reset': { subject: 'has a new secret', text: 'got a new secret. Update your integration with the secret your admin gives you.' },
  'token.disable': { subject: 'was disabled', text: 'was disabled: requests with it are refused until it is enabled again.' },
  'token.revoke': { subject: 'was revoked', text: 'was revoked: requests with it are refused, for good.' },
  'token.upgrade': { subject: 'moved to another API version', text: 'moved to another API version.' },
  'token.extend': { subject: 'was renewed', text: 'was renewed: it keeps working past its old expiry, with the same secret.' },
  'token.delete': { subject: 'was deleted', text: 'was deleted: requests with it are refused.' },
};

export function changeEmail(token: { label: string; displayId: string; apiVersion: string }, action: string) {
  const change = CHANGES[action] ?? { subject: 'changed', text: 'changed.' };
  return {
    subject: `API token "${token.label}" ${change.subject}`,
    text: `The API token ${token.label} (${token.displayId}, API version ${token.apiVersion}) ${change.text}\n`,
  };
}

export function leakEmail(token: { label: string; displayId: string }, leak: { location: string | null; action: string }) {
  const done = leak.action === 'revoke' ? 'It was revoked at once' : leak.action === 'disable' ? 'It was disabled at once' : 'It still works until an admin resets it';
  return {
    subject: `API token "${token.label}" leaked`,
    text: `The secret of the API token ${token.label} (${token.displayId}) was found in a public place${leak.location ? `: ${leak.location}` : ''}.\n${done}. Ask an admin for a replacement, and remove the secret from where it leaked.\n`,
  };
}
