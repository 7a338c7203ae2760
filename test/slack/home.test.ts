import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { useTestApp } from '../support/testApp.js';
import { homePublished } from '../support/slackAnswers.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';
import { createFormValues } from '../support/slackForms.js';
import { deliveredSecret } from '../support/secretScan.js';
import { verify } from '../support/verification.js';

const app = useTestApp();
let root: Actor;
let soon: string, later: string, off: string;

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  soon = (await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Expires soon', { expiry: '7d' }))).token
    .displayId;
  later = (await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Expires later', { expiry: '90d' }))).token
    .displayId;
  off = (await app.tokenops.tokens.create(root, tokenInput('domain:shop.acme.test', 'Switched off'))).token.displayId;
  await app.tokenops.tokens.disable(root, off);
  app.fake.addUser({ id: USERS.shopAdmin, locale: 'ja-JP' });
  app.fake.addUser({ id: USERS.acmeAdmin });
  app.fake.addUser({ id: USERS.nobody });
});

async function openHome(userId: string) {
  const before = app.fake.callsTo('views.publish').length;
  const response = await app.slack.event({ type: 'app_home_opened', user: userId, channel: 'D0HOME0001', tab: 'home' });
  expect(response.status).toBe(200);
  const call = await homePublished(app, userId, before);
  expect(call.response.ok).toBe(true);
  return call.args.view as { blocks: any[] };
}

describe('App Home', () => {
  it('shows tokens expiring within 30 days and disabled ones, with create and list buttons', async () => {
    const view = await openHome(USERS.acmeAdmin);
    const text = JSON.stringify(view.blocks);
    expect(view.blocks.find((b) => b.block_id === 'home_actions').elements.map((e: any) => e.action_id)).toEqual([
      'home_create',
      'home_list',
      'home_request',
    ]);
    const expiring = text.indexOf('Expiring within 30 days');
    const disabled = text.indexOf('Disabled');
    expect(text.indexOf(soon)).toBeGreaterThan(expiring);
    expect(text.indexOf(soon)).toBeLessThan(disabled);
    expect(text.slice(expiring, disabled)).not.toContain(later);
    expect(text.indexOf(off)).toBeGreaterThan(disabled);
  });

  it('lists a disabled token that has since expired under Disabled, saying it expired', async () => {
    const lapsed = (await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Off and lapsed'))).token.displayId;
    await app.tokenops.tokens.disable(root, lapsed);
    await app.sql(`UPDATE tokens SET expires_at = now() - interval '1 day' WHERE display_id = $1`, [lapsed]);
    const sections = (await openHome(USERS.acmeAdmin)).blocks.map((b) => b.text?.text ?? '');
    const disabled = sections[sections.indexOf('*Disabled*') + 1]!;
    expect(disabled).toContain(`*Off and lapsed* \`${lapsed}\` — Organization acme · Expired · Expires: <!date^`);
    expect(disabled).toContain(`\`${off}\` — Domain shop.acme.test · Expires: `); // not expired: as before
    await app.tokenops.tokens.delete(root, lapsed);
  });

  it('shows the newest tokens’ last use and a 30-day chart, as /token show draws it', async () => {
    const { token, secret } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Busy one', { expiry: '90d' }),
    );
    for (let i = 0; i < 3; i++) expect((await verify(app.tokenops, { token: secret })).body.code).toBe('VALID');
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // the test app writes usage every 1.2 s
    const usage = (await openHome(USERS.acmeAdmin)).blocks.find((b) => b.block_id === 'home_usage').text.text as string;
    const line = usage.split('\n').find((l) => l.includes(token.displayId))!;
    expect(line).toMatch(/Last used <!date\^\d+\^/);
    // Today, the only day with answers; the total beside it, as each chart has its own scale.
    expect(line).toContain(`\`${'·'.repeat(29)}█\` 3 verifications in 30 days`);
    expect(usage).toContain(`\`${later}\` — Never used · \`${'·'.repeat(30)}\` 0 verifications in 30 days`);
    // Called, but only ever refused: not "never used" beside a chart of its calls.
    const fenced = await app.tokenops.tokens.create(
      root,
      // its refusal DM goes to someone whose DMs no other test here reads
      tokenInput('org:acme', 'Fenced', { expiry: '90d', allowedIps: '10.0.0.0/8', primaryContact: USERS.nobody }),
    );
    for (let i = 0; i < 2; i++)
      expect((await verify(app.tokenops, { token: fenced.secret, ip: '192.0.2.1' })).body.code).toBe('FORBIDDEN');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const refused = (await openHome(USERS.acmeAdmin)).blocks.find((b) => b.block_id === 'home_usage').text
      .text as string;
    expect(refused).toContain(
      `\`${fenced.token.displayId}\` — Never used: every verification was refused · \`${'·'.repeat(29)}█\` 2 verifications in 30 days`,
    );
    const shop = (await app.tokenops.tokens.create(root, tokenInput('domain:shop.acme.test', 'Shop, unused'))).token
      .displayId;
    const ja = (await openHome(USERS.shopAdmin)).blocks.find((b) => b.block_id === 'home_usage');
    expect(JSON.stringify(ja)).toContain(`\`${shop}\`\u3000未使用｜\`${'·'.repeat(30)}\` 30 日間で検証 0 回`);
    await app.tokenops.tokens.delete(root, shop); // the next test's shop admin sees only the disabled token
  });

  it('shows only what the caller administers, in their language', async () => {
    const text = JSON.stringify((await openHome(USERS.shopAdmin)).blocks);
    expect(text).toContain('API トークン');
    expect(text).toContain(off);
    expect(text).not.toContain(soon);
  });

  it('tells someone who administers nothing how to get a role, and offers only to request a token', async () => {
    const view = await openHome(USERS.nobody);
    expect(
      view.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements.map((e: any) => e.action_id)),
    ).toEqual(['home_request']);
    expect(JSON.stringify(view.blocks)).toContain('/token admin grant');
  });

  it('creates a token from Home, telling the outcome on Home', async () => {
    const before = app.fake.callsTo('views.open').length;
    await app.slack.blockAction(
      USERS.acmeAdmin,
      { action_id: 'home_create', type: 'button' },
      { view: { id: 'VHOME', type: 'home' } },
    );
    const open = await app.fake.waitFor(() => app.fake.callsTo('views.open')[before]);
    const view = open.response.view;
    const published = app.fake.callsTo('views.publish').length;
    await app.slack.viewSubmission(
      USERS.acmeAdmin,
      view,
      createFormValues({
        owner: 'org:acme',
        label: 'From home',
        contact: USERS.acmeAdmin,
        scopes: ['orders:read'],
        expiry: '30d',
      }),
    );
    expect(await app.fake.waitFor(() => deliveredSecret(app, USERS.acmeAdmin))).toBeDefined();
    const home = await homePublished(app, USERS.acmeAdmin, published);
    expect(JSON.stringify(home.args.view.blocks)).toContain('is in your direct messages');
  });

  it('lists all tokens in the DM with tokenops', async () => {
    const before = app.fake.callsTo('chat.postMessage').length;
    await app.slack.blockAction(
      USERS.acmeAdmin,
      { action_id: 'home_list', type: 'button' },
      { view: { id: 'VHOME', type: 'home' } },
    );
    const posted = await app.fake.waitFor(() => app.fake.callsTo('chat.postMessage')[before]);
    expect(posted.args.channel).toBe('D0ACMEADM1');
    expect(posted.response.ok).toBe(true);
    expect(JSON.stringify(posted.args.blocks)).toContain(soon);
    // Home has no place for an answer: it says where the list went.
    const home = await app.fake.waitFor(
      () =>
        app.fake
          .callsTo('views.publish')
          .filter((c) => c.args.user_id === USERS.acmeAdmin)
          .pop()!.args.view.blocks[0].text?.text === 'Your tokens are in your direct messages with tokenops.' ||
        undefined,
    );
    expect(home).toBe(true);
  });
});
