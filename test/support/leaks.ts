// A leak reported from Slack (a secret posted in a channel, or reported with the report_leak
// shortcut), as its token's owners learn of it.
import { expect } from 'vitest';
import { GENERAL_CHANNEL } from '@tokenops/slack-emulator';
import type { Actor } from '../../src/domain/permissions.js';
import { USERS } from './tenants.js';
import type { TestApp } from './testApp.js';

/** The token's audit names the conversation of the leak, and its owners, the primary contact (an
 * admin of acme) and its creator (a workspace admin), each get a DM naming the token. */
export async function expectOwnersToldOfLeak(app: TestApp, root: Actor, displayId: string) {
  const audit = await app.tokenops.tokens.audit(root, displayId);
  expect(audit.find((e) => e.action === 'token.leak')?.reason).toContain(
    `slack: Slack conversation ${GENERAL_CHANNEL}`,
  );
  const toldAbout = (dm: string) =>
    app.fake
      .callsTo('chat.postMessage')
      .some((c) => c.args.channel === dm && JSON.stringify(c.args).includes(displayId));
  await app.fake.waitFor(
    () => toldAbout(app.fake.dmOf(USERS.acmeAdmin)) && toldAbout(app.fake.dmOf(USERS.workspaceAdmin)),
    10_000,
  );
}
