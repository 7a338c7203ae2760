// revoke_token: revokes the token `token_id` for the step's `actor`. Where an approval policy
// rule covers the token, or with an approvals channel, it asks as Slack does and the step ends
// when the request is decided; otherwise the
// revocation happens at once (the workflow's own confirmation is its having been started).
import type { StepRun } from './step.js';
import { asksApproval } from '../../flows/operations.js';
import { requestRevocation } from '../../flows/revocation.js';

export const revokeToken: StepRun = async (flow, inputs) => {
  const { deps, context } = flow;
  const id = inputs.token_id ?? '';
  if (await asksApproval(flow, 'revoke', id, [inputs.reason ?? ''])) {
    const wait = await requestRevocation(flow, { id, reason: inputs.reason ?? '' });
    return wait ? { wait } : { error: context.t('step.notPosted') };
  }
  const token = await deps.tokens.revoke(context.actor, id, inputs.reason);
  return { outputs: { token_id: token.displayId, revoked_by: context.actor.userId } };
};
