// Reminder digests: a recipient's queued reminders are taken from the delivery log in batches,
// each batch sent as one DM (or one e-mail per reminder to a developer address) and marked as
// the send is confirmed. A batch left mid-send by a dead worker is resumed under the same key,
// found in the DM's history when Slack got it, so nothing is sent twice or lost. Permanent
// errors are recorded and not retried. A primary contact found deactivated is reported to the
// token's admins, once each per contact who left.
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@slack/web-api';
import type { Notice } from '../domain/ports.js';
import { isEmailRecipient, stillUnused } from '../domain/reminders.js';
import { usageWindowStart } from '../domain/usage.js';
import type { Token } from '../domain/tokens.js';
import { isPermanentMailError } from '../email/mailer.js';
import { reminderEmail } from '../email/messages.js';
import { translator, type Language } from '../i18n/index.js';
import { DIGEST_SIZE, orphanNotice, reminderDigest, type DigestItem } from '../slack/views/reminder.js';
import { isPermanentSlackError, slackError } from '../slack/web/errors.js';
import { failedForGood, sendOnce, unguarded, type Guard, type Notifier } from './deliveries.js';
import { adminsOf } from './recipients.js';

/** Slack answered and posted nothing (a refusal or a 429), unlike a lost answer. */
const refusedBySlack = (error: unknown) =>
  [ErrorCode.PlatformError, ErrorCode.RateLimitedError].includes((error as { code?: ErrorCode }).code!);

type Due = { notice: Notice; token: Token };

/** One recipient's digest: batch after batch, until nothing of theirs is queued. `staleDays`:
 *  STALE_TOKEN_DAYS, for unused-token items. */
export async function deliverDigest(n: Notifier, guard: Guard, recipient: string, staleDays: number) {
  for (;;) {
    const batch = await n.log.takeBatch(recipient, `digest-${randomUUID()}`, DIGEST_SIZE);
    if (!batch.notices.length) return;
    const tokens = await n.log.tokens(batch.notices.map((notice) => notice.tokenId));
    const due: Due[] = [];
    const outdated: Notice[] = [];
    const now = new Date();
    for (const notice of batch.notices) {
      const found = tokens.get(notice.tokenId);
      // Revoked, deleted, re-armed by a reset or renewal, or used since the scan: nothing to say.
      const current =
        found &&
        (notice.kind === 'stale'
          ? stillUnused(found.token, staleDays, now)
          : found.token.status !== 'revoked' && (notice.kind !== 'expiry' || notice.epoch === found.reminderEpoch));
      if (current) due.push({ notice, token: found.token });
      else outdated.push(notice);
    }
    await n.log.settle(recipient, outdated, 'skipped', 'outdated');
    if (isEmailRecipient(recipient)) await emailEach(n, recipient, due);
    else if (due.length) await dmDigest(n, guard, recipient, batch, due, staleDays);
  }
}

async function dmDigest(
  n: Notifier,
  guard: Guard,
  userId: string,
  batch: { digest: string; resuming: boolean },
  due: Due[],
  staleDays: number,
) {
  const notices = due.map((d) => d.notice);
  // An unused token that is called but always refused is not idle: its items say so. Counted over
  // the 30 UTC days that `/token show` (where the item sends them) counts as "Last 30 days".
  const unused = due.filter((d) => d.notice.kind === 'stale').map((d) => d.token.id);
  const refused = await n.log.refusedSince(unused, usageWindowStart(new Date()));
  const admin = await administered(n, userId, due);
  // Written when sent (a retry rewrites it): the time left is the time left then.
  const item = ({ notice, token }: Due): DigestItem => ({
    token,
    kind: notice.kind as 'expiry' | 'review' | 'stale',
    threshold: notice.kind === 'stale' ? staleDays : notice.threshold,
    refused: notice.kind === 'stale' ? refused.get(token.id) : undefined,
    reader:
      notice.kind !== 'expiry' || admin.has(token.id) ? 'admin' : token.primaryContact === userId ? 'contact' : 'other',
  });
  const render = (language: Language) => reminderDigest(translator(language), due.map(item), new Date());
  let outcome: 'sent' | 'deactivated';
  try {
    outcome = await guard(async () => {
      try {
        return await n.slack.dmOnce(userId, batch.digest, render, batch.resuming);
      } catch (error) {
        // Back to the queue only when no earlier attempt may have posted it: a resumed batch keeps
        // its key, so that the next attempt looks in the DM's history again.
        if (!batch.resuming && refusedBySlack(error) && !isPermanentSlackError(error))
          await n.log.settle(userId, notices, 'queued');
        throw error;
      }
    });
  } catch (error) {
    if (!isPermanentSlackError(error)) throw error;
    failedForGood(n, { digest: batch.digest }, userId, error);
    await n.log.settle(userId, notices, 'failed', slackError(error));
    return;
  }
  if (outcome === 'sent') return n.log.settle(userId, notices, 'sent');
  await n.log.settle(userId, notices, 'failed', 'user_deactivated');
  const orphaned = new Map(due.filter((d) => d.token.primaryContact === userId).map((d) => [d.token.id, d.token]));
  for (const token of orphaned.values()) await reportOrphan(n, guard, token);
}

/** The tokens of `due` expiry reminders that `userId` administers. An expiry reminder also reaches a contact and
 *  creator who is none (a developer whose request made the token): a contact's asks the admins
 *  to approve an extension, anyone else's sends them to the admins. One query per owner, as the
 *  refusal notice decides. */
async function administered(n: Notifier, userId: string, due: Due[]): Promise<Set<string>> {
  const byOwner = new Map<string, Promise<string[]>>();
  const admins = (token: Token) => {
    const key = token.owner.type === 'domain' ? `domain:${token.owner.domainId}` : `org:${token.owner.organizationId}`;
    let found = byOwner.get(key);
    if (!found) byOwner.set(key, (found = adminsOf(n, token.owner)));
    return found;
  };
  const mine = new Set<string>();
  for (const { notice, token } of due)
    if (notice.kind === 'expiry' && (await admins(token)).includes(userId)) mine.add(token.id);
  return mine;
}

/** Developers get one e-mail per reminder; its Message-ID makes a resent one a duplicate mail clients drop. */
async function emailEach(n: Notifier, address: string, due: Due[]) {
  if (!n.mailer)
    return n.log.settle(
      address,
      due.map((d) => d.notice),
      'skipped',
      'no_mailer',
    ); // SMTP_URL unset since the scan
  for (const { notice, token } of due) {
    try {
      const key = `reminder-${notice.tokenId}-${notice.kind}-${notice.epoch}-${notice.threshold}`;
      await n.mailer.send({
        to: address,
        ...reminderEmail(token, notice.threshold, new Date()),
        messageId: `<${key}-${address}@tokenops>`,
      });
      await n.log.settle(address, [notice], 'sent');
    } catch (error) {
      if (!isPermanentMailError(error)) throw error;
      await n.log.settle(address, [notice], 'failed', slackError(error));
    }
  }
}

/** Tells the admins of the token's owner, once each, that its primary contact is gone. Each
 *  contact who leaves is a notice of its own (an epoch): one chosen after another left is told
 *  about again when it leaves too. A notice's key, in its metadata and logged as its digest (where
 *  a new contact's rewrite finds it, reminderCopies.ts), names the contact: how a repeated report
 *  of the same one finds its epoch. */
async function reportOrphan(n: Notifier, guard: Guard, token: Token) {
  const orphaning = `orphan-${token.id}-${token.primaryContact}-`;
  const epoch = await n.log.orphanEpoch(token.id, orphaning);
  for (const admin of await adminsOf(n, token.owner)) {
    const key = `${orphaning}${epoch}-${admin}`;
    const notice = { tokenId: token.id, kind: 'orphaned_contact' as const, epoch, threshold: 0, message: key };
    await sendOnce(n, guard, notice, admin, () =>
      n.slack.dmOnce(admin, key, (language) => orphanNotice(translator(language), token, token.primaryContact)),
    );
  }
}

/** A Slack account was deactivated: its tokens need a new primary contact. */
export async function contactDeactivated(n: Notifier, userId: string) {
  await n.slack.people.forget(userId);
  for (const token of await n.log.tokensWithContact(userId)) await reportOrphan(n, unguarded, token);
}
