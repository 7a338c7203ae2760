// English messages: revocation requests that need a second admin.
import { slackError } from './phrases.js';

export const revocationsEn = {
  'revocation.heading': (p: {
    label: string;
    id: string;
    state: 'pending' | 'approved' | 'rejected' | 'expired' | 'closed';
  }) => {
    const heading = {
      pending: 'Revocation requested',
      approved: 'Revoked',
      rejected: 'Revocation rejected',
      expired: 'Revocation request expired',
      closed: 'Revocation request closed',
    }[p.state];
    return `${heading}: ${p.label} (\`${p.id}\`)`;
  },
  'revocation.requester': 'Requested by',
  'revocation.reason': 'Reason',
  'revocation.approve': 'Approve and revoke',
  'revocation.reject': 'Reject',
  'revocation.pending': (p: { until: string }) =>
    `Waiting for another admin of this token's organization or domain to decide, until ${p.until}.`,
  'revocation.approved': (p: { user: string; when: string }) =>
    `:no_entry: Approved by <@${p.user}> ${p.when}: the token is revoked.`,
  'revocation.rejected': (p: { user: string; when: string }) =>
    `:leftwards_arrow_with_hook: Rejected by <@${p.user}> ${p.when}: the token is not revoked.`,
  'revocation.expired': (p: { when: string }) =>
    `:hourglass: Expired ${p.when} without a decision: the token is not revoked.`,
  'revocation.closedDeleted': 'Closed: the token was deleted meanwhile.',
  'revocation.closedRevoked': 'Closed: the token was revoked directly meanwhile.',
  'revocation.askTitle': 'Revoke a token',
  'revocation.askSubmit': 'Ask for approval',
  'revocation.rejectTitle': 'Reject the revocation',
  'revocation.askAbout': (p: { label: string; id: string }) =>
    `Why should *${p.label}* (\`${p.id}\`) be revoked? Whoever decides on the request reads this first.`,
  'revocation.rejectAbout': (p: { label: string; id: string }) =>
    `Rejecting the revocation of *${p.label}* (\`${p.id}\`): it is not revoked. The requester reads your reason.`,
  'revocation.viewRequest': 'view the request',
  'revocation.asked': (p: { label: string; id: string; link: string }) =>
    `Asked for approval to revoke *${p.label}* (\`${p.id}\`) in ${p.link}. Another admin of its organization or domain decides there.`,
  /** `who`: a mention, or a management key by name. */
  'revocation.alreadyPending': (p: { label: string; id: string; who: string; link: string }) =>
    `A revocation of *${p.label}* (\`${p.id}\`) is already waiting for a decision, asked by ${p.who}: ${p.link}`,
  'revocation.postUnconfirmed': (p: { channel: string }) =>
    `Slack did not confirm that the request was posted in <#${p.channel}>, so nothing was requested. If it appeared there anyway, its buttons no longer work. Try again later.`,
  'revocation.postFailed': (p: { channel: string; error: string }) =>
    `I could not post the request in <#${p.channel}>, so nothing was requested. Invite me to that channel (\`/invite @tokenops\` there) or ask a workspace admin to check APPROVALS_CHANNEL_ID, then ask again. ${slackError(p.error)}`,
  'revocation.alreadyDecided': (p: { user: string }) => `This request was already decided by <@${p.user}>.`,
  'revocation.alreadySettled': 'This request is no longer waiting for a decision.',
  'home.pending': 'Revocations waiting for your decision',
};
