// Changes of a token that the approval policy covers (a rule for revoke, reset or extend matches
// the token), asked from Slack: posted to their approvers as token requests are (flows/requests.ts),
// and carried out when approved (RequestService.issue, then settle).
import type { ChangeAsk } from '../../domain/changeRequests.js';
import type { ApprovalRequest } from '../../domain/ports.js';
import type { Flow } from '../deps.js';
import { simpleMessage } from '../views/message.js';
import { escape } from '../views/text.js';
import { submitRequest } from './requests.js';

/** Asks for approval of a change; the request waiting for it (one asked before, if any), or
 *  undefined when it could not be posted (the requester was told why). */
export async function askChange(
  { deps, client, context }: Flow,
  ask: ChangeAsk,
  options: { asContact?: boolean } = {},
): Promise<ApprovalRequest | undefined> {
  const { request, created, token } = await deps.changes.ask(context.actor, ask, options);
  if (!created) {
    await context.reply(
      simpleMessage(
        context.t('change.alreadyPending', {
          operation: ask.operation,
          label: escape(token.label),
          id: token.displayId,
          user: request.requestedBy,
        }),
      ),
    );
    return request;
  }
  const posted = await submitRequest({ deps, client, context }, request);
  return posted ? request : undefined;
}
