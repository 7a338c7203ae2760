// LEAK_SCAN_CHANNELS: a secret posted in a conversation is a leak: revoked at once, its owners
// told, its author asked to delete the message — and the message text kept nowhere.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { GENERAL_CHANNEL, readGrants } from '@tokenops/slack-emulator';
import { generateSecret } from '../../src/domain/secret.js';
import { useTestApp } from '../support/testApp.js';
import { scanForSecret } from '../support/secretScan.js';
import { codeOf } from '../support/verification.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';
import { expectOwnersToldOfLeak } from '../support/leaks.js';

const app = useTestApp({
  env: { LEAK_SCAN_CHANNELS: 'true' },
  slackGrants: readGrants(undefined, ['LEAK_SCAN_CHANNELS']),
});
let root: Actor;

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  app.fake.addUser({ id: USERS.acmeAdmin });
});

const toldToDelete = (user: string) =>
  app.fake
    .callsTo('chat.postEphemeral')
    .filter((c) => c.args.user === user && /contains (a tokenops secret|\d+ tokenops secrets)\./.test(c.args.text));

describe('a secret posted in a channel', () => {
  it('is revoked within a second, its author told to delete the message, and the text is kept nowhere', async () => {
    const { token, secret } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Posted in general', { primaryContact: USERS.acmeAdmin }),
    );
    const marker = `zebra-${Date.now()}`;
    const posted = Date.now();
    const delivered = await app.slack.message(
      USERS.shopAdmin,
      GENERAL_CHANNEL,
      `deploying with ${secret} ${marker}, don't tell`,
    );
    expect(delivered).toMatchObject({ delivered: true, status: 200 });
    let code = await codeOf(app.tokenops, secret);
    while (code !== 'REVOKED' && Date.now() - posted < 2_000) code = await codeOf(app.tokenops, secret);
    expect(code).toBe('REVOKED');
    expect(Date.now() - posted).toBeLessThan(1_000);
    await app.fake.waitFor(() => toldToDelete(USERS.shopAdmin)[0]);
    // The owners hear about it: the primary contact's DM names the place, not the message.
    // (the contact, an admin of acme, and the creator, a workspace admin: each once)
    await expectOwnersToldOfLeak(app, root, token.displayId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const everywhere = JSON.stringify([app.fake.calls.map((c) => c.args), app.fake.responses, app.logs]);
    expect(everywhere).not.toContain(marker);
    expect(await scanForSecret(app, marker)).toMatchObject({ logs: 0, database: 0, redis: 0 });
    expect(await scanForSecret(app, secret)).toMatchObject({ slackCalls: [], logs: 0, database: 0, redis: 0 });

    // Posted again: nothing more happens than telling the author again.
    const notices = app.fake.callsTo('chat.postMessage').length;
    await app.slack.message(USERS.shopAdmin, GENERAL_CHANNEL, `again ${secret}`);
    await app.fake.waitFor(() => toldToDelete(USERS.shopAdmin).length === 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(app.fake.callsTo('chat.postMessage').length).toBe(notices);
    // Told what is true of this post: nothing was done now, it was handled when first reported.
    const [first, second] = toldToDelete(USERS.shopAdmin).map((call) => JSON.stringify(call.args));
    expect(first).toContain('Its token has been revoked');
    expect(second).toContain('It was reported as leaked before');
    expect(second).not.toContain('has been revoked');
  });

  it('tells the author how many secrets the message held, and what was done to each now or before', async () => {
    const created = await Promise.all(
      ['Posted first', 'Posted second', 'Posted third'].map((label) =>
        app.tokenops.tokens.create(root, tokenInput('org:acme', label, { primaryContact: USERS.acmeAdmin })),
      ),
    );
    const [first, second, third] = created.map((made) => made.secret);
    await app.slack.message(USERS.globexAdmin, GENERAL_CHANNEL, `two at once: ${first} and ${second}`);
    await app.fake.waitFor(() => toldToDelete(USERS.globexAdmin)[0]);
    // One reported before, one new: each is told as it is.
    await app.slack.message(USERS.globexAdmin, GENERAL_CHANNEL, `again ${second}, and ${third}`);
    await app.fake.waitFor(() => toldToDelete(USERS.globexAdmin)[1]);
    const [both, mixed] = toldToDelete(USERS.globexAdmin).map((call) => call.args.text as string);
    expect(both).toContain('contains 2 tokenops secrets. Their tokens have been revoked. Delete your message now');
    expect(mixed).toContain(
      'contains 2 tokenops secrets. One of their tokens has been revoked now. The other was reported as leaked before: its admins were told then. Delete',
    );
    for (const { secret } of created) expect(await codeOf(app.tokenops, secret)).toBe('REVOKED');
  });

  it('says nothing about text that is not a secret of one of our tokens, and logs none of it', async () => {
    const lookups = app.logs.length;
    const fake = generateSecret('tko'); // well formed, checksum fine, but no token has it
    await app.slack.message(USERS.shopAdmin, GENERAL_CHANNEL, `tko_notasecret tko_${'A'.repeat(36)} ${fake}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(toldToDelete(USERS.shopAdmin).filter((c) => c.at > Date.now() - 1_000)).toEqual([]);
    expect(app.logs.slice(lookups).join('\n')).not.toContain(fake);
  });
});
