// The workflow steps' sweep: a step waiting on a request is ended when the request's outcome is
// announced; should that be lost (a process killed between the decision and the announcement),
// this ends it on the next round.
import type { ApprovalNotices } from '../notify/approvals.js';
import { schedulePeriodic, type JobHandlers, type TokenopsQueue } from './jobTypes.js';

const SWEEP_EVERY_MS = 30_000;

export function scheduleStepSweep(queue: TokenopsQueue) {
  return schedulePeriodic(queue, 'step-sweep', SWEEP_EVERY_MS);
}

export function stepJobs(notices: ApprovalNotices): JobHandlers {
  return {
    'step-sweep': () => notices.waitingSteps(),
  };
}
