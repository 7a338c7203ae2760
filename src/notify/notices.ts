// One-off DMs the worker sends: a verification refusal to the primary contact, a management
// key's expiry to its creator, a leaked management key to its creator and admins, a webhook
// endpoint disabled to whoever added it, a secret pasted by someone else to its token's admins.
import { ErrorCode } from '@slack/web-api';
import type { ApiKey, KeyLeakNotice } from '../domain/apiKeys.js';
import { HOUR_MS } from '../domain/time.js';
import { isPerson } from '../domain/permissions.js';
import { translator } from '../i18n/index.js';
import { simpleMessage } from '../slack/views/message.js';
import { refusalNotice } from '../slack/views/token.js';
import { keyLeakNotice, keyReminder } from '../slack/views/apiKeys.js';
import { pastedByOtherNotice } from '../slack/views/leak.js';
import type { PastedByOther } from '../domain/leaks.js';
import { askedAbout } from '../domain/reminderPorts.js';
import { failedForGood, type Notifier } from './deliveries.js';
import { isPermanentSlackError } from '../slack/web/errors.js';
import { adminsOf } from './recipients.js';

/** Verification refused the token FORBIDDEN or RATE_LIMITED this `hour`: its primary contact
 *  hears of it once; the DM's key lets a retry after a lost answer find it instead of resending. */
export async function tellRefusal(
  n: Notifier,
  refusal: { tokenId: string; code: 'FORBIDDEN' | 'RATE_LIMITED'; hour: number },
  resuming: boolean,
) {
  const found = (await n.log.tokens([refusal.tokenId])).get(refusal.tokenId);
  if (!found) return; // deleted since
  const { token } = found;
  // The event first (token.refused, README: The contract): it does not depend on the contact being reachable.
  await n.log.refusalEvent(token, refusal.code, HOUR_MS);
  // A contact who is no admin of the token (one asked for through /token request) cannot edit it:
  // the notice sends them to those who can.
  const admin = (await adminsOf(n, token.owner)).includes(token.primaryContact);
  await n.slack.dmOnce(
    token.primaryContact,
    `refusal-${token.id}-${refusal.hour}`,
    (language) => refusalNotice(translator(language), token, refusal.code, admin),
    resuming,
  );
}

/** A management key enters a reminder threshold: its creator is told, when a person made it. */
export async function remindApiKey(n: Notifier, key: ApiKey) {
  if (!isPerson(key.createdBy)) return;
  try {
    await n.slack.dm(key.createdBy, (language) => keyReminder(translator(language), key, new Date()));
  } catch (error) {
    n.logger.warn({ err: error, keyId: key.displayId }, 'could not remind the creator of a management key');
  }
}

/** A webhook endpoint was disabled after a delivery failed for good. */
export async function tellWebhookDisabled(
  n: Notifier,
  userId: string,
  notice: { id: string; url: string; attempts: number; error: string },
) {
  await n.slack.dm(userId, (language) => simpleMessage(translator(language)('webhook.disabledNotice', notice)));
}

/** A management key leaked: its creator (when a person) and the admins of its scope (workspace
 *  admins always) are told. Each DM has a key, so a retry or a repeated report sends it once. */
export async function tellKeyLeak(n: Notifier, notice: KeyLeakNotice) {
  const { scope, createdBy, displayId } = notice.key;
  const admins = await n.log.adminsOf(scope.type === 'workspace' ? null : scope);
  const people = new Set([createdBy, ...admins, ...n.workspaceAdmins].filter(isPerson));
  for (const userId of people)
    await n.slack.dmOnce(
      userId,
      `apikey-leak-${displayId}-${userId}`,
      (language) => keyLeakNotice(translator(language), notice),
      true,
    );
}

/** Someone who does not administer a token pasted its working secret: its admins (workspace
 *  admins too) are told, once each this `hour`, while it still works (the DM's key lets a retry
 *  find one sent instead of resending). Each copy is recorded, for all to be rewritten once the
 *  token is disabled, revoked or deleted. */
export async function tellPastedByOther(n: Notifier, paste: PastedByOther & { hour: number }) {
  const found = (await n.log.tokens([paste.tokenId])).get(paste.tokenId);
  if (!found || found.token.status !== 'enabled') return; // disabled, revoked or deleted since
  const { token } = found;
  let retry: unknown;
  for (const userId of await adminsOf(n, token.owner)) {
    if (userId === paste.by) continue;
    try {
      await n.slack.dmOnce(
        userId,
        `pasted-${token.id}-${paste.by}-${paste.hour}-${userId}`,
        (language) => pastedByOtherNotice(translator(language), token, paste.by),
        true,
        askedAbout.pasted(token.id), // rewritten once the token stops working (reminderCopies.ts)
      );
    } catch (error) {
      // Slack's refusal of one admin (a bot, a user gone) does not keep the others from hearing.
      if ((error as { code?: ErrorCode }).code === ErrorCode.RateLimitedError) throw error; // the queue pauses
      if (!isPermanentSlackError(error)) retry ??= error;
      else failedForGood(n, { pasted: token.displayId }, userId, error);
    }
  }
  if (retry) throw retry; // the retry finds the DMs sent (their keys) and sends the rest
}
