// Outcomes of approvals told where they were asked, from the worker: a revocation request's
// message updated and its participants told, a token request settled or escalated, workflow
// steps that waited on a request ended. The Slack flows say it; jobs reach them through here.
import type { ApprovalRequest } from '../domain/ports.js';
import { announceOutcome, type Announcer } from '../slack/flows/revocation.js';
import { escalateRequest, settle, type RequestContext } from '../slack/flows/requests.js';
import { settleWaitingSteps, type Steps } from '../slack/flows/steps.js';

export type ApprovalNotices = {
  revocationSettled(requestId: string): Promise<void>;
  requestSettled(requestId: string): Promise<unknown>;
  requestEscalated(request: ApprovalRequest): Promise<unknown>;
  /** Ends the steps whose request ended without them being told; how many. */
  waitingSteps(): Promise<number>;
};

export function approvalNotices(ctx: Announcer & RequestContext & { steps: Steps }): ApprovalNotices {
  return {
    revocationSettled: (requestId) => announceOutcome(ctx, requestId),
    requestSettled: (requestId) => settle(ctx, requestId),
    requestEscalated: (request) => escalateRequest(ctx, request),
    waitingSteps: () => settleWaitingSteps(ctx),
  };
}
