// What a token is and the rules of its fields: validation against the catalog and the expiry
// policy, and the status a token effectively has at a given time.
import { hasUnsafeCharacters, normalizeName, truncate } from './text.js';
import { z } from 'zod';
import type { Catalog } from './catalog.js';
import { allScopes } from './catalog.js';
import { DomainError, ValidationError } from './errors.js';
import type { Owner } from './permissions.js';
import { DAY_MS, HOUR_MS } from './time.js';

type TokenStatus = 'enabled' | 'disabled' | 'revoked';
export type EffectiveStatus = TokenStatus | 'expired';

export type Token = {
  id: string;
  displayId: string;
  label: string;
  description: string;
  owner: Owner;
  apiVersion: string;
  scopes: string[];
  primaryContact: string;
  developerEmails: string[];
  /** Verify-time policy (README: Governing use): canonical CIDRs (empty: any address) and `n/unit` (null: no limit). */
  allowedIps: string[];
  rateLimit: string | null;
  expiresAt: Date | null;
  status: TokenStatus;
  statusReason: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  lastUsedAt: Date | null;
};

/** An extended token, with the expiry its change replaced (null: none), read in that change: what
 *  an answer compares to say the new one is earlier, right under concurrent changes. */
export type Extended = Token & { previousExpiresAt: Date | null };

/** When a secret with an end of its own (a reset's grace period) stops working: then, or when
 *  its token expires if that comes first (the expiry ends every secret; an extension before the
 *  secret's own end makes it work again, to that end). */
export function secretEnd(secretExpiresAt: Date | null, tokenExpiresAt: Date | null): Date | null {
  return secretExpiresAt && tokenExpiresAt && tokenExpiresAt < secretExpiresAt ? tokenExpiresAt : secretExpiresAt;
}

/** Revoked is final and wins; an expired token reads as expired even when also disabled. */
export function effectiveStatus(token: Pick<Token, 'status' | 'expiresAt'>, now: Date): EffectiveStatus {
  if (token.status === 'revoked') return 'revoked';
  if (token.expiresAt && token.expiresAt <= now) return 'expired';
  return token.status;
}

const LABEL_MAX = 64;
const DESCRIPTION_MAX = 500;
const EMAILS_MAX = 10;
const EMAIL_MAX = 254;
export const EXPIRY_PRESETS = ['7d', '30d', '60d', '90d', '180d', '365d'] as const;
export const GRACE_PERIODS = { none: 0, '1h': HOUR_MS, '24h': DAY_MS, '7d': 7 * DAY_MS } as const;
export type GracePeriod = keyof typeof GRACE_PERIODS;
/** Own keys only: `toString` and other prototype keys are not grace periods. */
export const isGracePeriod = (value: string): value is GracePeriod => Object.hasOwn(GRACE_PERIODS, value);

const email = z.email();

/** Developer e-mails as typed in a form: separated by commas, spaces or new lines. */
export function parseEmails(raw: string | string[]): string[] {
  const items = Array.isArray(raw) ? raw : raw.split(/[\s,;]+/);
  return [...new Set(items.map((item) => item.trim().toLowerCase()).filter(Boolean))];
}

type EditableFields = {
  label: string;
  description: string;
  primaryContact: string;
  developerEmails: string[];
  scopes: string[];
};

/** Checks the editable fields present in `input`; every problem is reported at once. `held`:
 *  the scopes the token has now (an edit may keep one the catalog has since retired). */
export function validateFields(
  input: Partial<{
    label: string;
    description: string;
    primaryContact: string;
    developerEmails: string | string[];
    scopes: string[];
  }>,
  catalog: Catalog,
  held: readonly string[] = [],
): Partial<EditableFields> {
  const errors: DomainError[] = [];
  const out: Partial<EditableFields> = {};
  if (input.label !== undefined) {
    const label = normalizeName(input.label);
    if (!label) errors.push(new DomainError('label_required', 'label'));
    else if (hasUnsafeCharacters(input.label.replace(/[\t\n]/g, ' ')))
      errors.push(new DomainError('text_unsafe_characters', 'label'));
    else if (label.length > LABEL_MAX) errors.push(new DomainError('label_too_long', 'label', { max: LABEL_MAX }));
    out.label = label;
  }
  if (input.description !== undefined) {
    const description = input.description.trim();
    if (description.length > DESCRIPTION_MAX)
      errors.push(new DomainError('description_too_long', 'description', { max: DESCRIPTION_MAX }));
    else if (hasUnsafeCharacters(description, { multiline: true }))
      errors.push(new DomainError('text_unsafe_characters', 'description'));
    out.description = description;
  }
  if (input.primaryContact !== undefined) {
    if (!/^[UW][A-Z0-9]{2,}$/.test(input.primaryContact))
      errors.push(new DomainError('contact_required', 'primary_contact'));
    out.primaryContact = input.primaryContact;
  }
  if (input.developerEmails !== undefined) {
    const emails = parseEmails(input.developerEmails);
    // RFC 5321: an address has at most 254 characters; zod's pattern alone accepts any length.
    const bad = emails.find((address) => address.length > EMAIL_MAX || !email.safeParse(address).success);
    if (bad) errors.push(new DomainError('email_invalid', 'developer_emails', { email: truncate(bad, 100) }));
    else if (emails.length > EMAILS_MAX)
      errors.push(new DomainError('too_many_emails', 'developer_emails', { max: EMAILS_MAX }));
    out.developerEmails = emails;
  }
  if (input.scopes !== undefined) {
    const scopes = [...new Set(input.scopes)];
    const known = allScopes(catalog);
    // A scope the catalog has retired is kept by a token that holds it, never given anew.
    const unknown = scopes.find((scope) => !known.has(scope) && !held.includes(scope));
    if (scopes.length === 0) errors.push(new DomainError('scopes_required', 'scopes'));
    else if (unknown) errors.push(new DomainError('scope_unknown', 'scopes', { scope: truncate(unknown, 100) }));
    out.scopes = scopes;
  }
  if (errors.length) throw new ValidationError(errors);
  return out;
}

export function validateVersion(version: string | undefined, catalog: Catalog): string {
  const chosen = version?.trim() || catalog.latestVersion;
  if (!catalog.apiVersions.includes(chosen))
    throw new DomainError('version_unknown', 'api_version', { version: truncate(chosen, 75) });
  return chosen;
}

/**
 * The expiry time of a token created now: a preset number of days, or a date (YYYY-MM-DD, valid
 * through that whole day, UTC) which overrides the preset; "never" where the policy allows it.
 */
export function resolveExpiry(
  choice: { expiry?: string; expiryDate?: string },
  owner: Owner,
  catalog: Catalog,
  now: Date,
): Date | null {
  const { maxDays, defaultDays, neverAllowedFor } = catalog.expiry;
  const latest = now.getTime() + maxDays * DAY_MS;
  const invalid = (field: 'expiry' | 'expiry_date') =>
    new DomainError('expiry_invalid', field, { allowed: allowedExpiries(owner, catalog).join(' ') });
  if (choice.expiryDate) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(choice.expiryDate);
    const end = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1) : NaN;
    if (!match || Number.isNaN(end) || new Date(end - DAY_MS).toISOString().slice(0, 10) !== choice.expiryDate)
      throw invalid('expiry_date');
    if (end <= now.getTime()) throw new DomainError('expiry_in_past', 'expiry_date');
    if (end - DAY_MS > latest) throw new DomainError('expiry_beyond_policy', 'expiry_date', { max: maxDays });
    return new Date(end);
  }
  const expiry = choice.expiry ?? `${defaultDays}d`;
  if (expiry === 'never') {
    if (!neverAllowedFor.includes(owner.organizationSlug)) throw new DomainError('never_not_allowed', 'expiry');
    return null;
  }
  // Only what the form offers (and the catalog's default): not "0d", "-1d" or "9999d".
  const days = /^(\d{1,4})d$/.exec(expiry);
  if (!days || !(EXPIRY_PRESETS as readonly string[]).concat(`${defaultDays}d`).includes(expiry))
    throw invalid('expiry');
  if (Number(days[1]) > maxDays) throw new DomainError('expiry_beyond_policy', 'expiry', { max: maxDays });
  return new Date(now.getTime() + Number(days[1]) * DAY_MS);
}

/** Whether "never" may be offered for this owner. */
export const neverAllowed = (owner: Owner, catalog: Catalog) =>
  catalog.expiry.neverAllowedFor.includes(owner.organizationSlug);

/** The expiry choices the policy allows this owner (a date within the maximum is always one). */
function allowedExpiries(owner: Owner, catalog: Catalog): string[] {
  const presets = EXPIRY_PRESETS.filter((preset) => Number.parseInt(preset, 10) <= catalog.expiry.maxDays);
  return [...presets, ...(neverAllowed(owner, catalog) ? ['never'] : [])];
}

/** A reset never hands out a secret that does not work (README: The contract, reminders): an expired token is extended
 *  first, which revives the secret it has (enabled too, when it is also disabled: `disabled` 1). */
export function refuseResetIfExpired(token: Pick<Token, 'status' | 'expiresAt' | 'displayId'>, now: Date): void {
  if (effectiveStatus(token, now) === 'expired')
    throw new DomainError('token_expired', undefined, {
      id: token.displayId,
      ...(token.status === 'disabled' ? { disabled: 1 } : {}),
    });
}

/** Moving to a version older than the current one (the catalog lists versions oldest first). */
export function isDowngrade(catalog: Catalog, from: string, to: string): boolean {
  const [current, next] = [catalog.apiVersions.indexOf(from), catalog.apiVersions.indexOf(to)];
  return current >= 0 && next >= 0 && next < current;
}

/** The same lifetime as `token` had, from now, within today's policy. */
export function sameLifetime(
  token: Pick<Token, 'createdAt' | 'expiresAt' | 'owner'>,
  catalog: Catalog,
  now: Date,
): Date | null {
  if (!token.expiresAt)
    return neverAllowed(token.owner, catalog) ? null : new Date(now.getTime() + catalog.expiry.defaultDays * DAY_MS);
  const days = Math.max(1, Math.round((token.expiresAt.getTime() - token.createdAt.getTime()) / DAY_MS));
  return new Date(now.getTime() + Math.min(days, catalog.expiry.maxDays) * DAY_MS);
}

/** How a copy's label is marked, in the words of whoever makes it: " (copy)", " (copy 2)"… */
export type CopySuffix = (attempt: number) => string;
const englishCopy: CopySuffix = (attempt) => (attempt === 1 ? ' (copy)' : ` (copy ${attempt})`);

/** The label of a duplicate, within the length limit. */
export function copyLabel(label: string, attempt: number, suffixOf: CopySuffix = englishCopy): string {
  const suffix = suffixOf(attempt);
  return truncate(label, LABEL_MAX - suffix.length) + suffix;
}

/** Field-by-field differences, for the audit trail. */
export function diff<T extends object>(
  before: T,
  after: Partial<T>,
): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      changes[String(key)] = { before: before[key], after: after[key] };
  }
  return changes;
}
