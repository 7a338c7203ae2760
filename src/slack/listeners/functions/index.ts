// Workflow Builder custom steps (manifest.yml `functions`, Bolt's app.function). Each runs as
// the person the workflow names (`requester` / `actor`), with that person's roles, language and
// the same services and approvals as Slack; it ends at once (outputs, or a refusal in their
// language) or, when it asked for a decision, when the request is decided (flows/steps.ts).
// Slack's retry of function_executed finds the execution recorded and does nothing.
import type { App, Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { isDisplayId } from '../../../domain/secret.js';
import type { StepId } from '../../../domain/steps.js';
import { redactSecrets } from '../../../domain/text.js';
import { deadline } from '../../../store/requestDeadline.js';
import type { SlackContext } from '../../context.js';
import type { SlackDeps } from '../../deps.js';
import { finishStep, settleSteps } from '../../flows/steps.js';
import type { Message } from '../../views/message.js';
import { errorText, failureText } from '../../views/text.js';
import { postDm } from '../../web/dm.js';
import { extendToken } from './extendToken.js';
import { requestToken } from './requestToken.js';
import { revokeToken } from './revokeToken.js';
import type { StepInputs, StepRun } from './step.js';

const RUNS: Record<StepId, StepRun> = {
  request_token: requestToken,
  extend_token: extendToken,
  revoke_token: revokeToken,
};

export function registerFunctions(app: App<SlackContext>, deps: SlackDeps, runs: Record<StepId, StepRun> = RUNS): void {
  for (const [id, run] of Object.entries(runs)) app.function(id, runStep(deps, id as StepId, run));
}

function textInputs(inputs: Record<string, unknown>, prefix: string): StepInputs {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [
      name,
      redactSecrets(typeof value === 'string' ? value : String(value ?? ''), prefix).trim(),
    ]),
  );
}

function runStep(deps: SlackDeps, id: StepId, run: StepRun): Middleware<SlackEventMiddlewareArgs<'function_executed'>> {
  return async ({ event, inputs, client }) => {
    const executionId = event.function_execution_id;
    const values = textInputs(inputs ?? {}, deps.tokenPrefix);
    const person = values.requester || values.actor || '';
    if (!(await deps.steps.ledger.begin({ executionId, callbackId: id, actor: person }))) return; // Slack's retry: the first delivery acts
    const language = await deps.locales.languageOf(person);
    const t = deps.locales.translate(language);
    const finisher = { ...deps, client };
    const step = { executionId, actor: person };
    try {
      const actor = await deps.tokens.actor(person);
      // What Slack would show the person in a command's answer goes to their DM.
      const reply = async (message: Message) =>
        postDm(client, person, message).catch((error: unknown) =>
          deps.logger.warn({ err: error, step: id }, 'could not tell a workflow step’s person'),
        );
      const result = await run({ deps, client, context: { actor, language, t, reply } }, values);
      if ('wait' in result) {
        await deps.steps.ledger.wait(executionId, result.wait);
        await settleSteps(finisher, result.wait); // decided already (a request asked before), or not yet
      } else await finishStep(finisher, step, result);
    } catch (error) {
      const tokenId = isDisplayId(values.token_id ?? '') ? values.token_id : undefined;
      const text = errorText(t, error, tokenId);
      if (!text) deps.logger.error({ err: error, step: id }, 'a workflow step failed');
      await finishStep(finisher, step, { error: text ?? failureText(t, deadline(), tokenId) });
    }
  };
}
