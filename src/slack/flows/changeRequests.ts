// Changes of a token that the approval policy covers (a rule for revoke, reset or extend matches
// the token), asked from Slack: posted to their approvers as token requests are (flows/requests.ts),
// and carried out when approved (RequestService.issue, then settle).
import type { ChangeAsk, ChangeRequests } from '../../domain/changeRequests.js';
import type { ChangeOperation } from '../../domain/approvals.js';
import type { ApprovalRequest } from '../../domain/ports.js';
import type { Flow } from '../deps.js';
import { simpleMessage } from '../views/message.js';
import { actorText, escape } from '../views/text.js';
import { submitRequest } from './requests.js';

/** Asks for approval of a change; the request waiting for it (one asked before, if any), or
 *  undefined when it could not be posted (the requester was told why). */
export async function askChange(
  { deps, client, context }: Flow,
  ask: ChangeAsk,
  options: { asContact?: boolean } = {},
): Promise<ApprovalRequest | undefined> {
  return postAsked({ deps, client, context }, await deps.changes.ask(context.actor, ask, options));
}

/** A change asked for (ChangeRequests.ask): posted to its approvers, or the person told that the
 *  same change waits already. */
export async function postAsked(
  { deps, client, context }: Flow,
  { request, created, token }: Awaited<ReturnType<ChangeRequests['ask']>>,
): Promise<ApprovalRequest | undefined> {
  if (!created) {
    await context.reply(
      simpleMessage(
        context.t('change.alreadyPending', {
          operation: request.kind as ChangeOperation,
          label: escape(token.label),
          id: token.displayId,
          user: actorText(request.requestedBy),
        }),
      ),
    );
    return request;
  }
  const posted = await submitRequest({ deps, client, context }, request);
  return posted ? request : undefined;
}
