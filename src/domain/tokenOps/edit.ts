// Changing a token's settings: the edit form, the API version, and renewal (extend).
import type { Catalog } from '../catalog.js';
import { DomainError, ValidationError } from '../errors.js';
import type { Actor } from '../permissions.js';
import { validatePolicy } from '../policy.js';
import { firstReminderAt } from '../reminders.js';
import { resolveExpiry, validateFields, validateVersion, type Token } from '../tokens.js';
import { approval, approvedBy } from './approved.js';
import { notRevoked, type TokenCore } from './core.js';

export type EditInput = Partial<{
  label: string;
  description: string;
  primaryContact: string;
  developerEmails: string | string[];
  scopes: string[];
  allowedIps: string | string[];
  rateLimit: string;
}>;

/** Saves the edit form; a new expiry in it (`expiry`/`expiryDate`) follows the renewal rules. */
export async function edit(
  core: TokenCore,
  actor: Actor,
  displayId: string,
  input: EditInput & { expiry?: string; expiryDate?: string },
): Promise<Token> {
  const { expiry, expiryDate, allowedIps, rateLimit, ...fields } = input;
  const contact = fields.primaryContact;
  if (contact) {
    await core.audited(actor, 'token.edit', displayId, async () => {
      const problems = await core.contactProblems(contact);
      if (problems.length) throw new ValidationError(problems);
    });
  }
  const { after } = await core.change(actor, displayId, 'token.edit', (token) => {
    notRevoked(token);
    const update = validateEditable(fields, { allowedIps, rateLimit }, core.catalog);
    if (!expiry && !expiryDate) return { update };
    const expiresAt = resolveExpiry({ expiry, expiryDate }, token.owner, core.catalog, core.now());
    return {
      update: { ...update, expiresAt },
      rearmReminders: firstReminderAt(expiresAt, core.reminders.thresholds, core.now()),
    };
  });
  return after!;
}

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
): Promise<Token> {
  if (!choice.expiry && !choice.expiryDate) throw new DomainError('expiry_invalid', 'expiry');
  const { after } = await core.change(
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
      };
    },
    approvedBy(approved),
  );
  return after!;
}

/** The edit form's fields and policy, every problem of both at once. */
function validateEditable(
  fields: Omit<EditInput, 'allowedIps' | 'rateLimit'>,
  policy: Pick<EditInput, 'allowedIps' | 'rateLimit'>,
  catalog: Catalog,
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
  const update = collect(() => validateFields(fields, catalog));
  const policyUpdate = collect(() => validatePolicy(policy));
  if (errors.length) throw new ValidationError(errors);
  return { ...update, ...policyUpdate };
}
