// English messages of the Workflow Builder steps and the report_leak shortcut.
const secrets = (count: number) => (count === 1 ? 'a tokenops secret' : `${count} tokenops secrets`);

export const stepsEn = {
  'step.because': (p: { reason: string }) => ` Reason: ${p.reason}`,
  'step.rejected': (p: { by: string; reason: string }) =>
    `The request was rejected${p.by ? ` by <@${p.by}>` : ''}.${p.reason}`,
  'step.expired': (_p: { by: string; reason: string }) =>
    'Nobody decided in time, so the request expired. Nothing was changed.',
  'step.closed': (p: { by: string; reason: string }) =>
    `The request was closed without a change: it could no longer be granted.${p.reason}`,
  'step.withdrawn': (p: { by: string; reason: string }) => `The request was withdrawn${p.by ? ` by <@${p.by}>` : ''}.`,
  'step.failed': (p: { by: string; reason: string }) =>
    `The request was approved, but it could not be carried out.${p.reason}`,
  'step.notPosted':
    'Nothing was requested: the request could not be posted to any approver (the approvals channel, their direct messages, or nobody may approve it), or Slack did not confirm its post. If it reached them anyway, its buttons no longer work. Ask a workspace admin to check.',
  'reportLeak.title': 'Report a leak',
  'reportLeak.submit': 'Report',
  'reportLeak.confirm': (p: { count: number; action: string }) =>
    `This message holds ${secrets(p.count)}. Report ${p.count === 1 ? 'it' : 'them'} as leaked? ${p.action} Their admins are told. The message itself is not stored.`,
  'reportLeak.action.revoke': 'Each token is revoked at once: requests with it are refused, and this cannot be undone.',
  'reportLeak.action.disable':
    'Each token is disabled at once: requests with it are refused until an admin enables it again (a management key is revoked).',
  'reportLeak.action.notify': 'The tokens keep working until their admins reset the secrets.',
  'reportLeak.none': 'I found no tokenops secret in that message, so nothing was reported.',
  'reportLeak.did.revoke': 'Their tokens were revoked at once.',
  'reportLeak.did.disable': 'Their tokens were disabled at once.',
  'reportLeak.did.notify': 'Their tokens work until their secrets are reset.',
  /** Every secret in it was reported before: handled, and their admins told, then. */
  'reportLeak.doneKnown': (p: { count: number }) =>
    `Thank you. ${p.count === 1 ? 'That secret was' : 'Those secrets were'} reported as leaked before: handled, and the admins told, then. Delete the message now (your own: ⋮ → Delete message; someone else’s: ask them to): anyone in the conversation may have copied it.`,
  /** `reportedBefore`: more secrets of the message, reported before (handled then). */
  'reportLeak.done': (p: { count: number; action: string; reportedBefore: number }) =>
    `Thank you: ${secrets(p.count)} reported as leaked. ${p.action} Their admins have been told.${p.reportedBefore ? ` ${p.reportedBefore === 1 ? 'One more was' : `${p.reportedBefore} more were`} reported before: handled, and the admins told, then.` : ''} Delete the message now (your own: ⋮ → Delete message; someone else’s: ask them to): anyone in the conversation may have copied it.`,
  'reportLeak.nothingWorks':
    'The secrets in that message no longer work (revoked, replaced or unknown), so there is nothing to do.',
};
