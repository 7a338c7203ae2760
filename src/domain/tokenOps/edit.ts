// Changing a token's settings: the edit form, the API version, and renewal (extend).
import { changeRule } from '../approvals.js';
import type { Catalog } from '../catalog.js';
import { DomainError, ValidationError } from '../errors.js';
import type { Actor } from '../permissions.js';
import type { Change } from '../ports.js';
import { validatePolicy } from '../policy.js';
import { firstReminderAt } from '../reminders.js';
import { diff, resolveExpiry, validateFields, validateVersion, type Extended, type Token } from '../tokens.js';
import { approval, approvedBy } from './approved.js';
import { notRevoked, type TokenCore } from './core.js';

type EditInput = Partial<{
  /** The management API's PATCH only (the form has its own Upgrade). */
  apiVersion: string;
  label: string;
  description: string;
  primaryContact: string;
  developerEmails: string | string[];
  scopes: string[];
  allowedIps: string | string[];
  rateLimit: string;
}>;

/** The edit form's values; a new expiry in it (`expiry`/`expiryDate`) follows the renewal rules. */
export type EditChoice = EditInput & { expiry?: string; expiryDate?: string };

/**
 * Saves the edit form. Moving the expiry later is an extension: where an `extend` rule covers
 * the token (as it is, or as the edit would make it), it is refused here, whoever calls, with
 * `extension_needs_approval`. An edit that is only such an extension is asked for instead
 * (ChangeRequests.extensionIn); one that changes other settings too is refused whole, so that
 * nothing is ever half saved.
 */
export async function edit(core: TokenCore, actor: Actor, displayId: string, input: EditChoice): Promise<Token> {
  const contact = input.primaryContact;
  if (contact) {
    await core.audited(actor, 'token.edit', displayId, async () => {
      const problems = await core.contactProblems(contact);
      if (problems.length) throw new ValidationError(problems);
    });
  }
  const { after } = await core.change(actor, displayId, 'token.edit', (token) => {
    notRevoked(token);
    const { update, expiresAt, extension } = editOf(token, input, core.catalog, core.now());
    const scopes = [...token.scopes, ...(update.scopes ?? [])];
    if (extension && changeRule(core.catalog.approvals, 'extend', { owner: token.owner, scopes }))
      throw new DomainError('extension_needs_approval', 'expiry', { id: token.displayId });
    if (expiresAt === undefined) return { update };
    return { update, rearmReminders: firstReminderAt(expiresAt, core.reminders.thresholds, core.now()) };
  });
  return after!;
}

/**
 * What an edit makes of `token` (every problem of its fields at once, then its expiry's):
 * the update, the new expiry when one is chosen, whether it moves the expiry later (or to
 * never), and whether it changes anything else (lists compared as sets).
 */
export function editOf(token: Token, input: EditChoice, catalog: Catalog, now: Date) {
  const { expiry, expiryDate, allowedIps, rateLimit, ...fields } = input;
  const update: NonNullable<Change['update']> = validateEditable(
    fields,
    { allowedIps, rateLimit },
    catalog,
    token.scopes,
  );
  const others = Object.keys(diff(token, update)).some((key) => {
    const field = key as keyof typeof update;
    const [before, after] = [token[field], update[field]];
    return !(Array.isArray(before) && Array.isArray(after) && sameSet(before, after));
  });
  if (!expiry && !expiryDate) return { update, expiresAt: undefined, others, extension: false };
  const expiresAt = resolveExpiry({ expiry, expiryDate }, token.owner, catalog, now);
  const extension = token.expiresAt !== null && (expiresAt === null || expiresAt > token.expiresAt);
  return { update: { ...update, expiresAt }, expiresAt, others, extension };
}

const sameSet = (a: unknown[], b: unknown[]) =>
  a.every((item) => b.includes(item)) && b.every((item) => a.includes(item));

export async function upgrade(core: TokenCore, actor: Actor, displayId: string, version?: string): Promise<Token> {
  const { after } = await core.change(actor, displayId, 'token.upgrade', (token) => {
    notRevoked(token);
    const apiVersion = validateVersion(version, core.catalog);
    if (apiVersion === token.apiVersion)
      throw new DomainError('version_unchanged', 'api_version', { version: apiVersion });
    return { update: { apiVersion } };
  });
  return after!;
}

/**
 * Renewal: a new expiry, a preset counted from today (7d…365d, `never` where the catalog allows
 * it) or a date, under the catalog's policy as at creation. The secret stays; every expiry
 * reminder fires again for the new date.
 */
export async function extend(
  core: TokenCore,
  actor: Actor,
  displayId: string,
  choice: { expiry?: string; expiryDate?: string },
  approved?: string,
  reason?: string,
): Promise<Extended> {
  if (!choice.expiry && !choice.expiryDate) throw new DomainError('expiry_invalid', 'expiry');
  const why = core.reasonOf(reason);
  const { before, after } = await core.change(
    actor,
    displayId,
    'token.extend',
    (token) => {
      notRevoked(token);
      const expiresAt = resolveExpiry(choice, token.owner, core.catalog, core.now());
      return {
        update: { expiresAt },
        rearmReminders: firstReminderAt(expiresAt, core.reminders.thresholds, core.now()),
        ...approval(core, 'extend', token, approved),
        reason: why,
      };
    },
    approvedBy(approved),
  );
  return { ...after!, previousExpiresAt: before.expiresAt };
}

/** The edit form's fields and policy, every problem of both at once. */
function validateEditable(
  fields: Omit<EditInput, 'allowedIps' | 'rateLimit'>,
  policy: Pick<EditInput, 'allowedIps' | 'rateLimit'>,
  catalog: Catalog,
  held: readonly string[],
) {
  const errors: DomainError[] = [];
  const collect = <T>(check: () => T): T | undefined => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      errors.push(...error.errors);
      return undefined;
    }
  };
  const { apiVersion, ...named } = fields;
  const update = collect(() => validateFields(named, catalog, held));
  const policyUpdate = collect(() => validatePolicy(policy));
  const version =
    apiVersion === undefined
      ? undefined
      : collect(() => {
          // A blank one would mean the default (as at creation): an edit names the version it wants.
          if (!apiVersion.trim())
            throw new ValidationError([new DomainError('version_unknown', 'api_version', { version: '' })]);
          try {
            return validateVersion(apiVersion, catalog);
          } catch (error) {
            throw error instanceof DomainError ? new ValidationError([error]) : error;
          }
        });
  if (errors.length) throw new ValidationError(errors);
  return { ...update, ...policyUpdate, ...(version ? { apiVersion: version } : {}) };
}
