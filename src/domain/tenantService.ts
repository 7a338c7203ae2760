// Organizations, domains and role grants: workspace admins only, every attempt audited (a
// change in its own transaction, a refusal on its own).
import { DomainError } from './errors.js';
import type { AuditLog, GrantRecord, GrantTarget, Organization, Domain, TenantStore } from './ports.js';
import { asWorkspaceAdmin } from './workspaceAdmin.js';
import { can, type Actor, type Owner } from './permissions.js';
import { ORGANIZATION_SLUG, hasUnsafeCharacters, truncate } from './text.js';

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

export class TenantService {
  constructor(
    private readonly store: TenantStore,
    private readonly log: AuditLog,
    /** Workspace admins from ADMIN_USER_IDS: their role is the deployment's, not a grant. */
    private readonly configuredAdmins: readonly string[] = [],
  ) {}

  createOrganization(actor: Actor, slug: string, name?: string): Promise<Organization> {
    const clean = slug.toLowerCase();
    return asWorkspaceAdmin(this.log, actor, 'tenants.organization.create', { slug: clean }, async (audit) => {
      if (!ORGANIZATION_SLUG.test(clean))
        throw new DomainError('invalid_slug', undefined, { slug: truncate(clean, 40) });
      if (name !== undefined && hasUnsafeCharacters(name)) throw new DomainError('text_unsafe_characters');
      return this.store.createOrganization(clean, truncate(name?.trim() ?? '', 100) || clean, audit);
    });
  }

  createDomain(actor: Actor, organizationSlug: string, name: string): Promise<Domain> {
    const clean = name.toLowerCase().replace(/\.$/, '');
    return asWorkspaceAdmin(
      this.log,
      actor,
      'tenants.domain.create',
      { organization: organizationSlug, domain: clean },
      async (audit) => {
        if (!HOSTNAME.test(clean)) throw new DomainError('invalid_domain', undefined, { domain: truncate(clean, 100) });
        return this.store.createDomain(organizationSlug.toLowerCase(), clean, audit);
      },
    );
  }

  grant(actor: Actor, userId: string, target: GrantTarget): Promise<void> {
    return asWorkspaceAdmin(this.log, actor, 'tenants.grant', { userId, ...target }, async (audit) => {
      this.refuseConfigured(userId, target); // a stored grant would outlive their removal from the setting
      await this.store.grant(userId, target, audit);
    });
  }

  /** A workspace admin from ADMIN_USER_IDS: the role is the deployment's to give or take. */
  private refuseConfigured(userId: string, target: GrantTarget) {
    if (target.role === 'workspace_admin' && this.configuredAdmins.includes(userId))
      throw new DomainError('role_from_config');
  }

  ungrant(actor: Actor, userId: string, target: GrantTarget): Promise<void> {
    return asWorkspaceAdmin(this.log, actor, 'tenants.ungrant', { userId, ...target }, async (audit) => {
      this.refuseConfigured(userId, target); // they would stay one all the same
      if (!(await this.store.ungrant(userId, target, audit))) throw new DomainError('grant_not_found');
    });
  }

  /** Every organization and domain: anyone may ask for a token of any of them (a request).
   *  no_organization when there is none yet. */
  async requestableOwners(): Promise<Owner[]> {
    const owners = await this.store.listOwners();
    if (!owners.length) throw new DomainError('no_organization');
    return owners;
  }

  /** The owners the actor may create tokens for: the choices of the create form. */
  async creatableOwners(actor: Actor): Promise<Owner[]> {
    return (await this.store.listOwners()).filter((owner) => can(actor, 'token.create', { owner }));
  }

  /** The owners the actor may create a token for, when they ask to create one: with none, the
   *  refused attempt is audited and `no_owner` (or, for a workspace admin of an empty install,
   *  `no_organization`) thrown, so they are told their first step. */
  async ownersForCreate(actor: Actor): Promise<Owner[]> {
    const owners = await this.creatableOwners(actor);
    if (owners.length) return owners;
    const reason = can(actor, 'tenants.manage') ? 'no_organization' : 'no_owner';
    await this.log.recordAudit({ actor: actor.userId, action: 'token.create', outcome: 'refused', reason });
    throw new DomainError(reason);
  }

  /** Who holds which role: workspace admins only; a refused look is audited. */
  async roles(actor: Actor, userId?: string): Promise<GrantRecord[]> {
    if (can(actor, 'tenants.manage')) return this.store.listGrants(userId);
    await this.log.recordAudit({
      actor: actor.userId,
      action: 'tenants.roles',
      outcome: 'refused',
      reason: 'workspace_admin_only',
      snapshot: userId ? { userId } : undefined,
    });
    throw new DomainError('workspace_admin_only');
  }
}
