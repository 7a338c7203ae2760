// extend_token: gives the token `token_id` a new expiry (`duration`: a preset such as 30d,
// never, or a date), as `/token extend` would for the step's `actor`.
import { expiryOutput } from '../../../domain/steps.js';
import { expiryChoice, type StepRun } from './step.js';

export const extendToken: StepRun = async ({ deps, context }, inputs) => {
  const token = await deps.tokens.extend(context.actor, inputs.token_id ?? '', expiryChoice(inputs.duration ?? ''));
  return { outputs: { token_id: token.displayId, expires_at: expiryOutput(token) } };
};
