// Refusals the domain gives, as codes the Slack and HTTP layers translate for the user.
export type ErrorCode =
  | 'not_permitted'
  | 'workspace_admin_only'
  | 'token_not_found'
  | 'owner_not_found'
  | 'organization_not_found'
  | 'organization_exists'
  | 'domain_exists'
  | 'invalid_slug'
  | 'invalid_domain'
  | 'grant_not_found'
  | 'role_from_config'
  | 'label_required'
  | 'text_unsafe_characters'
  | 'no_owner'
  | 'no_organization'
  | 'button_invalid'
  | 'label_too_long'
  | 'label_taken'
  | 'description_too_long'
  | 'scopes_required'
  | 'scope_unknown'
  | 'version_unknown'
  | 'version_unchanged'
  | 'expiry_invalid'
  | 'expiry_in_past'
  | 'expiry_beyond_policy'
  | 'never_not_allowed'
  | 'email_invalid'
  | 'too_many_emails'
  | 'contact_required'
  | 'contact_deactivated'
  | 'contact_bot'
  | 'contact_unknown'
  | 'token_expired'
  | 'token_revoked'
  | 'already_disabled'
  | 'already_enabled'
  | 'grace_invalid'
  | 'reason_required'
  | 'request_not_found'
  | 'own_request'
  | 'approval_required'
  | 'extension_needs_approval'
  | 'request_own'
  | 'request_already_approved'
  | 'request_not_approver'
  | 'request_group_unreadable'
  | 'request_not_requester'
  | 'request_reason_required'
  | 'event_type_unknown'
  | 'webhook_url_refused'
  | 'webhook_not_found'
  | 'webhook_disabled'
  | 'apikey_not_found'
  | 'apikey_revoked'
  | 'ip_invalid'
  | 'ip_prefix_invalid'
  | 'ip_host_bits'
  | 'ip_matches_nobody'
  | 'ip_zone'
  | 'too_many_ips'
  | 'rate_limit_invalid'
  | 'rate_limit_out_of_range'
  // Not refusals: a dependency (the database, Redis) did not answer in time.
  | 'unavailable'
  | 'outcome_unknown';

/** The input field an error belongs to, so a form can show it on the right block. */
type Field =
  | 'owner'
  | 'label'
  | 'description'
  | 'api_version'
  | 'primary_contact'
  | 'developer_emails'
  | 'scopes'
  | 'expiry'
  | 'expiry_date'
  | 'reason'
  | 'allowed_ips'
  | 'rate_limit';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly field?: Field,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

/** The database or Redis did not answer in time. `unavailable`: nothing was done (the step that
 *  failed came before any change); `outcome_unknown`: a change was sent and whether it was made
 *  could not be found out. Never audited as a refusal: nobody refused anything. */
export class UnavailableError extends DomainError {
  constructor(code: 'unavailable' | 'outcome_unknown' = 'unavailable') {
    super(code);
    this.name = 'UnavailableError';
  }
}

/** Several field errors at once, so a form shows all of them together. */
export class ValidationError extends Error {
  constructor(readonly errors: DomainError[]) {
    super(errors.map((error) => error.code).join(', '));
    this.name = 'ValidationError';
  }
}
