// Workflow Builder custom steps as Slack runs them for an app with `function_runtime: remote`:
// a step's execution starts with a function_executed event carrying its inputs and a token of
// its own (valid while the execution runs, 15 minutes at most), and ends with exactly one
// functions.completeSuccess (outputs checked against the manifest's output_parameters) or
// functions.completeError. Errors as Slack's method reference lists them.
import { randomBytes } from 'node:crypto';
import type { FunctionDefinition, Grants } from './manifest.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Slack's payloads are untyped JSON
type Json = Record<string, any>;

export type FunctionExecution = {
  id: string;
  workflowExecutionId: string;
  callbackId: string;
  inputs: Json;
  /** event.bot_access_token: the step's own token. */
  token: string;
  startedAt: number;
  state: 'running' | 'completed' | 'failed';
  outputs?: Json;
  error?: string;
};

/** How long a step's token works (Slack: 15 minutes, or until the step completes). */
const TOKEN_TTL_MS = 15 * 60_000;

const hex = (bytes: number) => randomBytes(bytes).toString('hex').toUpperCase();

export class FunctionExecutions {
  readonly executions = new Map<string, FunctionExecution>();

  constructor(private readonly grants: Grants) {}

  /** Starts an execution of the app's step `callbackId` with these inputs: the execution, and
   *  the function_executed event Slack sends for it. A workflow cannot start a step the
   *  manifest does not declare, nor leave out a required input: those are refused here. */
  start(callbackId: string, inputs: Json): { execution: FunctionExecution; event: Json } {
    const definition = this.grants.functions[callbackId];
    if (!definition)
      throw new Error(
        `Slack emulator: ${callbackId} is not a function in manifest.yml (with function_runtime: remote)`,
      );
    const missing = Object.entries(definition.input_parameters).filter(
      ([name, p]) => p.is_required && (inputs[name] === undefined || inputs[name] === ''),
    );
    if (missing.length)
      throw new Error(
        `Slack emulator: a workflow cannot run ${callbackId} without ${missing.map(([name]) => name).join(', ')}`,
      );
    const unknown = Object.keys(inputs).filter((name) => !(name in definition.input_parameters));
    if (unknown.length) throw new Error(`Slack emulator: ${callbackId} has no input ${unknown.join(', ')}`);
    const execution: FunctionExecution = {
      id: `Fx${hex(5)}`,
      workflowExecutionId: `Wx${hex(5)}`,
      callbackId,
      inputs,
      token: `xwfp-${randomBytes(12).toString('hex')}`,
      startedAt: Date.now(),
      state: 'running',
    };
    this.executions.set(execution.id, execution);
    return { execution, event: functionExecutedEvent(execution, definition) };
  }

  /** Whether a step token may call the Web API now. */
  tokenValid(token: string): boolean {
    for (const execution of this.executions.values()) {
      if (execution.token === token)
        return execution.state === 'running' && Date.now() - execution.startedAt < TOKEN_TTL_MS;
    }
    return false;
  }

  /** functions.completeSuccess ({ outputs }) and functions.completeError ({ error }). */
  complete(executionId: unknown, ending: { outputs?: unknown; error?: unknown }): Json {
    if (typeof executionId !== 'string' || !executionId)
      return {
        ok: false,
        error: 'invalid_arguments',
        response_metadata: { messages: ['[ERROR] missing required field: function_execution_id'] },
      };
    const execution = this.executions.get(executionId);
    if (!execution) return { ok: false, error: 'function_execution_not_found' };
    if (execution.state !== 'running') return { ok: false, error: 'execution_not_in_running_state' };
    if ('error' in ending) {
      if (typeof ending.error !== 'string' || !ending.error.trim())
        return {
          ok: false,
          error: 'invalid_arguments',
          response_metadata: { messages: ['[ERROR] missing required field: error'] },
        };
      Object.assign(execution, { state: 'failed', error: ending.error });
      return {};
    }
    const problems = outputProblems(this.grants.functions[execution.callbackId]!, ending.outputs);
    if (problems.length) return { ok: false, error: 'parameter_validation_failed', errors: problems };
    Object.assign(execution, { state: 'completed', outputs: ending.outputs });
    return {};
  }

  /** The executions of one step, oldest first. */
  of(callbackId: string): FunctionExecution[] {
    return [...this.executions.values()].filter((execution) => execution.callbackId === callbackId);
  }
}

function functionExecutedEvent(execution: FunctionExecution, definition: FunctionDefinition): Json {
  const parameters = (params: FunctionDefinition['input_parameters']) =>
    Object.entries(params).map(([name, p]) => ({
      type: p.type,
      name,
      title: p.title ?? name,
      description: p.description ?? '',
      is_required: Boolean(p.is_required),
    }));
  return {
    type: 'function_executed',
    function: {
      id: `Fn${hex(5)}`,
      callback_id: execution.callbackId,
      title: definition.title,
      description: definition.description ?? '',
      type: 'app',
      input_parameters: parameters(definition.input_parameters),
      output_parameters: parameters(definition.output_parameters),
      app_id: 'A0TOKENOPS',
      date_created: Math.floor(execution.startedAt / 1000),
    },
    inputs: execution.inputs,
    function_execution_id: execution.id,
    workflow_execution_id: execution.workflowExecutionId,
    event_ts: String(execution.startedAt / 1000),
    bot_access_token: execution.token,
  };
}

/** Outputs as Slack checks them: an object, every required output there, no undeclared one,
 *  each of its declared type (strings, integers, booleans; Slack ids are strings). */
function outputProblems(definition: FunctionDefinition, outputs: unknown): string[] {
  if (!outputs || typeof outputs !== 'object' || Array.isArray(outputs)) return ['outputs must be an object'];
  const given = outputs as Json;
  const problems: string[] = [];
  for (const [name, p] of Object.entries(definition.output_parameters)) {
    const value = given[name];
    if (value === undefined || value === null) {
      if (p.is_required) problems.push(`missing required output: ${name}`);
      continue;
    }
    const expected =
      p.type === 'integer' || p.type === 'number' ? 'number' : p.type === 'boolean' ? 'boolean' : 'string';
    if (typeof value !== expected) problems.push(`output ${name} must be of type ${p.type}`);
  }
  for (const name of Object.keys(given))
    if (!(name in definition.output_parameters)) problems.push(`unknown output: ${name}`);
  return problems;
}
