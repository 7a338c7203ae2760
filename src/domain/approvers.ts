// Who may decide a request (README: Token requests and approval policies): the members of the
// user groups its rule names, the requests an actor may decide now, and the people to ask by DM
// when there is no approvals channel. Checked against roles and groups as they are now.
import { approverRefs, eligibility, groupsOf, type ApproverRef, type GroupMembers } from './approvals.js';
import type { Actor, Owner } from './permissions.js';
import type { ApprovalRequest, GroupDirectory } from './ports.js';
import type { TokenService } from './tokenService.js';

export class Approvers {
  constructor(
    private readonly options: {
      tokens: TokenService;
      groups?: GroupDirectory;
      adminsOf?: (owner: Owner) => Promise<string[]>;
      now: () => Date;
    },
  ) {}

  private ownerOf(request: ApprovalRequest): Promise<Owner | null> {
    return this.options.tokens.ownerOf(request.owner);
  }

  /** The members of the groups a request's approvers name (null: unreadable, nobody from it counts). */
  async groupsFor(request: ApprovalRequest): Promise<GroupMembers> {
    const refs = approverRefs(request.rule, Boolean(request.escalatedAt));
    const ids = refs === 'owner_admins' ? [] : groupsOf(refs);
    const read = await Promise.all(
      ids.map(async (id) => [id, (await this.options.groups?.members(id).catch(() => null)) ?? null] as const),
    );
    return new Map(read);
  }

  /** Of `pending` requests, those this actor may decide now. */
  async decidable(actor: Actor, pending: ApprovalRequest[]): Promise<ApprovalRequest[]> {
    const out: ApprovalRequest[] = [];
    for (const request of pending) {
      const owner = await this.ownerOf(request);
      if (
        owner &&
        eligibility(
          actor,
          { ...request, owner, escalated: Boolean(request.escalatedAt) },
          await this.groupsFor(request),
        ) === 'eligible'
      )
        out.push(request);
    }
    return out;
  }

  /** Who could approve a request, by name, for DMs when there is no approvals channel (the
   *  requester and those who approved already left out). `escalation`: only the escalation's. */
  async approverIds(request: ApprovalRequest, escalation = false): Promise<string[]> {
    const owner = await this.ownerOf(request);
    if (!owner) return [];
    const refs: ApproverRef[] | 'owner_admins' = escalation
      ? request.rule.escalateTo
      : approverRefs(request.rule, false);
    const groups = await this.groupsFor({
      ...request,
      escalatedAt: escalation ? this.options.now() : request.escalatedAt,
    });
    const candidates = new Set<string>();
    if (refs === 'owner_admins' || refs.some((ref) => ref.kind === 'role'))
      for (const id of [...((await this.options.adminsOf?.(owner)) ?? []), ...this.options.tokens.configuredAdmins()])
        candidates.add(id);
    if (refs !== 'owner_admins') {
      for (const ref of refs) {
        if (ref.kind === 'user') candidates.add(ref.id);
        if (ref.kind === 'usergroup') for (const id of groups.get(ref.id) ?? []) candidates.add(id);
      }
    }
    const rule = escalation ? { ...request.rule, approvers: request.rule.escalateTo, escalateTo: [] } : request.rule;
    const ids: string[] = [];
    for (const id of candidates) {
      const actor = await this.options.tokens.actor(id);
      if (eligibility(actor, { ...request, rule, owner, escalated: false }, groups) === 'eligible') ids.push(id);
    }
    return ids.slice(0, 20);
  }
}
