// Opening the create, edit and renewal modals: from a command, a list menu, App Home or a notice.
import { randomUUID } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import { DomainError } from '../../domain/errors.js';
import type { SlackDeps } from '../deps.js';
import type { SlackContext } from '../context.js';
import { createModal } from '../views/createModal.js';
import { editModal } from '../views/editModal.js';
import { extendModal } from '../views/extendModal.js';

type Opener = { deps: SlackDeps; client: WebClient; context: SlackContext; triggerId: string; channel?: string };

/** false when the actor administers no owner to create a token for. */
/** Opens the create modal; a person who may create no token is refused (audited) with their first step. */
export async function openCreateModal({ deps, client, context, triggerId, channel }: Opener): Promise<void> {
  const owners = await deps.tenants.ownersForCreate(context.actor);
  const metadata = { key: randomUUID(), ...(channel ? { channel } : {}) };
  const view = createModal(context.t, context.language, { owners, catalog: deps.catalog, callerId: context.actor.userId, metadata });
  await client.views.open({ trigger_id: triggerId, view });
}

/** Opens the edit modal for a token the actor may change; refusals are thrown as DomainErrors. */
export async function openEditModal({ deps, client, context, triggerId, channel, id }: Opener & { id: string }): Promise<void> {
  const token = await deps.tokens.show(context.actor, id);
  if (token.status === 'revoked') throw new DomainError('token_revoked');
  const view = editModal(context.t, context.language, token, deps.catalog, { id: token.displayId, channel });
  await client.views.open({ trigger_id: triggerId, view });
}

/** Opens the renewal form for a token the actor may see (changing it is checked on submission). */
export async function openExtendModal({ deps, client, context, triggerId, channel, id, responseUrl }: Opener & { id: string; responseUrl?: string }): Promise<void> {
  const token = await deps.tokens.show(context.actor, id);
  if (token.status === 'revoked') throw new DomainError('token_revoked');
  const metadata = Object.fromEntries(Object.entries({ id: token.displayId, channel, responseUrl }).filter(([, v]) => v)) as Record<string, string>;
  await client.views.open({ trigger_id: triggerId, view: extendModal(context.t, token, deps.catalog, metadata) });
}
