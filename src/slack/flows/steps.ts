// Ending Workflow Builder steps: functions.completeSuccess with the step's outputs, or
// functions.completeError with a refusal in the language of the person the step acts for. A
// step waiting on a request ends when the request does: told by whoever announces the outcome
// (a click, the expiry job) and, should that be lost, by the worker's sweep (jobs/stepJobs.ts).
import type { WebClient } from '@slack/web-api';
import type { StepLedger, StepOutcome, StepRecord, StepWait } from '../../domain/steps.js';
import type { Translate } from '../../i18n/index.js';
import type { Logger } from '../../observability/logger.js';
import type { Locales } from '../locale.js';
import { slackError } from '../web/errors.js';

/** How each kind of request a step waits on ended (undefined: still pending). */
type StepOutcomes = Record<StepWait['kind'], (id: string) => Promise<StepOutcome | undefined>>;

export type Steps = { ledger: StepLedger; outcomes: StepOutcomes };
type Finisher = { steps: Steps; locales: Locales; client: WebClient; logger: Logger };

/** Slack ended the execution already (a retry that finished it, or a workflow stopped). */
const ENDED = new Set(['execution_not_in_running_state', 'function_execution_not_found']);

/** A waiting step's refusal, as the person it acts for reads it. */
export function refusalText(t: Translate, outcome: Extract<StepOutcome, { refusal: string }>): string {
  const why =
    outcome.reason ??
    (outcome.codes?.length
      ? t('text.clauses', { items: outcome.codes.map((code) => t('request.why', { code })) })
      : undefined);
  const reason = why ? t('step.because', { reason: why }) : '';
  return t(`step.${outcome.refusal}`, { by: outcome.by ?? '', reason });
}

/** Tells Slack how the step ended, once: a step Slack ended already counts as told. */
export async function finishStep(
  f: Finisher,
  step: Pick<StepRecord, 'executionId' | 'actor'>,
  ending: { outputs: Record<string, string> } | { error: string },
): Promise<void> {
  try {
    if ('outputs' in ending)
      await f.client.functions.completeSuccess({ function_execution_id: step.executionId, outputs: ending.outputs });
    else await f.client.functions.completeError({ function_execution_id: step.executionId, error: ending.error });
  } catch (error) {
    if (!ENDED.has(slackError(error))) throw error;
    f.logger.info(
      { executionId: step.executionId, slackError: slackError(error) },
      'a workflow step had ended already',
    );
  }
  await f.steps.ledger.completed(step.executionId);
}

/** Ends the steps waiting on a request that has ended; nothing while it is pending. */
export async function settleSteps(f: Finisher, wait: StepWait, waiting?: StepRecord[]): Promise<void> {
  const steps = waiting ?? (await f.steps.ledger.waitingOn(wait));
  if (!steps.length) return;
  const outcome = await f.steps.outcomes[wait.kind](wait.id);
  if (!outcome) return;
  for (const step of steps) {
    const ending =
      'outputs' in outcome ? outcome : { error: refusalText(await f.locales.translatorFor(step.actor), outcome) };
    await finishStep(f, step, ending).catch((error: unknown) =>
      f.logger.warn({ err: error, executionId: step.executionId }, 'could not end a workflow step; the sweep will'),
    );
  }
}

/** The sweep: every step still waiting, its request looked at again. Returns how many remain. */
export async function settleWaitingSteps(f: Finisher): Promise<number> {
  const waiting = await f.steps.ledger.waiting(200);
  const byRequest = new Map<string, StepRecord[]>();
  for (const step of waiting) {
    const key = `${step.waitingOn!.kind}:${step.waitingOn!.id}`;
    byRequest.set(key, [...(byRequest.get(key) ?? []), step]);
  }
  for (const steps of byRequest.values()) await settleSteps(f, steps[0]!.waitingOn!, steps);
  return (await f.steps.ledger.waiting(200)).length;
}
