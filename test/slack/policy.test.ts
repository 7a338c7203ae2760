// Verify-time policy in Slack (README: Governing use): the create and edit modals' allowed_ips and rate_limit,
// a message per bad entry in English and Japanese, show with the policy and the usage, and the
// list's unused filter.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/testApp.js';
import { USERS, seedTenants } from '../support/tenants.js';
import { createFormValues, type CreateForm } from '../support/slackForms.js';
import { verify } from '../support/verification.js';
import { recentWindowStart } from '../../src/domain/usage.js';

const app = useTestApp();
const JA_ADMIN = 'U0JAPOLICY';

beforeAll(async () => {
  const { root } = await seedTenants(app.tokenops);
  app.fake.addUser({ id: JA_ADMIN, locale: 'ja-JP' });
  await app.tokenops.tenants.grant(root, JA_ADMIN, { role: 'org_admin', slug: 'acme' });
});

async function opened(userId: string, text: string) {
  const before = app.fake.callsTo('views.open').length;
  await app.slack.command(userId, text);
  return (await app.fake.waitFor(() => app.fake.callsTo('views.open')[before])).response.view as Record<string, any>;
}

const form = (more: CreateForm): CreateForm => ({
  owner: 'org:acme',
  label: 'Policed',
  apiVersion: '2026-01',
  contact: USERS.acmeAdmin,
  scopes: ['orders:read'],
  expiry: '30d',
  ...more,
});
const answerTo = (responseUrl: string) =>
  app.fake.waitFor(() => app.fake.responses.find((r) => responseUrl.endsWith(r.id)));

describe('policy fields in the modals', () => {
  it('names each bad entry on its block, in English', async () => {
    const view = await opened(USERS.acmeAdmin, 'create');
    const response = await app.slack.viewSubmission(
      USERS.acmeAdmin,
      view,
      createFormValues(form({ allowedIps: '10.0.0.1/8, 300.1.1.1\n0.0.0.0', rateLimit: '10/m' })),
    );
    expect(response.json).toEqual({
      response_action: 'errors',
      errors: {
        allowed_ips:
          '“10.0.0.1/8” has bits set after its prefix: write 10.0.0.0/8, or a single address without a prefix. “300.1.1.1” is not an IP address or CIDR range (such as 203.0.113.7, 10.0.0.0/8 or 2001:db8::/32). No client can have the address “0.0.0.0” (unspecified, multicast or reserved), so allowing it allows nothing. Remove or correct it.',
        rate_limit:
          '“10/m” is not a rate limit: write count/unit, the count from 1 to 1,000,000 and the unit s, min, h or day (such as 600/min).',
      },
    });
  });

  it('names each bad entry on its block, in Japanese', async () => {
    const view = await opened(JA_ADMIN, 'create');
    const response = await app.slack.viewSubmission(
      JA_ADMIN,
      view,
      createFormValues(form({ contact: JA_ADMIN, allowedIps: 'host.example', rateLimit: '0/s' })),
    );
    expect(response.json?.errors).toEqual({
      allowed_ips:
        '「host.example」は IP アドレスでも CIDR 範囲でもありません（例：203.0.113.7、10.0.0.0/8、2001:db8::/32）。',
      rate_limit: '「0/s」の回数は 1〜1,000,000 で指定してください。',
    });
    const unreadable = await app.slack.viewSubmission(
      JA_ADMIN,
      view,
      createFormValues(form({ contact: JA_ADMIN, allowedIps: 'fe80::1%eth0', rateLimit: '10/m' })),
    );
    expect(unreadable.json?.errors).toEqual({
      allowed_ips:
        '「fe80::1%eth0」には、特定のマシンでしか意味を持たないネットワークインターフェースの指定（% 以降）が含まれています。% 以降を除いて fe80::1 と指定してください。このアドレスは、インターフェース指定付きで届く呼び出しにも一致します。',
      rate_limit:
        '「10/m」はレート制限の形式ではありません。「回数/単位」の形式で指定してください。回数は 1〜1,000,000、単位は s・min・h・day のいずれかです（例：600/min）。',
    });
  });

  it('creates a token with its policy, shows it with its usage, and edits it', async () => {
    const view = await opened(USERS.acmeAdmin, 'create');
    const response = await app.slack.viewSubmission(
      USERS.acmeAdmin,
      view,
      createFormValues(
        form({ label: 'Policed by Slack', allowedIps: '10.0.0.0/8 ::ffff:192.0.2.7', rateLimit: '600/min' }),
      ),
    );
    expect(response.body).toBe('');
    const root = await app.tokenops.tokens.actor(USERS.workspaceAdmin);
    const listed = await app.tokenops.tokens.list(root, { words: ['Policed by Slack'] }, { limit: 1 });
    const token = listed.tokens[0]!;
    expect(token).toMatchObject({ allowedIps: ['10.0.0.0/8', '192.0.2.7/32'], rateLimit: '600/min' });
    const secret = await app.fake.waitFor(() =>
      app.fake
        .callsTo('chat.postEphemeral')
        .map((c) => /```(\w+)```/.exec(JSON.stringify(c.args.blocks ?? ''))?.[1])
        .find(Boolean),
    );
    await new Promise((resolve) => setTimeout(resolve, 400));
    for (const ip of ['10.0.0.1', '10.0.0.2', '192.0.2.7', '203.0.113.1'])
      await verify(app.tokenops, { token: secret, ip });
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // the test app writes usage every 1.2 s

    const shown = await app.slack.command(USERS.acmeAdmin, `show ${token.displayId}`);
    const text = JSON.stringify((await answerTo(shown.responseUrl)).body.blocks);
    expect(text).toContain('*Rate limit*\\n600 requests a minute (`600/min`)');
    expect(text).toContain('*Allowed IPs*\\n`10.0.0.0/8` `192.0.2.7/32`');
    // Counts are hourly: the recent ones begin at the hour 23 hours before this one, and say so.
    const since = /\*Since <!date\^(\d+)\^[^>]+>\*: 4 verifications \(VALID 3; FORBIDDEN 1\)/.exec(text);
    const now = new Date(); // an hour may begin between the answer and this line
    expect([recentWindowStart(now), recentWindowStart(new Date(now.getTime() - 60_000))].map(Number)).toContain(
      Number(since?.[1]) * 1000,
    );
    expect(text).toMatch(/`·{29}█`/);
    for (const ip of ['10.0.0.1', '10.0.0.2', '192.0.2.7', '203.0.113.1'])
      expect(text).toContain(`\`${ip}\` last seen`);

    const edit = await opened(USERS.acmeAdmin, `edit ${token.displayId}`);
    const byId = Object.fromEntries(
      (edit.blocks as any[]).filter((b) => b.block_id).map((b) => [b.block_id, b.element]),
    );
    expect(byId.allowed_ips.initial_value).toBe('10.0.0.0/8\n192.0.2.7/32');
    expect(byId.rate_limit.initial_value).toBe('600/min');
    const saved = await app.slack.viewSubmission(
      USERS.acmeAdmin,
      edit,
      createFormValues(form({ label: 'Policed by Slack', allowedIps: '', rateLimit: '5/s' })),
    );
    expect(saved.body).toBe('');
    expect(await app.tokenops.tokens.show(root, token.displayId)).toMatchObject({ allowedIps: [], rateLimit: '5/s' });
  });

  it('lists tokens unused for a number of days', async () => {
    const answer = await answerTo((await app.slack.command(USERS.acmeAdmin, 'list unused:30d')).responseUrl);
    expect(JSON.stringify(answer.body)).not.toContain('Policed by Slack'); // made today
    const bad = await answerTo((await app.slack.command(USERS.acmeAdmin, 'list unused:soon')).responseUrl);
    expect(bad.body.text).toContain('`unused:&lt;days&gt;d`');
  });
});
