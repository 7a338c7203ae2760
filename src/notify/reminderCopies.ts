// Every recipient's copy of what was sent about a token, brought up to date once someone answers
// it by any path (notify/copies.ts rewrites them): a reminder's item (kept the token, gave it a
// new expiry), an admin's notice of a deactivated primary contact (a new one was chosen), an
// admin's notice of its working secret pasted into Slack (the token was disabled, revoked or
// deleted). Each answered item gives way to what was done and by whom, so no copy goes on asking
// what another admin answered; a copy older than a digest's last 50 messages, answered already,
// or listed as a line of a long digest stays as it is.
import { askedAbout } from '../domain/reminderPorts.js';
import type { RemindersAnswered } from '../domain/reminders.js';
import type { Translate } from '../i18n/index.js';
import { pastedAnswered } from '../slack/views/leak.js';
import { answeredItem } from '../slack/views/reminder.js';
import { requesterText } from '../slack/views/request.js';
import { dateText, escape } from '../slack/views/text.js';
import { reviseAsked, reviseCopies } from './copies.js';
import type { Guard, Notifier } from './deliveries.js';

/** A RemindersAnswered as a job carries it (JSON: a time as ISO text). */
export type AnsweredReminders = AsJson<RemindersAnswered>;
type AsJson<A> = A extends { until: Date | null } ? Omit<A, 'until'> & { until: string | null } : A;
type Answered<K extends AnsweredReminders['kind']> = Extract<AnsweredReminders, { kind: K }>;

/** Who answered, as a copy names them: a person, a management key, or tokenops itself (a leak's action). */
const whoText = (t: Translate, by: string) => (by.startsWith('tokenops') ? 'tokenops' : requesterText(t, by));

const named = (t: Translate, answered: AnsweredReminders) => ({
  label: escape(answered.label),
  id: answered.displayId,
  who: whoText(t, answered.by),
});

/** Updates every copy of what `answered` answers. */
export async function answerCopies(n: Notifier, guard: Guard, answered: AnsweredReminders): Promise<void> {
  if (answered.kind === 'pasted') return answerPasted(n, guard, answered);
  if (answered.kind === 'orphan') return answerOrphan(n, guard, answered);
  return answerReminders(n, guard, answered);
}

function reminderOutcome(t: Translate, answered: Answered<'expiry' | 'review' | 'stale'>): string {
  const said = named(t, answered);
  const until = answered.until === null ? null : new Date(answered.until);
  if (answered.kind === 'expiry')
    return until
      ? t('reminder.expiryChangedBy', { ...said, when: dateText(t, until, '') })
      : t('reminder.expiryRemovedBy', said);
  const next = dateText(t, until, '');
  return answered.kind === 'review' ? t('review.keptBy', { ...said, next }) : t('stale.keptBy', { ...said, next });
}

async function answerReminders(n: Notifier, guard: Guard, answered: Answered<'expiry' | 'review' | 'stale'>) {
  const found = (await n.log.tokens([answered.tokenId])).get(answered.tokenId);
  // Gone or revoked since: nothing to tell. A later change of the expiry has a job of its own.
  if (!found || found.token.status === 'revoked') return;
  if (answered.kind === 'expiry' && (found.token.expiresAt?.toISOString() ?? null) !== answered.until) return;
  const copies = (await n.log.sentCopies(answered.tokenId, answered.kind)).flatMap(
    ({ recipient, digest }) => (digest ? [{ recipient, key: digest }] : []), // one reminder a message, from before digests: not rewritten
  );
  const item = { kind: answered.kind, id: answered.displayId };
  await reviseCopies(n, guard, copies, (t, message) => answeredItem(t, message, item, reminderOutcome(t, answered)));
}

/** A new primary contact: every admin's notice of the deactivated one says who it is and who chose. */
async function answerOrphan(n: Notifier, guard: Guard, answered: Answered<'orphan'>) {
  const found = (await n.log.tokens([answered.tokenId])).get(answered.tokenId);
  // Gone, revoked, or given another contact since (whose change has a job of its own).
  if (!found || found.token.status === 'revoked' || found.token.primaryContact !== answered.contact) return;
  const copies = (await n.log.sentCopies(answered.tokenId, 'orphaned_contact')).map(({ recipient, digest }) => ({
    recipient,
    key: digest ?? `orphan-${answered.tokenId}-${recipient}`, // sent before its key was logged
  }));
  const item = { kind: 'orphan' as const, id: answered.displayId };
  await reviseCopies(n, guard, copies, (t, message) =>
    answeredItem(t, message, item, t('orphan.chosenBy', { ...named(t, answered), contact: answered.contact })),
  );
}

/** The token stopped working: every admin's notice of its pasted secret says how and by whom, its
 *  Disable gone. A token enabled again since is asked about again: its notices stay. */
async function answerPasted(n: Notifier, guard: Guard, answered: Answered<'pasted'>) {
  const found = (await n.log.tokens([answered.tokenId])).get(answered.tokenId);
  if (found?.token.status === 'enabled') return;
  const key = {
    disabled: 'leak.pastedDisabledBy',
    revoked: 'leak.pastedRevokedBy',
    deleted: 'leak.pastedDeletedBy',
  } as const;
  await reviseAsked(n, guard, askedAbout.pasted(answered.tokenId), (t, message) =>
    pastedAnswered(message, answered.displayId, t(key[answered.status], named(t, answered))),
  );
}
