// Outcomes of approvals told where they were asked, from the worker: a revocation request's
// message updated and its participants told, a token request settled or escalated, its
// requester's confirmations rewritten once it ended, workflow steps that waited on a request
// ended. The Slack flows say it; jobs reach them through here.
import { hasEnded, type ApprovalRequest } from '../domain/ports.js';
import { askedAbout } from '../domain/reminderPorts.js';
import type { RequestService } from '../domain/requests.js';
import { announceOutcome, type Announcer } from '../slack/flows/revocation.js';
import { escalateRequest, settle, type RequestContext } from '../slack/flows/requests.js';
import { settleWaitingSteps, type Steps } from '../slack/flows/steps.js';
import { answeredConfirmation } from '../slack/views/request.js';
import { reviseAsked } from './copies.js';
import type { Guard, Notifier } from './deliveries.js';

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

/** A request ended: every confirmation its requester got by DM (where a form's answer could not
 *  be shown ephemerally) says how, its Withdraw gone. An ephemeral one stays: Slack lets an app
 *  rewrite an ephemeral message only through the response_url of a click on it, and a click on
 *  its Withdraw is answered with the outcome. */
export async function answerRequester(
  n: Notifier,
  guard: Guard,
  requests: Pick<RequestService, 'find'>,
  requestId: string,
): Promise<void> {
  const request = await requests.find(requestId);
  if (!request || !hasEnded(request)) return;
  await reviseAsked(n, guard, askedAbout.request(requestId), (t, message) => answeredConfirmation(t, message, request));
}
