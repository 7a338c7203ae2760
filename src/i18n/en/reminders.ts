// English messages: reminders, reviews and their digest.

/** What every expiry reminder names: the token, when it expires, whether it is disabled too. */
type Expired = { label: string; id: string; owner: string; when: string; disabled?: boolean };
type Expiring = Expired & { left: string };

export const remindersEn = {
  /** Time left before an expiry, as reminders state it. */
  'time.left': (p: { days: number; hours: number }) =>
    p.days >= 1
      ? `${p.days} day${p.days === 1 ? '' : 's'}`
      : p.hours >= 1
        ? `${p.hours} hour${p.hours === 1 ? '' : 's'}`
        : 'less than an hour',
  'reminder.expiring': (p: Expiring) =>
    `:hourglass_flowing_sand: *${p.label}* (\`${p.id}\`, ${p.owner}) expires in ${p.left}, ${p.when}. ${p.disabled ? 'It is disabled now: if it is still needed, extend it and enable it again' : 'Extend it to keep it working'} (a reset gives a new secret but does not move the expiry).`,
  'reminder.expired': (p: Expired) =>
    `:no_entry_sign: *${p.label}* (\`${p.id}\`, ${p.owner}) expired ${p.when}: requests with it are refused. ${p.disabled ? 'It is also disabled: if it is still needed, extend it and enable it again; then the same secret works.' : 'If it is still needed, extend it: the same secret works again.'}`,
  /** To a reader who does not administer the token (its developer): `admins`, who can extend it. */
  'reminder.expiringAsk': (p: Expiring & { admins: string }) =>
    `:hourglass_flowing_sand: *${p.label}* (\`${p.id}\`, ${p.owner}) expires in ${p.left}, ${p.when}. ${p.disabled ? `It is disabled now: if it is still needed, ask ${p.admins} to extend it and enable it again.` : `If it is still needed, ask ${p.admins} to extend it: the same secret keeps working.`}`,
  'reminder.expiredAsk': (p: Expired & { admins: string }) =>
    `:no_entry_sign: *${p.label}* (\`${p.id}\`, ${p.owner}) expired ${p.when}: requests with it are refused. ${p.disabled ? `It is also disabled: if it is still needed, ask ${p.admins} to extend it and enable it again.` : `If it is still needed, ask ${p.admins} to extend it: the same secret works again.`}`,
  /** To its primary contact, who administers nothing of it: they may ask to extend it, `admins` approve. */
  'reminder.expiringContact': (p: Expiring & { admins: string }) =>
    `:hourglass_flowing_sand: *${p.label}* (\`${p.id}\`, ${p.owner}) expires in ${p.left}, ${p.when}. ${p.disabled ? `It is disabled now: if it is still needed, ask to extend it (${p.admins} will be asked to approve) and ask them to enable it again.` : `If it is still needed, ask to extend it: ${p.admins} will be asked to approve, and the same secret keeps working.`}`,
  'reminder.expiredContact': (p: Expired & { admins: string }) =>
    `:no_entry_sign: *${p.label}* (\`${p.id}\`, ${p.owner}) expired ${p.when}: requests with it are refused. ${p.disabled ? `It is also disabled: if it is still needed, ask to extend it (${p.admins} will be asked to approve) and ask them to enable it again.` : `If it is still needed, ask to extend it: ${p.admins} will be asked to approve, and the same secret works again.`}`,
  /** An expiry reminder answered by a request to extend the token (`user`: who asked). */
  'reminder.extensionAsked': (p: { label: string; id: string; user: string }) =>
    `:hourglass: ${p.user} asked for an extension of *${p.label}* (\`${p.id}\`): its approvers decide, and the outcome comes by direct message.`,
  'review.ask': (p: { label: string; id: string; owner: string; used?: string }) =>
    `You are the primary contact of *${p.label}* (\`${p.id}\`, ${p.owner}; ${p.used ? `last used ${p.used}` : 'never used'}). Is it still needed?`,
  'review.keep': 'Yes, keep it',
  'review.revoke': 'No, revoke it',
  /** A contact who administers nothing of the token, where revocations are not asked for (no approvals channel or rule). */
  'review.revokeAskAdmins': (p: { label: string; id: string; admins: string }) =>
    `A revocation of *${p.label}* (\`${p.id}\`) cannot be requested here, and you do not administer it: ask ${p.admins} to revoke it (\`/token revoke ${p.id}\`).`,
  'review.kept': (p: { label: string; id: string; next: string }) =>
    `Thanks: *${p.label}* (\`${p.id}\`) stays. I will ask again ${p.next}.`,
  /** Another recipient's copy, answered by `who` (a mention, or a management key). */
  'review.keptBy': (p: { label: string; id: string; who: string; next: string }) =>
    `*${p.label}* (\`${p.id}\`) stays: ${p.who} answered that it is still needed. It is asked about again ${p.next}.`,
  /** Every recipient's copy of an expiry reminder, once `who` gave the token a new expiry. */
  'reminder.expiryChangedBy': (p: { label: string; id: string; who: string; when: string }) =>
    `The expiry of *${p.label}* (\`${p.id}\`) was changed by ${p.who}: it now expires ${p.when}.`,
  'reminder.expiryRemovedBy': (p: { label: string; id: string; who: string }) =>
    `The expiry of *${p.label}* (\`${p.id}\`) was removed by ${p.who}: it no longer expires.`,
  'digest.intro': (p: { count: number }) =>
    `:bell: ${p.count === 1 ? 'One of your API tokens needs' : `${p.count} of your API tokens need`} your attention.`,
  'digest.expiring': (p: { label: string; id: string; left: string; when: string }) =>
    `• *${p.label}* (\`${p.id}\`) expires in ${p.left}, ${p.when}.`,
  'digest.answered': ':white_check_mark: Every reminder in this message has been answered.',
  'digest.expired': (p: { label: string; id: string; when: string }) =>
    `• *${p.label}* (\`${p.id}\`) expired ${p.when}.`,
  'digest.review': (p: { label: string; id: string }) => `• *${p.label}* (\`${p.id}\`): is it still needed?`,
  'digest.hint':
    'Extend, reset or revoke any of these with `/token extend &lt;id&gt;`, `/token reset &lt;id&gt;` or `/token revoke &lt;id&gt;`.',
  'digest.hintAsk': 'To keep a token you do not administer, ask its owner’s admins to extend it.',
  'digest.hintContact':
    'To keep a token you do not administer, ask to extend it with `/token extend &lt;id&gt;`: its owner’s admins approve.',
  'orphan.notice': (p: { label: string; id: string; owner: string; contact: string }) =>
    `The primary contact of *${p.label}* (\`${p.id}\`, ${p.owner}), <@${p.contact}>, has been deactivated in Slack. Please choose a new contact, who will get its reminders.`,
  'orphan.choose': 'Choose a new contact',
  /** Every admin's notice of a deactivated contact, once `who` chose `contact` (a user id) instead. */
  'orphan.chosenBy': (p: { label: string; id: string; contact: string; who: string }) =>
    `*${p.label}* (\`${p.id}\`) has a new primary contact, <@${p.contact}>, chosen by ${p.who}: they get its reminders from now on.`,
};
