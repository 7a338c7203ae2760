// English messages: leaked secrets.

export const leaksEn = {
  'leak.pasted': (p: { label: string; id: string }) =>
    `That was the working secret of *${p.label}* (\`${p.id}\`). I removed it from what you typed, so tokenops kept none of it, but it went through Slack, outside the one direct message a secret belongs in. To be safe, disable the token until its holder has a new secret (Reset or Duplicate)?`,
  /** To someone who does not administer the token: `admins` can replace it. */
  'leak.pastedAsk': (p: { label: string; id: string; admins: string }) =>
    `That was the working secret of *${p.label}* (\`${p.id}\`). I removed it from what you typed, so tokenops kept none of it, but it went through Slack, outside the one direct message a secret belongs in. To be safe, ask ${p.admins} to give its holder a new secret.`,
  /** …whose admins (`admins`) tokenops has told. */
  'leak.pastedTold': (p: { label: string; id: string; admins: string }) =>
    `That was the working secret of *${p.label}* (\`${p.id}\`). I removed it from what you typed, so tokenops kept none of it, but it went through Slack, outside the one direct message a secret belongs in. I have told ${p.admins}, who can give its holder a new secret.`,
  /** To a token's admins: `who`, who does not administer it, pasted its secret. */
  'leak.pastedByOther': (p: { label: string; id: string; owner: string; who: string }) =>
    `:warning: ${p.who} typed the working secret of *${p.label}* (\`${p.id}\`, ${p.owner}) into a tokenops command or form. I removed it, so tokenops kept none of it, but it went through Slack, outside the one direct message a secret belongs in. To be safe, disable the token until its holder has a new secret (Reset or Duplicate)?`,
  /** Every admin's notice of a pasted secret (leak.pastedByOther), once `who` disabled, revoked or deleted the token. */
  'leak.pastedDisabledBy': (p: { label: string; id: string; who: string }) =>
    `:white_check_mark: *${p.label}* (\`${p.id}\`) was disabled by ${p.who}: the secret that went through Slack is refused while it stays disabled. Before enabling it again, give its holder a new secret (Reset or Duplicate).`,
  'leak.pastedRevokedBy': (p: { label: string; id: string; who: string }) =>
    `:white_check_mark: *${p.label}* (\`${p.id}\`) was revoked by ${p.who}: the secret that went through Slack no longer works.`,
  'leak.pastedDeletedBy': (p: { label: string; id: string; who: string }) =>
    `:white_check_mark: *${p.label}* (\`${p.id}\`) was deleted by ${p.who}: the secret that went through Slack no longer works.`,
  'leak.found': (p: { label: string; id: string; owner: string; reporter: string; location: string }) =>
    `:rotating_light: The secret of *${p.label}* (\`${p.id}\`, ${p.owner}) has leaked: ${p.reporter} found it at ${p.location}.`,
  'leak.reporter.github': 'GitHub secret scanning',
  'leak.reporter.gitlab': 'GitLab secret detection',
  'leak.reporter.slack': 'tokenops in Slack',
  /** `done`: what this report did (leak.postedAction.*), `before`: what was done when the others were reported before (leak.postedAction.known); either may be empty. */
  'leak.postedInSlack': (p: { count: number; done: string; before: string }) =>
    `The message you posted contains ${p.count === 1 ? 'a tokenops secret' : `${p.count} tokenops secrets`}. ${[p.done, p.before].filter(Boolean).join(' ')} Delete your message now (⋮ → Delete message): anyone in this conversation may have copied it. I did not keep its text.`,
  /** What this post's report did to `count` of the `of` secrets it held (the rest were reported before: leak.postedAction.known). */
  'leak.postedAction.revoke': (p: { count: number; of: number }) =>
    p.of === 1
      ? 'Its token has been revoked.'
      : p.count === p.of
        ? 'Their tokens have been revoked.'
        : `${p.count === 1 ? 'One of their tokens has' : `${p.count} of their tokens have`} been revoked now.`,
  'leak.postedAction.disable': (p: { count: number; of: number }) =>
    p.of === 1
      ? 'Its token has been disabled (a management key is revoked).'
      : p.count === p.of
        ? 'Their tokens have been disabled (management keys are revoked).'
        : `${p.count === 1 ? 'One of their tokens has' : `${p.count} of their tokens have`} been disabled now (management keys are revoked).`,
  'leak.postedAction.notify': (p: { count: number; of: number }) =>
    p.of === 1
      ? 'Its admins have been told.'
      : p.count === p.of
        ? 'Their admins have been told.'
        : `The admins of ${p.count === 1 ? 'one of them have' : `${p.count} of them have`} been told now.`,
  /** `count` of the `of` secrets were reported before: handled, and their people told, then (nothing was done now). */
  'leak.postedAction.known': (p: { count: number; of: number }) =>
    p.of === 1
      ? 'It was reported as leaked before: its admins were told then.'
      : p.count === p.of
        ? 'They were reported as leaked before: their admins were told then.'
        : `${p.count === 1 ? 'The other was reported as leaked before: its' : `The other ${p.count} were reported as leaked before: their`} admins were told then.`,
  'leak.noLocation': 'an undisclosed place',
  'leak.inSlack': (p: { channel: string }) => `a Slack channel (ID ${p.channel})`,
  'leak.done.revoke': 'It was revoked at once: requests with it are refused.',
  /** Disabled by the report, or before it (nothing changed then): either way, enabling it would bring the leaked secret back. */
  'leak.done.disable':
    'It is disabled: requests with it are refused. Do not enable it again before its secret is reset.',
  /** …and expired too: a reset is refused, and an extension would bring the leaked secret back too. */
  'leak.done.disableExpired':
    'It is disabled and has expired: requests with it are refused. Do not enable or extend it with this secret: revoke it.',
  'leak.done.notify': 'It still works: reset it now, before someone uses it.',
  /** LEAK_ACTION=notify, to a reader who cannot reset it. */
  'leak.done.notifyOthers': 'It still works until its secret is reset.',
  /** LEAK_ACTION=notify, the token revoked by then. */
  'leak.done.revokedSince': 'It is revoked: requests with it are refused.',
  /** LEAK_ACTION=notify, the token disabled or expired already: nothing changed, and it must not come back with this secret. */
  'leak.done.notifyInactive':
    'Nothing was changed: it does not work now, as it is disabled or expired. Do not enable or extend it with this secret: revoke it, and duplicate it for a replacement.',
  'leak.replaceRevoked':
    'For a replacement, duplicate the token (a copy has the same settings and a new secret), and keep the new secret out of code and chats.',
  /** To a contact or creator who does not administer the token: `admins` can replace it. */
  'leak.replaceAsk': (p: { admins: string }) =>
    `For a replacement, ask ${p.admins}: they can reset its secret or duplicate the token.`,
  'leak.replaceAskDuplicate': (p: { admins: string }) =>
    `For a replacement, ask ${p.admins}: they can duplicate the token (a copy has the same settings and a new secret).`,
  'leak.replace':
    'For a replacement, reset its secret or duplicate the token (a copy has the same settings and a new secret), and keep the new secret out of code and chats.',
};
