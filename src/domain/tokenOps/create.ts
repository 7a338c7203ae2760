// Issuing a token: create (from the form, or for an approved request) and duplicate. The new
// secret leaves only in the return value, for one delivery (see secrets.ts).
import type { AuditAction, AuditDraft } from '../audit.js';
import { DomainError, ValidationError } from '../errors.js';
import { can, type Actor, type Owner } from '../permissions.js';
import { validatePolicy } from '../policy.js';
import type { NewToken, Schedule } from '../ports.js';
import { firstReminderAt, nextReviewAt } from '../reminders.js';
import { generateDisplayId } from '../secret.js';
import {
  copyLabel,
  diff,
  resolveExpiry,
  sameLifetime,
  validateFields,
  validateVersion,
  type CopySuffix,
  type Token,
} from '../tokens.js';
import { parseOwnerRef, type TokenCore } from './core.js';
import { show } from './read.js';
import { issued, type IssueOptions, type Issued } from './secrets.js';

export type CreateInput = {
  owner: string; // "org:<slug>" or "domain:<name>"
  label: string;
  description?: string;
  apiVersion?: string;
  scopes: string[];
  primaryContact: string;
  developerEmails?: string | string[];
  expiry?: string;
  expiryDate?: string;
  /** Addresses or CIDR ranges (text as typed, or a list), and `n/s|min|h|day`; empty: none (README: Governing use). */
  allowedIps?: string | string[];
  rateLimit?: string;
};

/** Stores a new token with its first (pending) secret and audit entries; null: not stored. */
type PersistToken = (token: NewToken, digest: string, audit: AuditDraft[], schedule: Schedule) => Promise<Token | null>;

type Fields = Omit<NewToken, 'displayId' | 'createdBy'>;

export async function create(
  core: TokenCore,
  actor: Actor,
  input: CreateInput,
  issue: IssueOptions = {},
): Promise<Issued> {
  return core.audited(actor, 'token.create', undefined, async () => {
    const owner = await core.ownerFor(actor, input.owner, 'token.create');
    return issued(core, await insert(core, actor, await validated(core, owner, input), 'token.create'), issue);
  });
}

/** The organization or domain `org:<slug>` / `domain:<name>` names, if it exists. */
export async function ownerOf(core: TokenCore, ref: string): Promise<Owner | null> {
  const parsed = parseOwnerRef(ref);
  return parsed ? core.store.findOwner(parsed) : null;
}

/** Checks a token request's fields as a create would, whoever asks (any owner may be asked
 *  for); throws the ValidationError a create would. */
export async function checkRequested(core: TokenCore, input: CreateInput): Promise<Owner> {
  const owner = await requestedOwner(core, input);
  // A name in use is refused when asked (with any other problem of the form), not after
  // approvers spent their approvals on it. Not when issuing: the token made by a concurrent
  // issue of the same request has that name, and the store links one token per request.
  const label = input.label.trim();
  const taken = label !== '' && (await core.store.labelTaken(owner, label));
  try {
    await validated(core, owner, input);
  } catch (error) {
    if (taken && error instanceof ValidationError)
      throw new ValidationError([...error.errors, new DomainError('label_taken', 'label', { label })]);
    throw error;
  }
  if (taken) throw new ValidationError([new DomainError('label_taken', 'label', { label })]);
  return owner;
}

async function requestedOwner(core: TokenCore, input: CreateInput): Promise<Owner> {
  const owner = await ownerOf(core, input.owner);
  if (!owner) throw new ValidationError([new DomainError('owner_not_found', 'owner')]);
  return owner;
}

/**
 * Makes the token an approved request asked for, with the requester as its creator and primary
 * contact; `persist` stores it (linking it to its request in the same transaction) and answers
 * null when the request needs no token any more. The secret is pending until handed over.
 */
export async function createRequested(
  core: TokenCore,
  requester: Actor,
  input: CreateInput,
  requestId: string,
  persist: PersistToken,
): Promise<Issued | null> {
  return core.audited(requester, 'token.create', undefined, async () => {
    const owner = await requestedOwner(core, input);
    const fields = await validated(core, owner, { ...input, primaryContact: requester.userId });
    return insertWith(persist, core, requester, fields, 'token.create', { requestId });
  });
}

export async function duplicate(
  core: TokenCore,
  actor: Actor,
  displayId: string,
  issue: IssueOptions = {},
  copySuffix?: CopySuffix,
): Promise<Issued> {
  const { catalog } = core;
  const source = await show(core, actor, displayId);
  return core.audited(actor, 'token.duplicate', displayId, async () => {
    if (!can(actor, 'token.create', { owner: source.owner })) throw new DomainError('not_permitted');
    const fields = {
      description: source.description,
      owner: source.owner,
      apiVersion: catalog.apiVersions.includes(source.apiVersion) ? source.apiVersion : catalog.latestVersion,
      scopes: source.scopes,
      primaryContact: source.primaryContact,
      developerEmails: source.developerEmails,
      allowedIps: source.allowedIps,
      rateLimit: source.rateLimit,
      expiresAt: sameLifetime(source, catalog, core.now()),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        return issued(
          core,
          await insert(
            core,
            actor,
            { ...fields, label: copyLabel(source.label, attempt, copySuffix) },
            'token.duplicate',
            { source: source.displayId },
          ),
          issue,
        );
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'label_taken') || attempt >= 20) throw error;
      }
    }
  });
}

/** The create form's fields, checked: every problem at once, as one ValidationError. */
async function validated(core: TokenCore, owner: Owner, input: CreateInput): Promise<Fields> {
  const errors: DomainError[] = [];
  const attempt = <T>(check: () => T): T | undefined => {
    try {
      return check();
    } catch (error) {
      if (error instanceof ValidationError) errors.push(...error.errors);
      else if (error instanceof DomainError) errors.push(error);
      else throw error;
      return undefined;
    }
  };
  const fields = attempt(() =>
    validateFields(
      {
        label: input.label,
        description: input.description ?? '',
        primaryContact: input.primaryContact,
        developerEmails: input.developerEmails ?? [],
        scopes: input.scopes,
      },
      core.catalog,
    ),
  );
  const policy = attempt(() =>
    validatePolicy({ allowedIps: input.allowedIps ?? [], rateLimit: input.rateLimit ?? '' }),
  );
  const apiVersion = attempt(() => validateVersion(input.apiVersion, core.catalog));
  const expiresAt = attempt(() => resolveExpiry(input, owner, core.catalog, core.now()));
  if (fields?.primaryContact) errors.push(...(await core.contactProblems(fields.primaryContact)));
  if (errors.length || !fields || !policy || !apiVersion || expiresAt === undefined) throw new ValidationError(errors);
  return {
    ...(fields as Required<typeof fields>),
    ...(policy as Required<typeof policy>),
    owner,
    apiVersion,
    expiresAt,
  };
}

/** Inserts a new token and its first secret through `persist`. `snapshot`: what the history
 *  keeps beside the fields, such as the token a copy was made of. null: `persist` stored nothing. */
async function insertWith(
  persist: PersistToken,
  core: TokenCore,
  actor: Actor,
  fields: Fields,
  action: AuditAction,
  snapshot?: Record<string, unknown>,
): Promise<Issued | null> {
  const { secret, digest } = core.issueSecret();
  const now = core.now();
  const schedule = {
    nextReminderAt: firstReminderAt(fields.expiresAt, core.reminders.thresholds, now),
    nextReviewAt: nextReviewAt(now, core.reminders.reviewDays),
  };
  const token: NewToken = { ...fields, displayId: generateDisplayId(), createdBy: actor.userId };
  const { displayId, ...recorded } = token;
  const audit: AuditDraft = {
    actor: actor.userId,
    action,
    outcome: 'ok',
    displayId,
    changes: diff({} as NewToken, { ...recorded, status: 'enabled' } as Partial<NewToken>),
    snapshot,
  };
  const stored = await persist(token, digest, [audit], schedule);
  return stored && { token: stored, secret };
}

/** insertWith the token store, which stores the token (or refuses it: label_taken). */
const insert = async (core: TokenCore, ...rest: [Actor, Fields, AuditAction, Record<string, unknown>?]) =>
  (await insertWith(core.store.insertToken.bind(core.store), core, ...rest))!;
