// English messages: refusals and validation errors.

/** Why a webhook URL was refused (notify/webhooks/destination.ts). */
const urlProblem: Record<string, string> = {
  malformed: 'it is not a URL (such as https://hooks.example.com/tokenops).',
  scheme: 'only https:// URLs can receive events here.',
  credentials: 'it holds a user name or password; put credentials in the path or query instead, or use the signature.',
  private_address:
    'its host is a loopback, private or link-local address. Ask the operator to list internal receivers in WEBHOOK_ALLOWED_HOSTS.',
  unresolvable: 'its host name does not resolve.',
};

const listOr = (items: string[]) =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1)}` : (items[0] ?? '');

export const errorsEn = {
  // Refusals and validation errors
  'error.not_permitted':
    'You do not administer this token’s organization or domain, so you cannot do that. Nothing was changed.',
  'error.workspace_admin_only': 'Only workspace admins can manage organizations, domains and roles.',
  'error.token_not_found': 'There is no token with that id. Check the id (`/token list` shows your tokens).',
  'error.owner_not_found': 'There is no such organization or domain.',
  'error.organization_not_found': (p: { slug?: string }) =>
    p.slug ? `There is no organization \`${p.slug}\`.` : 'There is no such organization.',
  'error.organization_exists': (p: { slug?: string }) =>
    p.slug ? `The organization \`${p.slug}\` already exists.` : 'That organization already exists.',
  'error.domain_exists': (p: { domain?: string }) =>
    p.domain ? `The domain \`${p.domain}\` already exists.` : 'That domain already exists.',
  'error.invalid_slug': 'An organization slug is 2-40 lowercase letters, digits and hyphens.',
  'error.invalid_domain': 'That is not a domain name such as shop.example.com.',
  'error.grant_not_found': 'That user does not hold that role.',
  'error.role_from_config':
    'That user is a workspace admin through ADMIN_USER_IDS, which only whoever runs tokenops can change: nothing was changed.',
  'error.no_owner':
    'You do not administer any organization or domain, so you cannot create tokens. A workspace admin can grant you a role with `/token admin grant`.',
  'error.no_organization':
    'There is no organization yet: tokens belong to one. Create it first with `/token admin org create &lt;slug&gt; [name]`, then grant its admins with `/token admin grant @user org_admin &lt;slug&gt;`.',
  'error.label_required': 'Give the token a name.',
  'error.text_unsafe_characters':
    'Remove the invisible or control characters (such as zero-width spaces or direction marks): they make names look alike.',
  'error.button_invalid': 'This button no longer works (the message is too old or was changed). Run the command again.',
  'error.label_too_long': (p: { max?: number }) => `The name can have at most ${p.max ?? 64} characters.`,
  'error.label_taken':
    'Another token of this organization or domain (revoked ones aside) already has this name. Choose another name.',
  'error.description_too_long': (p: { max?: number }) => `The description can have at most ${p.max ?? 500} characters.`,
  'error.scopes_required': 'Choose at least one scope.',
  'error.scope_unknown': (p: { scope?: string }) =>
    p.scope ? `The scope ${p.scope} is not in the catalog.` : 'That scope is not in the catalog.',
  'error.version_unknown': (p: { version?: string }) =>
    p.version ? `There is no API version ${p.version}.` : 'There is no such API version.',
  'error.version_unchanged': (p: { version?: string }) =>
    p.version ? `The token already uses API version ${p.version}.` : 'The token already uses that API version.',
  'error.expiry_invalid': (p: { allowed?: string }) =>
    `That is not a valid expiry: choose ${listOr((p.allowed ?? '7d 30d 60d 90d 180d 365d').split(' '))}, or a date (YYYY-MM-DD).`,
  'error.expiry_in_past': 'Choose today (UTC) or a later date.',
  'error.expiry_beyond_policy': (p: { max?: number }) =>
    p.max ? `Tokens may live at most ${p.max} days.` : 'That is longer than the policy allows.',
  'error.never_not_allowed': 'Tokens of this organization or domain must expire.',
  'error.email_invalid': (p: { email?: string }) =>
    p.email ? `“${p.email}” is not a valid e-mail address.` : 'One of the e-mail addresses is not valid.',
  'error.too_many_emails': (p: { max?: number }) => `At most ${p.max ?? 10} e-mail addresses.`,
  'error.ip_invalid': (p: { entry?: string }) =>
    `${p.entry ? `“${p.entry}” is` : 'One entry is'} not an IP address or CIDR range (such as 203.0.113.7, 10.0.0.0/8 or 2001:db8::/32).`,
  'error.ip_prefix_invalid': (p: { entry?: string; min?: number; max?: number }) =>
    `The prefix ${p.entry ? `of “${p.entry}” ` : ''}must be between ${p.min ?? 0} and ${p.max ?? 32}.`,
  'error.ip_host_bits': (p: { entry?: string; network?: string }) =>
    `${p.entry ? `“${p.entry}”` : 'A range'} has bits set after its prefix: write ${p.network ?? 'its network address'}, or a single address without a prefix.`,
  'error.ip_zone': (p: { entry?: string; address?: string }) =>
    `${p.entry ? `“${p.entry}”` : 'An entry'} names a network interface (the part after %), which only one machine knows: write ${p.address ?? 'the address'} without it; it also covers clients seen with a zone.`,
  'error.ip_matches_nobody': (p: { entry?: string }) =>
    `No client can have the address ${p.entry ? `“${p.entry}” ` : ''}(unspecified, multicast or reserved), so allowing it allows nothing. Remove or correct it.`,
  'error.too_many_ips': (p: { max?: number }) => `At most ${p.max ?? 50} allowed IP addresses or ranges.`,
  'error.rate_limit_invalid': (p: { value?: string; max?: number }) =>
    `${p.value ? `“${p.value}” is not a rate limit` : 'That is not a rate limit'}: write count/unit, the count from 1 to ${(p.max ?? 1_000_000).toLocaleString('en-US')} and the unit s, min, h or day (such as 600/min).`,
  'error.rate_limit_out_of_range': (p: { value?: string; max?: number }) =>
    `The count ${p.value ? `of “${p.value}” ` : ''}must be from 1 to ${(p.max ?? 1_000_000).toLocaleString('en-US')}.`,
  'error.contact_required': 'Choose a primary contact.',
  'error.contact_deactivated':
    'This person’s Slack account is deactivated: they would get no reminders. Choose someone who is still in the workspace.',
  'error.contact_bot': 'A bot cannot be the primary contact: it reads no reminders. Choose a person.',
  'error.contact_unknown': 'Slack does not know this person. Choose a primary contact from the workspace.',
  /** `disabled`: it is disabled too, so an extension alone would not make it work. */
  'error.token_expired': (p: { id?: string; disabled?: number }) => {
    const id = p.id ?? '&lt;id&gt;';
    const first = p.disabled
      ? `Extend it and enable it first (\`/token extend ${id}\` and \`/token enable ${id}\`, or Extend and Enable in its menu): the secret it has then works again.`
      : `Extend it first (\`/token extend ${id}\`, or Extend in its menu): the secret it has works again.`;
    return `This token has expired, so a new secret would not work either. ${first} Reset it after that if you also need a new secret.`;
  },
  'error.token_revoked': 'This token is revoked: it cannot be changed any more.',
  'error.already_disabled': 'This token is already disabled.',
  'error.already_enabled': 'This token is already enabled.',
  'error.grace_invalid': 'Choose a grace period: now, 1h, 24h or 7d.',
  'error.unexpected': 'Something went wrong on our side; nothing was changed. Please try again.',
  'error.apikey_not_found': 'There is no such management API key that you administer.',
  'error.apikey_revoked': 'That management API key is already revoked.',
  'error.unavailable':
    'tokenops cannot reach its database or Redis right now, so nothing was changed. Please try again in a minute.',
  /** `id`: the token the request was about (none for a create: the list shows whether it is there). */
  'error.outcome_unknown': (p: { id?: string }) =>
    `tokenops lost its connection to the database while saving this and could not find out whether it was saved. Please check (${p.id ? `\`/token show ${p.id}\`` : '`/token list`'}) before trying again.`,
  'error.partial': (p: { id?: string }) =>
    `Something went wrong on our side partway through, after part of it was done. Please check (${p.id ? `\`/token show ${p.id}\` or \`/token audit ${p.id}\`` : '`/token list`'}) before trying again.`,
  'error.reason_required': 'Say why the token should be revoked.',
  'error.request_not_found': 'That request does not exist any more.',
  'error.own_request': 'You asked for this revocation: another admin must decide it.',
  'error.request_own': 'You asked for this yourself: someone else must decide it.',
  'error.request_already_approved':
    'You have approved this request already: each person counts once. It is waiting for the other approvals.',
  'error.request_not_approver':
    'You are not one of the approvers of this request, so you cannot decide it. Nothing was changed.',
  'error.request_group_unreadable':
    'This request’s approvers include a Slack user group that tokenops cannot read right now, so nobody from it can approve (for safety). Ask a workspace admin to check tokenops’ access to user groups (usergroups:read).',
  'error.request_not_requester': 'Only the person who asked can withdraw this request.',
  'error.request_reason_required': 'Say why you need this token: the approvers read it.',
  'error.event_type_unknown': (p: { type?: string; known?: string }) =>
    `${p.type ? `There is no event type \`${p.type}\`.` : 'That is not an event type.'}${
      p.known
        ? ` The types are: ${p.known
            .split(' ')
            .map((type) => `\`${type}\``)
            .join(', ')}.`
        : ''
    } Nothing was changed.`,
  'error.webhook_url_refused': (p: { reason?: string }) =>
    `That URL cannot receive events${p.reason ? `: ${urlProblem[p.reason] ?? p.reason}` : '.'} Nothing was changed.`,
  'error.webhook_not_found': 'There is no webhook endpoint with that id. `/token webhook list` shows them.',
  'error.webhook_disabled':
    'That webhook endpoint is disabled (its deliveries kept failing), so it gets no events, tests included. Once its receiver works, remove it and add it again (`/token webhook remove`, then `add`).',
  'error.extension_needs_approval': (p: { id?: string }) =>
    `Moving this token’s expiry later needs approval (an approval rule covers extending it), so it cannot be saved together with other changes. Nothing was saved. Save your other changes with the expiry left as it is, then ask for the extension with \`/token extend ${p.id ?? '&lt;id&gt;'}\` (or an edit that changes only the expiry).`,
  /** `operation`: what needs it (revoke when absent: a direct revoke where revocations are approved in a channel). */
  'error.approval_required': (p: { operation?: string; id?: string }) =>
    p.operation === 'reset'
      ? `A reset of this token needs approval (an approval rule covers it): use \`/token reset ${p.id ?? '&lt;id&gt;'}\` to ask. Nothing was changed.`
      : p.operation === 'extend'
        ? `Extending this token needs approval (an approval rule covers it): use \`/token extend ${p.id ?? '&lt;id&gt;'}\` to ask. Nothing was changed.`
        : `Revoking this token needs a second admin’s approval: use \`/token revoke ${p.id ?? '&lt;id&gt;'} &lt;reason&gt;\` to ask. Nothing was changed.`,
};
