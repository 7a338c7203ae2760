// Opening the create, edit and renewal modals: from a command, a list menu, App Home or a notice.
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.js';
import type { Owner } from '../../domain/permissions.js';
import type { Flow } from '../deps.js';
import { createModal } from '../views/createModal.js';
import { editModal } from '../views/editModal.js';
import { extendModal } from '../views/extendModal.js';
import { requestModal } from '../views/request.js';

type Opener = { triggerId: string; channel?: string };
/** Where a form about one token answers: the channel it was opened in, or the message it was
 *  opened from (its response_url; `list`: the saved list in it, refreshed with the outcome;
 *  `replaces`: the outcome takes the message's place, as a notice's answer; `reminder`: the
 *  reminder message whose item the outcome answers). */
type TokenForm = Opener & { id: string; responseUrl?: string; list?: string; replaces?: boolean; reminder?: string };

const carried = (metadata: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(metadata).filter(([, v]) => v)) as Record<string, string>;

/** Opens a form for a new token (the create form, or the request form built on it) offering `owners`. */
async function openNewTokenModal(
  { deps, client, context }: Flow,
  { triggerId, channel }: Opener,
  owners: Owner[],
  form: typeof createModal,
): Promise<void> {
  const metadata = { key: randomUUID(), ...(channel ? { channel } : {}) };
  const view = form(context.t, context.language, {
    owners,
    catalog: deps.catalog,
    callerId: context.actor.userId,
    metadata,
  });
  await client.views.open({ trigger_id: triggerId, view });
}

/** Opens the create modal; a person who may create no token is refused (audited) with their first step. */
export async function openCreateModal(flow: Flow, opener: Opener): Promise<void> {
  await openNewTokenModal(flow, opener, await flow.deps.tenants.ownersForCreate(flow.context.actor), createModal);
}

/** Opens the request modal: anyone, for any owner (no_organization before there is one). */
export async function openRequestModal(flow: Flow, opener: Opener): Promise<void> {
  await openNewTokenModal(flow, opener, await flow.deps.tenants.requestableOwners(), requestModal);
}

/** A token the actor may see (`read`), refused once it is revoked (nothing about it can change). */
async function changeable(context: Flow['context'], id: string, read: Flow['deps']['tokens']['show']) {
  const token = await read(context.actor, id);
  if (token.status === 'revoked') throw new DomainError('token_revoked');
  return token;
}

/** Opens the edit modal for a token the actor may change; refusals are thrown as DomainErrors.
 *  A primary contact who can no longer be one (deactivated, say) is not preselected. */
export async function openEditModal(
  { deps, client, context }: Flow,
  { triggerId, channel, id, responseUrl, list, replaces }: TokenForm,
): Promise<void> {
  const token = await changeable(context, id, deps.tokens.show);
  const contact = (await deps.tokens.canBeContact(token.primaryContact)) ? token.primaryContact : undefined;
  const metadata = carried({
    id: token.displayId,
    contact: token.primaryContact,
    channel,
    responseUrl,
    list,
    replaces: replaces ? '1' : undefined,
  });
  const view = editModal(context.t, context.language, token, deps.catalog, { contact, metadata });
  await client.views.open({ trigger_id: triggerId, view });
}

/** Opens the renewal form for a token the actor may see, or is the primary contact of (changing
 *  it is checked on submission); a form that asks for approval says so. */
export async function openExtendModal(
  { deps, client, context }: Flow,
  { triggerId, channel, id, responseUrl, list, reminder }: TokenForm,
): Promise<void> {
  const token = await changeable(context, id, deps.tokens.showToContact);
  const metadata = carried({ id: token.displayId, channel, responseUrl, list, reminder });
  const asks = deps.changes.ruleForAsker(context.actor, 'extend', token) !== undefined;
  await client.views.open({
    trigger_id: triggerId,
    view: extendModal(context.t, token, deps.catalog, metadata, asks),
  });
}
