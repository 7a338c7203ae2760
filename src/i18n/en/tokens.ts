// English messages: token fields, states and the small words other messages are built from.

export const tokensEn = {
  // Token fields and states
  'field.owner': 'Owner',
  'field.label': 'Token name',
  'field.description': 'Description',
  'field.api_version': 'API version',
  'field.primary_contact': 'Primary contact',
  'field.developer_emails': 'Developer e-mails',
  'field.scopes': 'Scopes',
  'field.expiry': 'Expires in',
  'field.expiry_date': 'Or expires on',
  'field.status': 'Status',
  'field.created': 'Created',
  'field.last_used': 'Last used',
  'field.expires': 'Expires',
  'field.id': 'ID',
  'field.allowed_ips': 'Allowed IPs',
  'field.rate_limit': 'Rate limit',
  'value.any_address': 'Any address',
  'value.no_limit': 'No limit',
  /** A rate limit in words (`rate` as typed: 600/min). */
  'value.rate': (p: { count: number; per: 's' | 'min' | 'h' | 'day' }) =>
    `${p.count.toLocaleString('en-US')} ${p.count === 1 ? 'request' : 'requests'} ${{ s: 'a second', min: 'a minute', h: 'an hour', day: 'a day' }[p.per]}`,
  'status.enabled': 'Enabled',
  'status.disabled': 'Disabled',
  'status.revoked': 'Revoked',
  'status.expired': 'Expired',
  'expiry.never': 'Never',
  'expiry.days': (p: { days: number }) => `${p.days} days`,
  /** A date where Slack cannot format one (plain text, e-mails, the fallback of <!date>). */
  'date.utc': (p: { date: Date }) => `${p.date.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  /** A label and its value on one line. */
  'text.pair': (p: { label: string; value: string }) => `${p.label}: ${p.value}`,
  /** A value with a remark in parentheses. */
  'text.aside': (p: { text: string; aside: string }) => `${p.text} (${p.aside})`,
  /** Items of a list in a sentence. */
  'text.list': (p: { items: string[] }) => p.items.join(', '),
  /** Facts about one thing on one line (owner, status, expiry). */
  'text.segments': (p: { items: string[] }) => p.items.join(' · '),
  /** A line's head (a token's name and id), then what it says of it. */
  'text.lead': (p: { head: string; rest: string }) => `${p.head} — ${p.rest}`,
  /** Sentences one after the other. */
  'text.sentences': (p: { items: string[] }) => p.items.join(' '),
  /** Whole clauses (reasons) in one sentence. */
  'text.clauses': (p: { items: string[] }) => p.items.join('; '),
  /** A YYYY-MM-DD expiry: the token works through that day, UTC. */
  'date.endOfDay': (p: { day: string }) => `${p.day} (end of day, UTC)`,
  'value.never_used': 'Never',
  /** Verified, but never answered VALID (only refused). */
  'value.never_valid': 'Never: every verification was refused',
  'value.none': 'None',
  'owner.organization': (p: { slug: string }) => `Organization ${p.slug}`,
  'owner.domain': (p: { name: string }) => `Domain ${p.name}`,
  'owner.admin': (p: { owner: string }) => `an admin of ${p.owner}`,
  'owner.admins': (p: { owner: string }) => `the admins of ${p.owner}`,
};
