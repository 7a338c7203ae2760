// English messages: a token's history: what someone did, tried, and why it was refused.
import type { AuditAction } from '../../domain/audit.js';
import { didText, reasonIn, type AuditTexts, type AuditWords, type RefusalWords } from '../words.js';

/** A change asked for under an approval policy, as the object of "asked for approval to". */
const CHANGED: Record<NonNullable<AuditWords['change']>, string> = {
  revoke: 'revoke it',
  reset: 'reset its secret',
  extend: 'extend it',
};

/** What happened, by action: a phrase after the actor's name. */
const did: AuditTexts['did'] = {
  'token.create': 'created the token',
  'token.duplicate': (p) =>
    p.source ? `created it as a copy of \`${p.source}\`` : 'created it as a copy of another token',
  'token.view': 'looked at its details',
  'token.audit': 'looked at its history',
  'token.edit': (p) => `changed ${p.fields ?? 'its settings'}`,
  'token.reset': (p) =>
    !p.until
      ? 'reset its secret; the old one stopped at once'
      : p.passed
        ? `reset its secret; the old one worked until ${p.until}`
        : `reset its secret; the old one works until ${p.until}`,
  'token.reset.void': 'undid a reset: the new secret reached nobody',
  'token.void': 'voided it: its secret reached nobody',
  'token.upgrade': (p) =>
    p.from && p.to
      ? `moved it from API version ${p.from} to ${p.to}`
      : p.to
        ? `moved it to API version ${p.to}`
        : 'changed its API version',
  'token.extend': (p) =>
    p.until && p.earlier
      ? `moved its expiry earlier, to ${p.until}`
      : p.until
        ? `extended it until ${p.until}`
        : p.never
          ? 'extended it: it no longer expires'
          : 'extended it',
  'token.disable': (p) => `disabled it${p.reason ? ` (reason: ${p.reason})` : ''}`,
  'token.enable': 'enabled it again',
  'token.revoke': (p) => `revoked it${p.reason ? ` (reason: ${p.reason})` : ''}`,
  'token.delete': 'deleted it',
  'token.review.keep': 'confirmed it is still needed',
  'token.stale.keep': 'kept it when it was listed as unused',
  'token.leak': (p) =>
    `recorded that its secret leaked: ${p.reporter ?? 'a secret scanner'} found it at ${p.location ?? 'an undisclosed place'}`,
  'revocation.request': (p) => `asked for its revocation${p.reason ? ` (reason: ${p.reason})` : ''}`,
  'revocation.approve': 'approved its revocation',
  'revocation.reject': (p) => `rejected its revocation${p.reason ? ` (reason: ${p.reason})` : ''}`,
  'revocation.expire': 'closed its revocation request: nobody decided in time',
  'revocation.close': (p) =>
    p.closedBecause === 'deleted'
      ? 'closed its revocation request: the token was deleted'
      : p.closedBecause === 'revoked'
        ? 'closed its revocation request: the token was revoked directly'
        : 'closed its revocation request',
  'revocation.discard': (p) =>
    `withdrew a revocation request that could not be posted${p.error ? ` (Slack's error: \`${p.error}\`)` : ''}`,
  'tenants.organization.create': (p) =>
    p.organization ? `created the organization ${p.organization}` : 'created an organization',
  'tenants.domain.create': (p) =>
    p.domain && p.organization ? `created the domain ${p.domain} in ${p.organization}` : 'created a domain',
  'tenants.grant': (p) => (p.user && p.role ? `made ${p.user} ${p.role}` : 'granted a role'),
  'tenants.ungrant': (p) => (p.user && p.role ? `removed ${p.user} as ${p.role}` : 'removed a role'),
  'tenants.roles': 'looked at the roles',
  'request.submit': (p) =>
    p.change
      ? `asked for approval to ${CHANGED[p.change]}${p.reason ? ` (reason: ${p.reason})` : ''}`
      : `asked for a token${p.reason ? ` (reason: ${p.reason})` : ''}`,
  'request.approve': (p) => (p.change ? `approved the request to ${CHANGED[p.change]}` : 'approved a token request'),
  'request.reject': (p) =>
    `${p.change ? `rejected the request to ${CHANGED[p.change]}` : 'rejected a token request'}${p.reason ? ` (reason: ${p.reason})` : ''}`,
  'request.withdraw': (p) =>
    p.change ? `withdrew their request to ${CHANGED[p.change]}` : 'withdrew their token request',
  'request.expire': (p) =>
    `closed ${p.change ? `the request to ${CHANGED[p.change]}` : 'a token request'}: nobody decided in time`,
  'request.escalate': (p) =>
    `escalated ${p.change ? `the request to ${CHANGED[p.change]}` : 'a token request'}: nobody decided in time`,
  'request.close': (p) =>
    p.closedBecause === 'not_posted'
      ? `closed ${p.change ? `the request to ${CHANGED[p.change]}` : 'a token request'}: its post to the approvers failed or was not confirmed`
      : p.change
        ? `closed the request to ${CHANGED[p.change]}: it could no longer be carried out`
        : 'closed a token request that could no longer be granted',
  'request.fail': (p) =>
    p.change
      ? `closed the approved request to ${CHANGED[p.change]}: ${p.undelivered ? 'the new secret reached nobody, so nothing changed' : 'it could not be carried out'}`
      : `closed an approved token request: ${p.undelivered ? 'its secret reached nobody, so the token was voided' : 'the token could not be made'}`,
  'webhook.add': 'added a webhook endpoint',
  'webhook.remove': 'removed a webhook endpoint',
  'webhook.rotate': "rotated a webhook endpoint's signing secret",
  'webhook.test': 'sent a test event to a webhook endpoint',
  'webhook.disable': 'disabled a webhook endpoint that kept failing',
  'apikey.create': 'created the management API key',
  'apikey.void': 'voided the management API key: it reached nobody',
  'apikey.revoke': 'revoked the management API key',
  'apikey.leak': 'recorded a leak of the management API key',
  'audit.purge': 'removed audit entries older than the retention period',
};

/** What someone tried when they were refused: an infinitive after "tried to". */
const tried: AuditTexts['tried'] = {
  'token.create': 'create a token',
  'token.duplicate': 'duplicate it',
  'token.view': 'look at its details',
  'token.audit': 'look at its history',
  'token.edit': 'change its settings',
  'token.reset': 'reset its secret',
  'token.reset.void': 'undo a reset',
  'token.void': 'void it',
  'token.upgrade': 'change its API version',
  'token.extend': 'extend it',
  'token.disable': 'disable it',
  'token.enable': 'enable it',
  'token.revoke': 'revoke it',
  'token.delete': 'delete it',
  'token.review.keep': 'confirm it is still needed',
  'token.stale.keep': 'keep it while it is unused',
  'token.leak': 'record a leak',
  'revocation.request': 'ask for its revocation',
  'revocation.approve': 'approve its revocation',
  'revocation.reject': 'reject its revocation',
  'revocation.expire': 'close its revocation request',
  'revocation.close': 'close its revocation request',
  'revocation.discard': 'withdraw a revocation request',
  'tenants.organization.create': 'create an organization',
  'tenants.domain.create': 'create a domain',
  'tenants.grant': 'grant a role',
  'tenants.ungrant': 'remove a role',
  'tenants.roles': 'look at the roles',
  'request.submit': 'ask for approval',
  'request.approve': 'approve a request',
  'request.reject': 'reject a request',
  'request.withdraw': 'withdraw a request',
  'request.expire': 'close a request',
  'request.escalate': 'escalate a request',
  'request.close': 'close a request',
  'request.fail': 'close a request',
  'webhook.add': 'add a webhook endpoint',
  'webhook.remove': 'remove a webhook endpoint',
  'webhook.rotate': "rotate a webhook endpoint's signing secret",
  'webhook.test': 'send a test event',
  'webhook.disable': 'disable a webhook endpoint',
  'apikey.create': 'create a management API key',
  'apikey.void': 'void a management API key',
  'apikey.revoke': 'revoke a management API key',
  'apikey.leak': 'record a leak of a management API key',
  'audit.purge': 'remove old audit entries',
};

/** Why an attempt was refused, for the history (the person was told more). */
const why: AuditTexts['why'] = {
  not_permitted: 'not an admin of its organization or domain',
  workspace_admin_only: 'not a workspace admin',
  token_not_found: 'no token with that id',
  owner_not_found: 'no such organization or domain',
  organization_not_found: (p) => (p.slug ? `no organization ${p.slug}` : 'no such organization'),
  organization_exists: (p) =>
    p.slug ? `the organization ${p.slug} already exists` : 'the organization already exists',
  domain_exists: (p) => (p.domain ? `the domain ${p.domain} already exists` : 'the domain already exists'),
  invalid_slug: 'not a valid organization slug',
  invalid_domain: 'not a valid domain name',
  grant_not_found: 'the user does not hold that role',
  role_from_config: 'the role is set in ADMIN_USER_IDS',
  label_required: 'no token name',
  text_unsafe_characters: 'invisible or control characters in the text',
  no_owner: 'administers no organization or domain',
  no_organization: 'no organization exists yet',
  button_invalid: 'a button that no longer works',
  label_too_long: (p) => (p.max ? `a token name longer than ${p.max} characters` : 'a token name too long'),
  label_taken: 'another token of its organization or domain has that name',
  description_too_long: (p) => (p.max ? `a description longer than ${p.max} characters` : 'a description too long'),
  scopes_required: 'no scope chosen',
  scope_unknown: (p) => (p.scope ? `the scope ${p.scope} is not in the catalog` : 'a scope that is not in the catalog'),
  version_unknown: (p) => (p.version ? `there is no API version ${p.version}` : 'an API version that does not exist'),
  version_unchanged: (p) =>
    p.version ? `it already uses API version ${p.version}` : 'it already uses that API version',
  expiry_invalid: 'not a valid expiry',
  expiry_in_past: 'an expiry in the past',
  expiry_beyond_policy: (p) =>
    p.max ? `longer than the ${p.max} days the policy allows` : 'longer than the policy allows',
  never_not_allowed: 'tokens of its organization or domain must expire',
  email_invalid: (p) =>
    p.email ? `“${p.email}” is not a valid e-mail address` : 'an e-mail address that is not valid',
  too_many_emails: (p) => (p.max ? `more than ${p.max} e-mail addresses` : 'too many e-mail addresses'),
  ip_invalid: (p) => (p.entry ? `“${p.entry}” is not an IP address or CIDR range` : 'an IP address that is not valid'),
  ip_prefix_invalid: (p) => (p.entry ? `the prefix of “${p.entry}” is out of range` : 'a CIDR prefix out of range'),
  ip_host_bits: (p) =>
    p.entry ? `“${p.entry}” has bits set after its prefix` : 'a CIDR range with bits set after its prefix',
  ip_matches_nobody: (p) => (p.entry ? `no client can have the address “${p.entry}”` : 'an address no client can have'),
  ip_zone: (p) => (p.entry ? `“${p.entry}” names a network interface` : 'an entry names a network interface'),
  too_many_ips: (p) => (p.max ? `more than ${p.max} allowed IP entries` : 'too many allowed IP entries'),
  rate_limit_invalid: 'not a valid rate limit',
  rate_limit_out_of_range: (p) => (p.value ? `the count of “${p.value}” is out of range` : 'a count out of range'),
  contact_required: 'no primary contact chosen',
  token_revoked: 'the token is revoked',
  already_disabled: 'it was already disabled',
  already_enabled: 'it was already enabled',
  grace_invalid: 'not a valid grace period',
  reason_required: 'no reason given',
  request_not_found: 'the request no longer exists',
  own_request: 'they asked for this revocation themselves',
  approval_required: 'it needs approval',
  extension_needs_approval: 'moving its expiry later needs approval',
  contact_deactivated: 'the chosen primary contact’s Slack account is deactivated',
  contact_bot: 'the chosen primary contact is a bot',
  contact_unknown: 'the chosen primary contact is not in the workspace',
  token_expired: 'the token has expired (extending it revives it)',
  unavailable: 'the database or Redis could not be reached in time',
  outcome_unknown: 'whether it was saved could not be found out',
  request_own: 'they asked for it themselves',
  request_already_approved: 'they had approved it already',
  request_not_approver: 'not one of its approvers',
  request_group_unreadable: 'the approvers’ Slack user group could not be read',
  request_not_requester: 'only the requester may withdraw it',
  request_reason_required: 'no reason given',
  event_type_unknown: (p) => (p.type ? `there is no event type ${p.type}` : 'an event type that does not exist'),
  webhook_url_refused: 'the URL may not receive events',
  webhook_not_found: 'no webhook endpoint with that id',
  webhook_disabled: 'the webhook endpoint is disabled',
  apikey_not_found: 'no such management API key',
  apikey_revoked: 'the management API key was already revoked',
};

export const auditEn = {
  'audit.heading': (p: { id: string }) => `History of \`${p.id}\``,
  'audit.empty': 'No history.',
  'audit.more': (p: { shown: number; total: number }) =>
    `The ${p.shown} newest of ${p.total.toLocaleString('en-US')} entries are shown.`,
  /** One entry of a token's history: who did what, with its values. */
  'audit.event': (p: { actor: string; event: AuditWords }) => `${p.actor} ${didText(did, p.event)}`,
  /** A refused attempt: who tried what, and why it was refused. */
  'audit.refusedEvent': (p: { actor: string; attempt: AuditAction; reasons: string[] }) =>
    `${p.actor} tried to ${tried[p.attempt]} — refused${p.reasons.length ? `: ${p.reasons.join('; ')}` : ''}`,
  /** One refusal reason, by code (an unknown code, from an older version, as itself). */
  'audit.reason': (p: RefusalWords) => reasonIn(why, p),
};
