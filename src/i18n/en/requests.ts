// English messages of token requests and approval policies (README: Token requests and approval policies).
import type { ApprovalRequest } from '../../domain/ports.js';
import { stateMessages, type RequestState as State } from '../words.js';
import { slackError } from './phrases.js';

const WHY: Record<string, string> = {
  owner_not_found: 'the organization or domain no longer exists',
  scope_unknown: 'a scope it asks for is no longer in the catalog',
  scopes_required: 'every scope it asks for was removed from the catalog',
  label_taken: 'another token of that organization or domain now has that name',
  version_unknown: 'the API version it asks for is no longer offered',
  expiry_beyond_policy: 'its expiry is longer than the policy now allows',
  expiry_in_past: 'its expiry date has passed',
  never_not_allowed: 'the policy no longer allows a token that never expires there',
  undelivered: 'the secret could not reach the requester, so the token that was made was voided',
  token_not_found: 'the token no longer exists',
  token_revoked: 'the token is revoked',
  token_expired: 'the token has expired: extend it instead',
  not_posted: 'its post to the approvers failed or was not confirmed',
  contact_deactivated: 'the requester’s Slack account is deactivated',
  reset_undone: 'the new secret could not be delivered, so the reset was undone',
};

type Kind = ApprovalRequest['kind'];
type Change = Exclude<Kind, 'request'>;
const CHANGE: Record<Change, { noun: string; verb: string }> = {
  revoke: { noun: 'Revocation', verb: 'revoke' },
  reset: { noun: 'Reset', verb: 'reset' },
  extend: { noun: 'Extension', verb: 'extend' },
};
type Approved = { user: string; when: string; id: string };
const approvedBy = (p: { user: string; when: string }) =>
  `:white_check_mark: Approved; the last approval by <@${p.user}> ${p.when}.`;

const HEADINGS: Record<State, string> = {
  pending: 'Token requested',
  approved: 'Token request approved',
  rejected: 'Token request rejected',
  expired: 'Token request expired',
  withdrawn: 'Token request withdrawn',
  closed: 'Token request closed',
  failed: 'Token request failed',
};

const STATES: Record<State, string> = {
  pending: 'waiting for approval',
  approved: 'approved',
  rejected: 'rejected',
  expired: 'expired',
  withdrawn: 'withdrawn',
  closed: 'closed',
  failed: 'failed',
};

const CHANGE_STATES: Record<State, string> = { ...STATES, pending: 'requested' };

export const requestsEn = {
  'usage.request': 'ask for a token; the approvers the policy names decide',
  'usage.policy': 'show the approval rules in effect',
  'request.title': 'Request a token',
  'request.submit': 'Ask for approval',
  'request.intro':
    'Your request goes to its approvers. Once approved, the token is made with you as its primary contact, and its secret comes to you in a direct message, once.',
  'request.reason': 'Why you need it',
  'request.hint.reason': 'The approvers read this. Say what the token is for and who will use it.',
  'request.placeholder.owner': 'Type to find an organization or domain',
  'request.hint.owner': (p: { count: number }) =>
    `Any of the ${p.count.toLocaleString('en-US')} organizations and domains: type part of its name (such as acme or shop) to find it.`,
  'request.heading': (p: { label: string; state: State; kind: Kind }) =>
    p.kind === 'request'
      ? `${HEADINGS[p.state]}: ${p.label}`
      : `${CHANGE[p.kind].noun} ${CHANGE_STATES[p.state]}: ${p.label}`,
  'request.byKey': (p: { id: string }) => `management key \`${p.id}\``,
  'change.reason': 'Why',
  'change.newExpiry': 'New expiry',
  'change.oldSecrets': 'Current secret',
  'change.approved': (p: { user: string; when: string }) => `${approvedBy(p)} Carrying it out…`,
  'change.done.revoke': (p: Approved) => `${approvedBy(p)} Token \`${p.id}\` is revoked.`,
  'change.done.reset': (p: Approved) =>
    `${approvedBy(p)} Token \`${p.id}\` has a new secret; it was delivered once, by direct message.`,
  'change.done.extend': (p: Approved) => `${approvedBy(p)} Token \`${p.id}\` has its new expiry.`,
  'change.closed': (p: { why: string }) => `:no_entry_sign: Closed without a change: ${p.why}.`,
  'change.failed': (p: { why: string }) =>
    `:warning: Approved, but nothing was changed: ${p.why}. Ask again if it is still needed.`,
  /** `byContact`: asked by its primary contact, who administers nothing of it. */
  'change.asked': (p: { operation: Change; label: string; id: string; where: string; byContact: boolean }) =>
    `Asked for approval to ${CHANGE[p.operation].verb} *${p.label}* (\`${p.id}\`) ${p.where}, ${p.byContact ? 'as you do not administer it' : 'as the approval policy requires'}. You will get a direct message when it is decided.`,
  'change.yours': (p: { operation: Change; label: string; id: string }) =>
    `Your request to ${CHANGE[p.operation].verb} *${p.label}* (\`${p.id}\`):`,
  'change.forContact': (p: { operation: Change; label: string; id: string; user: string }) =>
    `${p.user} asked to ${CHANGE[p.operation].verb} *${p.label}* (\`${p.id}\`), whose primary contact you are:`,
  'change.alreadyPending': (p: { operation: Change; label: string; id: string; user: string }) =>
    `A request to ${CHANGE[p.operation].verb} *${p.label}* (\`${p.id}\`) by ${p.user} is already waiting for approval. Nothing new was asked.`,
  'request.requester': 'Requested by',
  /** The requester of a change who is the token's primary contact and administers nothing of it. */
  'request.byContact': (p: { user: string }) => `${p.user} (its primary contact)`,
  'request.progress': (p: { count: number; required: number; users: string[] }) =>
    `${p.count} of ${p.required} approval${p.required === 1 ? '' : 's'}${p.users.length ? `: ${p.users.join(', ')}` : ''}`,
  'request.mayApprove': (p: { who: string; escalated: boolean }) =>
    `${p.escalated ? ':arrow_double_up: Escalated. ' : ''}May approve: ${p.who} (not the requester; each person once).`,
  'request.ownerAdmins': (p: { owner: string }) => `the admins of ${p.owner}`,
  /** A rule whose approvers cannot decide this request (domain admins, for an organization's token). */
  'request.noApprovers':
    ':warning: Nobody the approval policy names can decide this request. Ask a workspace admin to check the policy.',
  'request.role.org_admin': (p: { owner: string; domain: boolean }) =>
    p.domain ? `the admins of the organization that holds ${p.owner}` : `the admins of ${p.owner}`,
  'request.role.domain_admin': (p: { owner: string; domain: boolean }) =>
    p.domain ? `the admins of ${p.owner}` : `the domain admins within ${p.owner}`,
  'request.role.workspace_admin': 'the workspace admins',
  'request.groupUnreadable': (p: { groups: string[] }) =>
    `:warning: tokenops could not read the user group ${p.groups.join(', ')}, so for safety nobody from it can approve. A workspace admin can check tokenops’ access to user groups (usergroups:read).`,
  'request.pending': (p: { until: string }) => `Waiting for approval until ${p.until}.`,
  'request.approved': (p: { user: string; when: string }) =>
    `:white_check_mark: Approved; the last approval by <@${p.user}> ${p.when}. Making the token…`,
  'request.approvedIssued': (p: { user: string; when: string; id: string }) =>
    `:white_check_mark: Approved; the last approval by <@${p.user}> ${p.when}. Token \`${p.id}\` was made; its secret went to the requester.`,
  'request.approvedIssuedYours': (p: { user: string; when: string; id: string }) =>
    `:white_check_mark: Approved; the last approval by <@${p.user}> ${p.when}. Token \`${p.id}\` was made; its secret went to you by direct message.`,
  'request.approvedSending': (p: { user: string; when: string; id: string }) =>
    `:white_check_mark: Approved; the last approval by <@${p.user}> ${p.when}. Token \`${p.id}\` was made; its secret is on its way to the requester.`,
  'request.approvedSendingYours': (p: { user: string; when: string; id: string }) =>
    `:white_check_mark: Approved; the last approval by <@${p.user}> ${p.when}. Token \`${p.id}\` was made; its secret is on its way to you by direct message.`,
  'request.rejected': (p: { user: string; when: string }) =>
    `:leftwards_arrow_with_hook: Rejected by <@${p.user}> ${p.when}.`,
  'request.expired': (p: { when: string }) => `:hourglass: Expired ${p.when}: nobody decided in time.`,
  'request.withdrawn': (p: { when: string }) => `:wastebasket: Withdrawn by the requester ${p.when}.`,
  'request.closed': (p: { why: string }) => `:no_entry_sign: Closed without a token. Reason: ${p.why}.`,
  'request.failed': (p: { why: string }) =>
    `:warning: Approved, but the token could not be issued: ${p.why}. The requester can ask again.`,
  'request.why': (p: { code: string }) => WHY[p.code] ?? 'the current settings no longer allow it',
  'request.approve': 'Approve',
  'request.reject': 'Reject',
  'request.withdraw': 'Withdraw',
  'request.yours': (p: { label: string }) => `Your token request *${p.label}*:`,
  'request.asked': (p: { label: string; where: string }) =>
    `Asked for approval of *${p.label}* ${p.where}. You will get a direct message when it is decided; if it is approved, the secret comes in it, once.`,
  'request.where.channel': (p: { channel: string }) => `in <#${p.channel}>`,
  'request.where.dm': (p: { count: number }) =>
    `from ${p.count} approver${p.count === 1 ? '' : 's'}, by direct message`,
  'request.nobodyToAsk':
    'Nobody can approve this request: the policy names no approver who is in Slack. Ask a workspace admin to check the approval policy. Nothing was requested.',
  'request.noneReached':
    'None of the approvers could be sent a direct message, so nothing was requested. Try again later or ask a workspace admin.',
  'request.postUnconfirmed':
    'Slack did not confirm that your request was posted, so nothing was requested. If it reached the approvers anyway, its buttons no longer work. Try again later.',
  'request.postFailed': (p: { error: string }) =>
    `I could not post the request, so nothing was requested. ${slackError(p.error)}`,
  'request.counted': (p: { count: number; required: number }) =>
    `Your approval counts: ${p.count} of ${p.required}. It waits for the others.`,
  'request.alreadyDecided': (p: { state: State }) =>
    `This request is no longer waiting for a decision (${STATES[p.state]}).`,
  'request.withdrawnDone': (p: { label: string; kind: Kind }) =>
    `Your request ${p.kind === 'request' ? 'for' : `to ${CHANGE[p.kind].verb}`} *${p.label}* is withdrawn.`,
  'request.escalatedNotice': (p: { label: string; who: string; kind: Kind }) =>
    `:arrow_double_up: Nobody decided the ${p.kind === 'request' ? 'token request' : `request to ${CHANGE[p.kind].verb}`} *${p.label}* in time, so it was escalated to ${p.who}. You can still decide it.`,
  'request.mine': 'My requests',
  'request.mineItem': (p: { label: string; owner: string; state: string; id: string; kind: Kind }) =>
    `• ${p.kind === 'request' ? '' : `${CHANGE[p.kind].noun}: `}*${p.label}* — ${p.owner} — ${p.state}${p.id ? ` \`${p.id}\`` : ''}`,
  ...stateMessages(STATES),
  'request.rejectTitle': 'Reject the request',
  /** `user`: the requester as text (a person's mention, or a management key). */
  'request.rejectAbout': (p: { label: string; user: string; kind: Kind }) =>
    `Rejecting ${p.user}’s request ${p.kind === 'request' ? 'for' : `to ${CHANGE[p.kind].verb}`} *${p.label}*. If you give a reason, the requester reads it.`,
  'request.rejectReason': 'Reason (optional)',
  'request.toDecide': 'Requests waiting for your decision',
  /** `user`: the requester as text (a person's mention, or a management key). */
  'request.toDecideItem': (p: { label: string; owner: string; user: string; kind: Kind }) =>
    `• ${p.kind === 'request' ? '' : `${CHANGE[p.kind].noun}: `}*${p.label}* — ${p.owner}, asked by ${p.user}`,
  'request.homeButton': 'Request a token',
  'policy.heading': 'Approval rules in effect',
  'policy.none':
    'The catalog sets no approval rules: a token request needs one admin of its organization or domain, a revocation needs one other admin of its organization or domain if an approvals channel (APPROVALS_CHANNEL_ID) is set, and resets and extensions need no approval, except an extension asked by a primary contact who administers nothing of the token: one admin of its organization or domain approves it.',
  'policy.rule': (p: {
    name: string;
    operations: string;
    owners: string;
    scopes: string;
    required: number;
    approvers: string;
    escalation: string;
  }) =>
    `• *${p.name}* — ${p.operations}${p.owners ? `, for ${p.owners}` : ''}${p.scopes ? `, with ${p.scopes}` : ''}: ${p.required === 0 ? 'no approval needed' : `${p.required} approval${p.required === 1 ? '' : 's'} from ${p.approvers}`}${p.escalation}`,
  'policy.escalation': (p: { after: string; to: string }) => `; after ${p.after} undecided, also ${p.to}`,
  'policy.role.org_admin': 'the admins of the organization',
  'policy.role.domain_admin': 'the admins of the domain',
  'policy.operation.request': 'token requests',
  'policy.operation.revoke': 'revocations',
  'policy.operation.reset': 'resets',
  'policy.operation.extend': 'extensions',
  'policy.ownerAdmins': 'the admins of the owner',
  /** Rules past the 45 a message holds. */
  'policy.more': (p: { count: number }) =>
    `… and ${p.count} more rule${p.count === 1 ? '' : 's'} in effect, not shown here: the catalog (TOKENOPS_CATALOG) holds them all.`,
  'policy.footer':
    'The most specific rule wins (scopes, then a domain, then an organization). Nobody approves their own request and each person counts once, so token requests, revocation requests and extensions asked by a token’s primary contact are always approved by someone other than the requester.',
  'duration.minutes': (p: { minutes: number }) =>
    p.minutes % 1440 === 0
      ? `${p.minutes / 1440} day${p.minutes === 1440 ? '' : 's'}`
      : p.minutes % 60 === 0
        ? `${p.minutes / 60} hour${p.minutes === 60 ? '' : 's'}`
        : `${p.minutes} minutes`,
};
