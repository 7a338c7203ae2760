// `/token webhook …` in Slack: workspace admins add, list, test, rotate and remove endpoints; the
// signing secret reaches the admin's DM once and nowhere else; a refused DM keeps nothing;
// everyone else is told politely, in their language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/testApp.js';
import { USERS, seedTenants } from '../support/tenants.js';
import { scanForSecret, ONLY_IN_ITS_DM } from '../support/secretScan.js';
import { startReceiver } from '../support/webhookReceiver.js';

const app = useTestApp();
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  await seedTenants(app.tokenops);
  app.fake.addUser({ id: USERS.globexAdmin, locale: 'ja-JP' });
  receiver = await startReceiver();
});
afterAll(() => receiver?.close());

async function run(userId: string, text: string) {
  const response = await app.slack.command(userId, text);
  expect(response.status).toBe(200);
  const answer = await app.fake.waitFor(() => app.fake.responses.find((r) => response.responseUrl.endsWith(r.id)));
  expect(answer.body.response_type).toBe('ephemeral');
  return JSON.stringify(answer.body.blocks);
}
const SIGNING_SECRET = /whsec_[A-Za-z0-9+/=]+/;
const signingSecretsPosted = (from: number) =>
  app.fake
    .callsTo('chat.postEphemeral')
    .slice(from)
    .map((call) => SIGNING_SECRET.exec(JSON.stringify(call.args.blocks))?.[0])
    .filter(Boolean) as string[];
const endpointId = (text: string) => /whk_[0-9A-Za-z]{10}/.exec(text)?.[0];

describe('/token webhook', () => {
  let id: string;
  let secret: string;

  it('adds an endpoint (Slack sends the URL in angle brackets) and shows its signing secret once, by DM', async () => {
    const posted = app.fake.callsTo('chat.postEphemeral').length;
    const answer = await run(
      USERS.workspaceAdmin,
      `webhook add <${receiver.url}/slack|${receiver.url.slice(7)}/slack> token.created`,
    );
    expect(answer).toContain('added');
    expect(answer).not.toMatch(SIGNING_SECRET);
    id = endpointId(answer)!;
    [secret] = signingSecretsPosted(posted) as [string];
    expect(secret).toBeDefined();
    const dm = app.fake.callsTo('chat.postEphemeral').at(-1)!;
    expect(dm.args.user).toBe(USERS.workspaceAdmin);
    expect(await scanForSecret(app, secret)).toEqual(ONLY_IN_ITS_DM);
  });

  it('lists it, and a test event reaches the receiver signed with that secret', async () => {
    expect(await run(USERS.workspaceAdmin, 'webhook list')).toContain(id);
    receiver.trust(secret);
    expect(await run(USERS.workspaceAdmin, `webhook test ${id}`)).toContain('webhook.test');
    const got = await receiver.waitFor(() =>
      receiver.received.find((r) => r.path === '/slack' && r.type === 'webhook.test'),
    );
    expect(got.verified).toBe(true);
  });

  it('rotates the secret: the new one by DM, both signing for a day', async () => {
    const posted = app.fake.callsTo('chat.postEphemeral').length;
    expect(await run(USERS.workspaceAdmin, `webhook rotate ${id}`)).toContain('new signing secret');
    const [fresh] = signingSecretsPosted(posted);
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(secret);
    // Its DM names the endpoint by id and URL (it named the id twice).
    const dm = JSON.stringify(app.fake.callsTo('chat.postEphemeral').slice(posted));
    expect(dm).toContain(`${receiver.url}/slack`);
    receiver.trust(fresh!);
    receiver.received.length = 0;
    await run(USERS.workspaceAdmin, `webhook test ${id}`);
    const got = await receiver.waitFor(() => receiver.received.find((r) => r.path === '/slack'));
    expect(got.verified).toBe(true);
    expect(got.signature.split(' ')).toHaveLength(2);
  });

  it('says a rotation whose secret cannot be shown changed nothing (not to add the endpoint again)', async () => {
    app.fake.failNext('chat.postEphemeral', { error: 'messages_tab_disabled' });
    const answer = await run(USERS.workspaceAdmin, `webhook rotate ${id}`);
    expect(answer).toContain('nothing was changed');
    expect(answer).toContain('`/token webhook rotate` again');
    expect(answer).not.toContain('add it again');
  });

  it('says a test of a disabled endpoint that it is disabled, not that it does not exist', async () => {
    const added = endpointId(await run(USERS.workspaceAdmin, `webhook add ${receiver.url}/broken`))!;
    await app.sql(`UPDATE webhook_endpoints SET disabled_at = now(), disabled_reason = 'HTTP 500' WHERE id = $1`, [
      added,
    ]);
    expect(await run(USERS.workspaceAdmin, `webhook test ${added}`)).toContain('is disabled');
    expect(await run(USERS.workspaceAdmin, 'webhook test whk_nothere00')).toContain('no webhook endpoint with that id');
  });

  it('keeps nothing when the secret cannot be shown', async () => {
    app.fake.failNext('chat.postEphemeral', { error: 'messages_tab_disabled' });
    const answer = await run(USERS.workspaceAdmin, `webhook add ${receiver.url}/never`);
    expect(answer).toContain('could not be sent');
    expect(answer).toContain('messages_tab_disabled');
    expect(await run(USERS.workspaceAdmin, 'webhook list')).not.toContain('/never');
  });

  it('keeps nothing, and says the secret may have arrived unused, when Slack does not confirm it', async () => {
    const secretDm = (args: Record<string, unknown>) => JSON.stringify(args).includes('signing secret');
    app.fake.dropNext('chat.postEphemeral', secretDm); // shown, but Slack's answer is lost
    const answer = await run(USERS.workspaceAdmin, `webhook add ${receiver.url}/unconfirmed`);
    expect(answer).toContain(
      'Slack did not confirm that the signing secret reached your direct messages, so nothing was kept',
    );
    expect(await run(USERS.workspaceAdmin, 'webhook list')).not.toContain('/unconfirmed');
    app.fake.dropNext('chat.postEphemeral', secretDm);
    expect(await run(USERS.workspaceAdmin, `webhook rotate ${id}`)).toContain(
      'the endpoint keeps its current secret, and a new one in a message that did arrive signs nothing',
    );
  });

  it('refuses people who are not workspace admins, bad types and bad URLs, in their language', async () => {
    expect(await run(USERS.acmeAdmin, `webhook add ${receiver.url}/x`)).toContain('Only workspace admins');
    expect(await run(USERS.acmeAdmin, 'webhook list')).toContain('Only workspace admins');
    expect(await run(USERS.workspaceAdmin, `webhook add ${receiver.url}/x token.exploded`)).toContain(
      'There is no event type',
    );
    expect(await run(USERS.workspaceAdmin, 'webhook add ftp://example.com/x')).toContain('only https:// URLs');
    expect(await run(USERS.workspaceAdmin, 'webhook remove whk_nothere00')).toContain(
      'no webhook endpoint with that id',
    );
    expect(await run(USERS.workspaceAdmin, 'webhook')).toContain('webhook add &lt;url&gt;');
    await app.tokenops.tenants.grant(await app.tokenops.tokens.actor(USERS.workspaceAdmin), USERS.globexAdmin, {
      role: 'workspace_admin',
    });
    expect(await run(USERS.globexAdmin, `webhook add ${receiver.url}/x token.exploded`)).toContain('イベント種別');
  });

  it('removes it: nothing more is sent there', async () => {
    // The verb in any case: "Remove" removes (it fell through to a rotation).
    expect(await run(USERS.workspaceAdmin, `webhook Remove ${id}`)).toContain('removed');
    expect(await run(USERS.workspaceAdmin, 'webhook list')).not.toContain(id);
  });
});
