// extend_token: gives the token `token_id` a new expiry (`duration`: a preset such as 30d,
// never, or a date), as `/token extend` would for the step's `actor`: where an approval policy
// rule covers the token, or the actor is its primary contact and no admin of it, it asks for
// approval and the step ends when the request is decided.
import { expiryOutput } from '../../../domain/steps.js';
import { askChange } from '../../flows/changeRequests.js';
import { asksApproval } from '../../flows/operations.js';
import { expiryChoice } from '../../grammar.js';
import type { StepRun } from './step.js';

export const extendToken: StepRun = async (flow, inputs) => {
  const { deps, context } = flow;
  const id = inputs.token_id ?? '';
  const choice = expiryChoice(inputs.duration ?? '');
  if (await asksApproval(flow, 'extend', id, [inputs.duration ?? ''])) {
    const request = await askChange(flow, { operation: 'extend', displayId: id, ...choice }, { asContact: true });
    return request ? { wait: { kind: 'request', id: request.id } } : { error: context.t('step.notPosted') };
  }
  const token = await deps.tokens.extend(context.actor, id, choice);
  return { outputs: { token_id: token.displayId, expires_at: expiryOutput(token) } };
};
