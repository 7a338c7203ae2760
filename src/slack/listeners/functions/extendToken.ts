// extend_token: gives the token `token_id` a new expiry (`duration`: a preset such as 30d,
// never, or a date), as `/token extend` would for the step's `actor`.
import { expiryOutput } from '../../../domain/steps.js';
import type { StepRun } from './index.js';

/** A date (YYYY-MM-DD) or a preset, as the extend form takes them. */
export const expiryChoice = (value: string) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? { expiryDate: value } : { expiry: value });

export const extendToken: StepRun = async ({ deps, context }, inputs) => {
  const token = await deps.tokens.extend(context.actor, inputs.token_id ?? '', expiryChoice(inputs.duration ?? ''));
  return { outputs: { token_id: token.displayId, expires_at: expiryOutput(token) } };
};
