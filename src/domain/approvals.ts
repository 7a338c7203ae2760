// Approval policies (README: Token requests and approval policies): rules from the catalog's `approvals:` say which operations need
// whose approval. Pure functions: which rule applies, who may approve, and how far a request is.
// The rules of four eyes hold whatever the catalog says: nobody approves their own request, one
// person counts once, and `request` and `revoke` always need someone other than the requester.
import { administers, isWorkspaceAdmin, type Actor, type Owner } from './permissions.js';

export const APPROVAL_OPERATIONS = ['request', 'revoke', 'reset', 'extend'] as const;
export type ApprovalOperation = (typeof APPROVAL_OPERATIONS)[number];

/** Operations on an existing token that a rule may put through approval. */
export type ChangeOperation = Exclude<ApprovalOperation, 'request'>;

/** Operations that always need another person, whatever a rule says. */
export const ALWAYS_APPROVED: ReadonlySet<ApprovalOperation> = new Set(['request', 'revoke']);

export type ApproverRef =
  | { kind: 'role'; role: 'org_admin' | 'domain_admin' | 'workspace_admin' }
  | { kind: 'usergroup'; id: string }
  | { kind: 'user'; id: string };

export type ApprovalRule = {
  /** Where it is in the catalog (`approvals[2]`), or its `name`: what messages call it. */
  name: string;
  operations: ApprovalOperation[];
  /** `org:<slug>` / `domain:<name>`; empty: any owner. */
  owners: string[];
  /** Any of them requested or held; empty: any scopes. */
  scopes: string[];
  required: number;
  /** Empty: the admins of the owner. */
  approvers: ApproverRef[];
  /** Minutes; with escalateTo. */
  escalateAfterMinutes?: number;
  escalateTo: ApproverRef[];
};

type ApprovalSubject = { operation: ApprovalOperation; owner: Owner; scopes: string[] };

const ownerKeys = (owner: Owner) =>
  owner.type === 'domain'
    ? [`domain:${owner.domainName}`, `org:${owner.organizationSlug}`]
    : [`org:${owner.organizationSlug}`];

/** How specific a matching rule is: scopes name what is sensitive, so they weigh most; then an
 *  owner, a domain more than its organization. undefined: the rule does not match. */
function specificity(rule: ApprovalRule, subject: ApprovalSubject): number | undefined {
  if (!rule.operations.includes(subject.operation)) return undefined;
  let score = 0;
  if (rule.owners.length) {
    const [own, parent] = ownerKeys(subject.owner);
    if (rule.owners.includes(own!)) score += subject.owner.type === 'domain' ? 3 : 2;
    else if (parent && rule.owners.includes(parent)) score += 2;
    else return undefined;
  }
  if (rule.scopes.length) {
    if (!subject.scopes.some((scope) => rule.scopes.includes(scope))) return undefined;
    score += 4;
  }
  return score;
}

/** The most specific matching rule (the first listed among equals); undefined: none matches. */
export function matchRule(rules: ApprovalRule[], subject: ApprovalSubject): ApprovalRule | undefined {
  let best: { rule: ApprovalRule; score: number } | undefined;
  for (const rule of rules) {
    const score = specificity(rule, subject);
    if (score !== undefined && (!best || score > best.score)) best = { rule, score };
  }
  return best?.rule;
}

/** What a request of `operation` needs when no rule matches: one admin of the owner (for
 *  operations that always need approval). */
function defaultRule(operation: ApprovalOperation): ApprovalRule {
  return {
    name: 'default',
    operations: [operation],
    owners: [],
    scopes: [],
    required: 1,
    approvers: [],
    escalateTo: [],
  };
}

/** The rule a request follows: the matching one, else the default where approval is always
 *  needed (`always`: for the operations that always need it, unless the caller knows better). */
export function ruleFor(
  rules: ApprovalRule[],
  subject: ApprovalSubject,
  always = ALWAYS_APPROVED.has(subject.operation),
): ApprovalRule | undefined {
  const rule = matchRule(rules, subject);
  if (rule && always && rule.required < 1) return { ...rule, required: 1 };
  return rule ?? (always ? defaultRule(subject.operation) : undefined);
}

/** The rule a change of an existing token follows when the policy asks for approval of it
 *  (a matching rule with at least one approver); undefined: the policy leaves it alone. */
export function changeRule(
  rules: ApprovalRule[],
  operation: ChangeOperation,
  token: { owner: Owner; scopes: string[] },
): ApprovalRule | undefined {
  const rule = matchRule(rules, { operation, owner: token.owner, scopes: token.scopes });
  return rule && rule.required >= 1 ? rule : undefined;
}

/** Members of user groups, as far as Slack let us read them: null for a group that could not
 *  be read (nobody from it may approve: fail closed). */
export type GroupMembers = ReadonlyMap<string, ReadonlySet<string> | null>;

export const groupsOf = (refs: ApproverRef[]) => [
  ...new Set(refs.flatMap((ref) => (ref.kind === 'usergroup' ? [ref.id] : []))),
];

/** Whether a rule's escalation can come before its requests expire (after `ttlHours`). */
export const escalatesInTime = (rule: ApprovalRule, ttlHours: number): boolean =>
  rule.required > 0 &&
  rule.escalateAfterMinutes !== undefined &&
  rule.escalateTo.length > 0 &&
  rule.escalateAfterMinutes < ttlHours * 60;

/** Whether `actor` is one of `ref`, for a request about `owner`. Roles count over the owner:
 *  an org admin of its organization, a domain admin of its domain. */
function matchesRef(actor: Actor, ref: ApproverRef, owner: Owner, groups: GroupMembers): boolean {
  switch (ref.kind) {
    case 'user':
      return actor.userId === ref.id;
    case 'usergroup':
      return groups.get(ref.id)?.has(actor.userId) ?? false;
    case 'role':
      if (ref.role === 'workspace_admin') return isWorkspaceAdmin(actor);
      return actor.grants.some((grant) =>
        ref.role === 'org_admin'
          ? grant.role === 'org_admin' && grant.organizationId === owner.organizationId
          : grant.role === 'domain_admin' && owner.type === 'domain' && grant.domainId === owner.domainId,
      );
  }
}

/** The approvers of a request: the rule's (the owner's admins when it names none), and the
 *  escalation's once escalated. */
export function approverRefs(rule: ApprovalRule, escalated: boolean): ApproverRef[] | 'owner_admins' {
  const base = rule.approvers.length ? rule.approvers : 'owner_admins';
  if (!escalated || !rule.escalateTo.length) return base;
  return base === 'owner_admins'
    ? [
        { kind: 'role', role: 'org_admin' },
        { kind: 'role', role: 'domain_admin' },
        { kind: 'role', role: 'workspace_admin' },
        ...rule.escalateTo,
      ]
    : [...base, ...rule.escalateTo];
}

export type Eligibility = 'eligible' | 'own_request' | 'already_approved' | 'not_an_approver' | 'group_unreadable';

/** Whether `actor` may approve (or reject) a request now; refusals say why. */
export function eligibility(
  actor: Actor,
  request: { requestedBy: string; approvals: string[]; owner: Owner; rule: ApprovalRule; escalated: boolean },
  groups: GroupMembers,
): Eligibility {
  if (actor.userId === request.requestedBy) return 'own_request';
  if (request.approvals.includes(actor.userId)) return 'already_approved';
  const refs = approverRefs(request.rule, request.escalated);
  if (refs === 'owner_admins') return administers(actor, request.owner) ? 'eligible' : 'not_an_approver';
  if (refs.some((ref) => matchesRef(actor, ref, request.owner, groups))) return 'eligible';
  // A group we could not read might have held them: say so rather than "not an approver".
  return refs.some((ref) => ref.kind === 'usergroup' && groups.get(ref.id) === null)
    ? 'group_unreadable'
    : 'not_an_approver';
}

/** How far approval has come: each person counts once, the requester never. */
export function progress(
  rule: ApprovalRule,
  approvals: string[],
  requestedBy: string,
): { count: number; required: number; done: boolean } {
  const count = new Set(approvals.filter((id) => id !== requestedBy)).size;
  return { count, required: rule.required, done: count >= rule.required };
}

export function refText(ref: ApproverRef): string {
  return ref.kind === 'role' ? `role:${ref.role}` : `${ref.kind}:${ref.id}`;
}

const REF = /^(role:(org_admin|domain_admin|workspace_admin)|usergroup:S[A-Z0-9]{2,20}|user:[UW][A-Z0-9]{2,20})$/;

/** `role:org_admin`, `usergroup:S…`, `user:U…`; undefined when not one of those forms. */
export function parseRef(text: string): ApproverRef | undefined {
  if (!REF.test(text)) return undefined;
  const [kind, value] = [text.slice(0, text.indexOf(':')), text.slice(text.indexOf(':') + 1)];
  if (kind === 'role') return { kind, role: value as 'org_admin' | 'domain_admin' | 'workspace_admin' };
  return kind === 'usergroup' ? { kind, id: value } : { kind: 'user', id: value };
}

/** `30m`, `4h`, `2d` in minutes; undefined when not one of those forms. */
export function parseDuration(text: string): number | undefined {
  const match = /^([1-9][0-9]{0,4})(m|h|d)$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * { m: 1, h: 60, d: 1440 }[match[2] as 'm' | 'h' | 'd'];
}

/** Whether any rule names a user group (Slack's usergroups:read is needed only then). */
export const namesUserGroup = (rules: ApprovalRule[]) =>
  rules.some((rule) => groupsOf([...rule.approvers, ...rule.escalateTo]).length > 0);
