// One-off DMs the worker sends: a verification refusal to the primary contact, a management
// key's expiry to its creator, a webhook endpoint disabled to whoever added it.
import { scopeText, type ApiKey } from '../domain/apiKeys.js';
import { isPerson } from '../domain/permissions.js';
import { translator } from '../i18n/index.js';
import { simpleMessage } from '../slack/views/message.js';
import { escape } from '../slack/views/text.js';
import { refusalNotice } from '../slack/views/token.js';
import type { Notifier } from './deliveries.js';

/** Verification refused the token FORBIDDEN or RATE_LIMITED this `hour`: its primary contact
 *  hears of it once; the DM's key lets a retry after a lost answer find it instead of resending. */
export async function tellRefusal(n: Notifier, refusal: { tokenId: string; code: 'FORBIDDEN' | 'RATE_LIMITED'; hour: number }, resuming: boolean) {
  const found = (await n.log.tokens([refusal.tokenId])).get(refusal.tokenId);
  if (!found) return; // deleted since
  const { token } = found;
  await n.slack.dmOnce(token.primaryContact, `refusal-${token.id}-${refusal.hour}`, (language) => refusalNotice(translator(language), token, refusal.code), resuming);
}

/** A management key enters a reminder threshold: its creator is told, when a person made it. */
export async function remindApiKey(n: Notifier, key: ApiKey, threshold: number) {
  if (!isPerson(key.createdBy)) return;
  try {
    await n.slack.dm(key.createdBy, (language) => simpleMessage(translator(language)('apikey.reminder', { label: escape(key.label), id: key.displayId, scope: scopeText(key.scope), days: threshold })));
  } catch (error) {
    n.logger.warn({ err: error, keyId: key.displayId }, 'could not remind the creator of a management key');
  }
}

/** A webhook endpoint was disabled after a delivery failed for good. */
export async function tellWebhookDisabled(n: Notifier, userId: string, notice: { id: string; url: string; attempts: number; error: string }) {
  await n.slack.dm(userId, (language) => simpleMessage(translator(language)('webhook.disabledNotice', notice)));
}
