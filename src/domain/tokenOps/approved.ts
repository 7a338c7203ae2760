// Changes an approval policy covers (revoke, reset, extend; README: Token requests and approval
// policies) happen only for their approved request: its id goes with the change, which links it to
// the token in the change's own transaction, so it is carried out once (see ChangeRequests).
import { changeRule, type ChangeOperation } from '../approvals.js';
import { DomainError } from '../errors.js';
import type { Change } from '../ports.js';
import type { Token } from '../tokens.js';
import type { TokenCore } from './core.js';

/** `approved`: the approved request this change carries out; none: refused where a rule covers it. */
export function approval(
  core: TokenCore,
  operation: ChangeOperation,
  token: Token,
  approved: string | undefined,
): Pick<Change, 'approved'> {
  if (approved) return { approved };
  if (changeRule(core.catalog.approvals, operation, token))
    throw new DomainError('approval_required', undefined, { operation, id: token.displayId });
  return {};
}

/** An approved request's change is the approvers' decision: the requester's own rights (a
 *  primary contact's, a key's) are not asked again. */
export const approvedBy = (approved: string | undefined) => (approved ? () => true : undefined);
