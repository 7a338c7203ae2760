// Management API keys (README: Automating tokenops): a key acts with the rights of an admin of its scope (the
// workspace, an organization or a domain) and is the actor of what it does. Like a token's
// secret, a key is shown once (an ephemeral DM), works only once that delivery is confirmed, is
// stored as an HMAC digest, and expires (default 90 days) with reminders to its creator.
import { DomainError } from './errors.js';
import type { Leak, LeakLabel } from './leaks.js';
import { administers, isWorkspaceAdmin, LEAK_ACTOR, type Actor, type Grant, type Owner } from './permissions.js';
import type { AuditDraft, AuditLog, OwnerRef } from './ports.js';
import { firstReminderAt, planExpiryReminder } from './reminders.js';
import { digestSecret, generateKeyDisplayId, generateSecret, hasValidFormat, managementKeyPrefix } from './secret.js';
import { truncate, withoutUnsafeCharacters } from './text.js';
import { parseOwnerRef } from './tokenService.js';
import { DAY_MS } from './time.js';

export type KeyScope = { type: 'workspace' } | Owner;

export type ApiKey = {
  id: string;
  displayId: string;
  label: string;
  scope: KeyScope;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
};

type NewApiKey = Pick<ApiKey, 'displayId' | 'label' | 'scope' | 'createdBy' | 'expiresAt'> & {
  nextReminderAt: Date | null;
};

export interface ApiKeyStore extends AuditLog {
  findOwner(ref: OwnerRef): Promise<Owner | null>;
  /** Inserts the key, pending until confirmKey, with its audit entry. */
  insertKey(key: NewApiKey, digest: string, audit: AuditDraft): Promise<ApiKey>;
  /** The key reached its holder: it works from now on. false when it was voided. */
  confirmKey(digest: string): Promise<boolean>;
  /** Removes a key still pending (its delivery failed), with the audit entry. */
  voidKey(digest: string, audit: (key: ApiKey) => AuditDraft): Promise<void>;
  /** A delivered key by its digest (revoked and expired ones too: the caller decides). */
  keyByDigest(digest: string): Promise<ApiKey | null>;
  /** Delivered keys, newest first. */
  listKeys(): Promise<ApiKey[]>;
  /** Locks the key, lets `decide` refuse (by throwing) or say the audit entry, revokes it. */
  revokeKey(displayId: string, decide: (key: ApiKey) => AuditDraft): Promise<ApiKey>;
  /** Locks the delivered key with this digest (null: none); `decide` sees whether a leak of it
   *  was recorded before, and says what to record (and whether to revoke it), or nothing. */
  leakKey(
    digest: string,
    decide: (key: ApiKey, known: boolean) => { audit: AuditDraft; revoke: boolean } | null,
  ): Promise<{ key: ApiKey; known: boolean; applied: boolean } | null>;
  keyUsed(id: string, at: Date): Promise<void>;
  /** Keys whose reminder is due, each with its next reminder time moved on by `plan`, in one
   *  transaction: a reminder is claimed once. */
  claimDueKeys(now: Date, plan: (key: ApiKey) => Date | null, limit: number): Promise<ApiKey[]>;
}

const KEY_LIFETIME_DAYS = 90;
const LABEL_MAX = 64;

/** What the people of a leaked key are told (a job's payload: never the secret). */
export type KeyLeakNotice = Pick<Leak, 'reporter' | 'location'> & {
  key: Pick<ApiKey, 'displayId' | 'label' | 'scope' | 'createdBy'>;
  revoked: boolean;
};

/** A key being handed over: it works once `handedOver` confirms its delivery. */
type IssuedKey = { key: ApiKey; secret: string };

/** The actor id a key is named by in the audit trail and as a creator or requester. */
const keyActorId = (displayId: string) => displayId;

export class ApiKeyService {
  constructor(
    private readonly options: {
      store: ApiKeyStore;
      tokenPrefix: string;
      hashSecret: string;
      reminderDays: number[];
      /** Told of a leaked key, to tell its creator and the admins (a queued job; idempotent). */
      onLeak?: (notice: KeyLeakNotice) => Promise<unknown>;
      now?: () => Date;
    },
  ) {}

  private now() {
    return this.options.now?.() ?? new Date();
  }

  private digest(secret: string) {
    return digestSecret(secret, this.options.hashSecret);
  }

  private async scopeFor(actor: Actor, text: string): Promise<KeyScope> {
    if (text === 'workspace') {
      if (!isWorkspaceAdmin(actor)) throw new DomainError('workspace_admin_only');
      return { type: 'workspace' };
    }
    const ref = parseOwnerRef(text);
    const owner = ref && (await this.options.store.findOwner(ref));
    if (!owner) throw new DomainError('owner_not_found', 'owner');
    if (!administers(actor, owner)) throw new DomainError('not_permitted', 'owner');
    return owner;
  }

  /** Who may see and revoke a key: admins of its scope. */
  private manages(actor: Actor, key: ApiKey) {
    return key.scope.type === 'workspace' ? isWorkspaceAdmin(actor) : administers(actor, key.scope);
  }

  /** A new key for `scopeText` (`workspace`, `org:<slug>`, `domain:<name>`), pending until
   *  handedOver. Refusals are audited by the caller's `audited`. */
  async create(actor: Actor, scopeText: string, label: string | undefined): Promise<IssuedKey> {
    const scope = await this.scopeFor(actor, scopeText.toLowerCase());
    const name = truncate(withoutUnsafeCharacters(label ?? '').trim(), LABEL_MAX) || scopeText;
    const secret = generateSecret(managementKeyPrefix(this.options.tokenPrefix));
    const now = this.now();
    const expiresAt = new Date(now.getTime() + KEY_LIFETIME_DAYS * DAY_MS);
    const displayId = generateKeyDisplayId();
    const key = await this.options.store.insertKey(
      {
        displayId,
        label: name,
        scope,
        createdBy: actor.userId,
        expiresAt,
        nextReminderAt: firstReminderAt(expiresAt, this.options.reminderDays, now),
      },
      this.digest(secret),
      {
        actor: actor.userId,
        action: 'apikey.create',
        outcome: 'ok',
        displayId,
        snapshot: { label: name, scope: scopeText, expiresAt: expiresAt.toISOString() },
      },
    );
    return { key, secret };
  }

  handedOver(issued: IssuedKey): Promise<boolean> {
    return this.options.store.confirmKey(this.digest(issued.secret));
  }

  voidIssued(actor: Actor, issued: IssuedKey): Promise<void> {
    return this.options.store.voidKey(this.digest(issued.secret), (key) => ({
      actor: actor.userId,
      action: 'apikey.void',
      outcome: 'ok',
      displayId: key.displayId,
    }));
  }

  async list(actor: Actor): Promise<ApiKey[]> {
    return (await this.options.store.listKeys()).filter((key) => this.manages(actor, key));
  }

  async revoke(actor: Actor, displayId: string): Promise<ApiKey> {
    return this.options.store.revokeKey(displayId, (key) => {
      if (!this.manages(actor, key)) throw new DomainError('apikey_not_found');
      if (key.revokedAt) throw new DomainError('apikey_revoked');
      return {
        actor: actor.userId,
        action: 'apikey.revoke',
        outcome: 'ok',
        displayId: key.displayId,
        snapshot: { label: key.label },
      };
    });
  }

  /** The key a presented secret is, when it works now: not revoked, not expired. The checksum
   *  is checked first, so a made-up key costs no lookup. */
  async authenticate(secret: string): Promise<{ key: ApiKey; actor: Actor } | null> {
    if (!hasValidFormat(secret, managementKeyPrefix(this.options.tokenPrefix))) return null;
    const key = await this.options.store.keyByDigest(this.digest(secret));
    const now = this.now();
    if (!key || key.revokedAt || key.expiresAt <= now) return null;
    return { key, actor: { userId: keyActorId(key.displayId), grants: [grantOf(key.scope)] } };
  }

  /**
   * A reported leak of the key with this digest (the leak service's, for a `<prefix>mk_` secret):
   * like a token's, it is revoked at once (LEAK_ACTION `revoke` or `disable`: a key cannot be
   * disabled) or only told (`notify`), audited with the leak as actor, and its creator and the
   * admins of its scope are told. Null when no key has this digest. A key already reported is
   * told about again (the notices are idempotent), so a report whose notices could not be queued
   * is completed by the reporter's retry.
   */
  async leaked(
    digest: string,
    leak: Pick<Leak, 'reporter' | 'location' | 'origin' | 'action'>,
  ): Promise<{ label: LeakLabel; applied: boolean } | null> {
    const now = this.now();
    const revoke = leak.action !== 'notify';
    const outcome = await this.options.store.leakKey(digest, (key, known) => {
      if (known || key.revokedAt || key.expiresAt <= now) return null;
      const after = {
        reporter: leak.reporter,
        location: leak.location,
        origin: leak.origin,
        action: revoke ? 'revoke' : 'notify',
      };
      const audit: AuditDraft = {
        actor: LEAK_ACTOR.userId,
        action: 'apikey.leak',
        outcome: 'ok',
        displayId: key.displayId,
        reason: `${leak.reporter}: ${leak.location ?? 'no location given'}`.slice(0, 2_000),
        changes: { leak: { before: null, after } },
        snapshot: { apiKey: { id: key.displayId, label: key.label, scope: scopeText(key.scope) } },
      };
      return { audit, revoke };
    });
    if (!outcome) return null;
    const { key, known, applied } = outcome;
    // Revoked or expired before anyone reported it: it could not be used.
    if (!known && !applied) return { label: 'false_positive', applied: false };
    const { displayId, label, scope, createdBy } = key;
    await this.options.onLeak?.({
      key: { displayId, label, scope, createdBy },
      reporter: leak.reporter,
      location: leak.location,
      revoked: key.revokedAt !== null || (applied && revoke),
    });
    return { label: 'true_positive', applied };
  }

  keyUsed(key: ApiKey): Promise<void> {
    return this.options.store.keyUsed(key.id, this.now());
  }

  /** Keys whose expiry reminder is due now, with how many days are left (0: expired). */
  async dueReminders(limit = 100): Promise<Array<{ key: ApiKey; threshold: number }>> {
    const now = this.now();
    const plans = new Map<string, number>();
    const keys = await this.options.store.claimDueKeys(
      now,
      (key) => {
        const plan = planExpiryReminder(key.expiresAt, this.options.reminderDays, now);
        plans.set(key.id, plan.threshold);
        return plan.next;
      },
      limit,
    );
    return keys.filter((key) => (plans.get(key.id) ?? -1) >= 0).map((key) => ({ key, threshold: plans.get(key.id)! }));
  }
}

/** The rights of an admin of the scope. */
function grantOf(scope: KeyScope): Grant {
  if (scope.type === 'workspace') return { role: 'workspace_admin' };
  if (scope.type === 'organization') return { role: 'org_admin', organizationId: scope.organizationId };
  return { role: 'domain_admin', domainId: scope.domainId, organizationId: scope.organizationId };
}

/** How a scope is written: `workspace`, `org:<slug>`, `domain:<name>`. */
export const scopeText = (scope: KeyScope) =>
  scope.type === 'workspace'
    ? 'workspace'
    : scope.type === 'organization'
      ? `org:${scope.organizationSlug}`
      : `domain:${scope.domainName}`;
