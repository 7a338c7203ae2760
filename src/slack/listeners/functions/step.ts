// What a workflow step's work is, for index.ts to run: it gets the flow (the person's actor,
// language and a reply to their DM) and the inputs, and says how the step ends.
import type { StepWait } from '../../../domain/steps.js';
import type { Flow } from '../../deps.js';

/** A step's inputs: text values, secrets redacted (a pasted secret never goes further). */
export type StepInputs = Record<string, string>;
/** How a step's work ended: outputs now, a request to wait on, or a refusal to say now. */
type StepResult = { outputs: Record<string, string> } | { wait: StepWait } | { error: string };
export type StepRun = (flow: Flow, inputs: StepInputs) => Promise<StepResult>;
