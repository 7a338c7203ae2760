// Workflow Builder steps (README: Token requests and approval policies): request_token, extend_token and revoke_token run as the
// person the workflow names, through the same services, permissions and approvals as Slack.
// A step that waits on a request (a revocation through the approvals channel, a token request)
// is remembered in PostgreSQL with its execution id, and ends when the request ends. One record
// per execution makes Slack's retries of function_executed act once.
import type { ApprovalRequest, RevocationRequest } from './ports.js';
import type { Token } from './tokens.js';

export type StepId = 'request_token' | 'extend_token' | 'revoke_token';

/** What a step waits on until it can end. */
export type StepWait = { kind: 'revocation' | 'request'; id: string };

export type StepRecord = {
  executionId: string;
  callbackId: string;
  actor: string;
  waitingOn: StepWait | null;
  completedAt: Date | null;
  createdAt: Date;
};

export interface StepLedger {
  /** Records an execution; false when it was recorded before (Slack's retry of its event). */
  begin(step: { executionId: string; callbackId: string; actor: string }): Promise<boolean>;
  wait(executionId: string, on: StepWait): Promise<void>;
  /** Slack was told how the step ended. */
  completed(executionId: string): Promise<void>;
  /** Steps not completed that wait on this request. */
  waitingOn(on: StepWait): Promise<StepRecord[]>;
  /** Steps not completed, waiting on something, oldest first (the sweep's work). */
  waiting(limit: number): Promise<StepRecord[]>;
}

/** Why a waiting step ends without its outputs (worded in the person's language by the adapter). */
type StepRefusal = 'rejected' | 'expired' | 'closed' | 'withdrawn' | 'failed';
/** How a step ends: outputs (never a secret), or a refusal: who decided, and why (a person's
 *  words, or refusal codes to word). */
export type StepOutcome =
  { outputs: Record<string, string> } | { refusal: StepRefusal; by?: string; reason?: string; codes?: string[] };

/** A token's expiry as a step output: ISO 8601, empty when it never expires. */
export const expiryOutput = (token: Pick<Token, 'expiresAt'>) => token.expiresAt?.toISOString() ?? '';

/** How a revocation request ended, as a step's outcome; undefined while it is pending. */
export function revocationOutcome(
  request: RevocationRequest,
  token: Pick<Token, 'displayId'> | null,
): StepOutcome | undefined {
  const id = token?.displayId ?? request.displayId;
  switch (request.state) {
    case 'pending':
      return undefined;
    case 'approved':
      return { outputs: { token_id: id, ...(request.decidedBy ? { revoked_by: request.decidedBy } : {}) } };
    case 'rejected':
      return { refusal: 'rejected', by: request.decidedBy ?? undefined, reason: request.outcomeReason ?? undefined };
    case 'expired':
      return { refusal: 'expired' };
    default:
      return { refusal: 'closed' }; // its token deleted or revoked meanwhile, which the refusal says
  }
}

/** How a request ended (a token request, or a change's), as a step's outcome; undefined while it
 *  is pending, or approved and not yet carried out (a new token's secret not yet with its requester). `token`: an approved extension's token as it is
 *  now, whose expiry the step gives (an empty expiry would say it never expires). */
export function requestOutcome(request: ApprovalRequest, token?: Pick<Token, 'expiresAt'>): StepOutcome | undefined {
  const codes = request.outcomeReason?.split(',').filter(Boolean);
  switch (request.state) {
    case 'pending':
      return undefined;
    case 'approved':
      if (!request.deliveredAt || !request.displayId) return undefined;
      // Each step's declared outputs (manifest.yml): a revocation names its last approver.
      if (request.kind === 'revoke')
        return {
          outputs: { token_id: request.displayId, ...(request.decidedBy ? { revoked_by: request.decidedBy } : {}) },
        };
      if (request.kind === 'extend')
        return token
          ? { outputs: { token_id: request.displayId, expires_at: expiryOutput(token) } }
          : { refusal: 'closed' }; // deleted since: its expiry is no one's to give
      return {
        outputs:
          request.kind === 'request'
            ? { token_id: request.displayId, request_id: request.id }
            : { token_id: request.displayId },
      };
    case 'rejected':
      return { refusal: 'rejected', by: request.decidedBy ?? undefined, reason: request.outcomeReason ?? undefined };
    case 'withdrawn':
      return { refusal: 'withdrawn', by: request.decidedBy ?? undefined };
    case 'expired':
      return { refusal: 'expired' };
    default:
      return { refusal: request.state, codes };
  }
}
