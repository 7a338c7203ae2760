// Who hears of a token: its admins (grants, and ADMIN_USER_IDS), its primary contact, its
// creator when a person made it, and its developer addresses. Reminders' recipients are the
// domain's (reminderRecipients), as a scan queues them.
import { isPerson, type Owner } from '../domain/permissions.js';
import type { Token } from '../domain/tokens.js';
import type { Notifier } from './deliveries.js';

/** The admins of an owner: those with a grant, and the workspace admins from configuration. */
export async function adminsOf(n: Notifier, owner: Owner): Promise<string[]> {
  return [...new Set([...(await n.log.adminsOf(owner)), ...n.workspaceAdmins])];
}

/** A leak is told by DM to the admins, the primary contact and the creator, and by e-mail to the developer addresses. */
export async function leakRecipients(n: Notifier, token: Token): Promise<{ people: string[]; addresses: string[] }> {
  const people = new Set(
    [...(await n.log.adminsOf(token.owner)), ...n.workspaceAdmins, token.primaryContact, token.createdBy].filter(
      isPerson,
    ),
  );
  return { people: [...people], addresses: token.developerEmails };
}
