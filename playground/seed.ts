// The playground's first run: on an empty database, a small example so that /token create works
// at once. Made the way an admin would, with /token admin commands typed by the workspace admin.
import type { Tokenops } from '../src/tokenops.js';
import type { SlackDriver, SlackEmulator } from '@tokenops/slack-emulator';

export const SEED = { organization: 'acme', name: 'Acme Corp', domain: 'shop.acme.test' };

export async function seedIfEmpty(
  tokenops: Tokenops,
  driver: SlackDriver,
  emulator: SlackEmulator,
  people: { workspaceAdmin: string; orgAdmins: string[] },
): Promise<boolean> {
  const owners = await tokenops.tenants.creatableOwners({
    userId: people.workspaceAdmin,
    grants: [{ role: 'workspace_admin' }],
  });
  if (owners.length > 0) return false;
  const commands = [
    `admin org create ${SEED.organization} ${SEED.name}`,
    `admin domain create ${SEED.organization} ${SEED.domain}`,
    ...people.orgAdmins.map((user) => `admin grant <@${user}> org_admin ${SEED.organization}`),
  ];
  for (const text of commands) {
    const answer = await driver.command(people.workspaceAdmin, text);
    if (answer.status !== 200)
      throw new Error(`the playground could not seed its example (${text}: HTTP ${answer.status})`);
    // Each step needs the one before: wait for the answer (in the ack, or posted a moment later).
    const key = answer.responseUrl.slice(answer.responseUrl.lastIndexOf('/') + 1);
    await emulator.waitFor(() => emulator.responses.some((response) => response.id === key), 10_000);
  }
  return true;
}
