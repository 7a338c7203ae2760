// Who may do what. One function decides every action; it is tested as a table.
export type Grant =
  | { role: 'workspace_admin' }
  | { role: 'org_admin'; organizationId: string }
  | { role: 'domain_admin'; domainId: string; organizationId: string };

export type Owner =
  | { type: 'organization'; organizationId: string; organizationSlug: string }
  | { type: 'domain'; organizationId: string; organizationSlug: string; domainId: string; domainName: string };

export type Actor = { userId: string; grants: Grant[] };

/** tokenops itself, as the actor of what nobody clicked (expiries, voided deliveries): no role,
 *  so each of its changes is permitted by the one path that makes it. */
export const SYSTEM_ACTOR: Actor = { userId: 'tokenops', grants: [] };

/** tokenops acting on a leaked secret (revoke or disable, and the leak's audit): it may change
 *  every token, and its own user id tells its entries apart in a token's history. */
export const LEAK_ACTOR: Actor = { userId: 'tokenops:leak-scanner', grants: [{ role: 'workspace_admin' }] };

export type Action =
  | 'token.view' // see, list, show, audit
  | 'token.create'
  | 'token.change' // edit, duplicate, reset, upgrade, disable, enable, revoke, delete
  | 'revocation.decide' // approve or reject a revocation; never one's own request
  | 'tenants.manage'; // organizations, domains and role grants

export const isWorkspaceAdmin = (actor: Actor) => actor.grants.some((grant) => grant.role === 'workspace_admin');

/** Whether the actor administers the owner: workspace admins everything, org admins their
 *  organization and its domains, domain admins their domain only. */
export function administers(actor: Actor, owner: Owner): boolean {
  return actor.grants.some((grant) => {
    switch (grant.role) {
      case 'workspace_admin':
        return true;
      case 'org_admin':
        return grant.organizationId === owner.organizationId;
      case 'domain_admin':
        return owner.type === 'domain' && grant.domainId === owner.domainId;
    }
  });
}

export function can(actor: Actor, action: Action, context: { owner?: Owner; requestedBy?: string } = {}): boolean {
  if (action === 'tenants.manage') return isWorkspaceAdmin(actor);
  if (!context.owner || !administers(actor, context.owner)) return false;
  if (action === 'revocation.decide') return context.requestedBy !== undefined && context.requestedBy !== actor.userId;
  return true;
}

/** The owners an actor's list may show: everything, or these organizations and domains. */
export function visibility(actor: Actor): 'all' | { organizationIds: string[]; domainIds: string[] } {
  if (isWorkspaceAdmin(actor)) return 'all';
  return {
    organizationIds: actor.grants.flatMap((grant) => (grant.role === 'org_admin' ? [grant.organizationId] : [])),
    domainIds: actor.grants.flatMap((grant) => (grant.role === 'domain_admin' ? [grant.domainId] : [])),
  };
}
