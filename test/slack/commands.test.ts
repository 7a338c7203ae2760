import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { useTestApp } from '../support/testApp.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';
import { deliveredSecret, scanForSecret, SECRET_PATTERN } from '../support/secretScan.js';

const app = useTestApp();
let root: Actor;
const ids: Record<string, string> = {};

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  for (let i = 1; i <= 12; i++) {
    ids[`acme${i}`] = (await app.tokenops.tokens.create(root, tokenInput('org:acme', `Acme service ${i}`))).token.displayId;
  }
  ids.shop = (await app.tokenops.tokens.create(root, tokenInput('domain:shop.acme.test', 'Shop checkout'))).token.displayId;
  ids.globex = (await app.tokenops.tokens.create(root, tokenInput('org:globex', 'Globex importer'))).token.displayId;
  app.fake.addUser({ id: USERS.globexAdmin, locale: 'ja-JP' });
});

/** Sends a command and returns its ephemeral answer (through response_url). */
async function run(userId: string, text: string) {
  const response = await app.slack.command(userId, text);
  expect(response.status).toBe(200);
  const answer = await app.fake.waitFor(() => app.fake.responses.find((r) => response.responseUrl.endsWith(r.id)));
  expect(answer.body.response_type).toBe('ephemeral');
  return answer.body as { text: string; blocks: any[] };
}
const textOf = (message: { blocks: any[] }) => JSON.stringify(message.blocks);
const rows = (message: { blocks: any[] }) => message.blocks.filter((b) => b.block_id?.startsWith('token:')).map((b) => b.block_id.slice(6));

async function click(userId: string, action: Record<string, unknown>) {
  const response = await app.slack.blockAction(userId, action as any);
  expect(response.status).toBe(200);
  return (await app.fake.waitFor(() => app.fake.responses.find((r) => response.responseUrl.endsWith(r.id)))).body as { text: string; blocks: any[]; replace_original?: boolean };
}
const menu = (op: string, id: string) => ({ action_id: 'token_menu', type: 'static_select', selected_option: { value: `${op}:${id}`, text: { type: 'plain_text', text: op } } });

describe('/token list', () => {
  it('shows the caller’s tokens, newest first, 10 a page, with Next and Previous', async () => {
    const first = await run(USERS.acmeAdmin, 'list');
    expect(first.text).toBe('Your tokens 1–10, newest first:');
    expect(rows(first)).toEqual([ids.shop, ...[12, 11, 10, 9, 8, 7, 6, 5, 4].map((i) => ids[`acme${i}`])]);
    const next = first.blocks.find((b) => b.block_id === 'list_pager').elements.find((e: any) => e.action_id.endsWith(':next'));
    const second = await click(USERS.acmeAdmin, { action_id: next.action_id, type: 'button', value: next.value });
    expect(second.replace_original).toBe(true);
    expect(rows(second)).toEqual([3, 2, 1].map((i) => ids[`acme${i}`]));
    const previous = second.blocks.find((b) => b.block_id === 'list_pager').elements;
    expect(previous.map((e: any) => e.action_id)).toEqual(['token_list_page:prev']);
  });

  it('filters by status, creation, organization, domain and words', async () => {
    await app.tokenops.tokens.disable(root, ids.acme1!);
    expect(rows(await run(USERS.acmeAdmin, 'list status:disabled'))).toEqual([ids.acme1]);
    expect(rows(await run(USERS.acmeAdmin, 'list domain:shop.acme.test'))).toEqual([ids.shop]);
    expect(rows(await run(USERS.workspaceAdmin, 'list org:globex'))).toEqual([ids.globex]);
    expect(rows(await run(USERS.acmeAdmin, 'list created:7d SERVICE 1'))).toEqual([ids.acme12, ids.acme11, ids.acme10, ids.acme1]);
    const none = await run(USERS.acmeAdmin, 'list created:older');
    expect(none.text).toBe('No tokens match the filter (Created over 30 days ago).');
  });

  it('re-renders in place from its status and creation selects and its search', async () => {
    const list = await run(USERS.acmeAdmin, 'list');
    const controls = list.blocks.find((b) => b.block_id === 'list_filters').elements;
    const [status, created, search] = controls;
    expect(status.initial_option.text.text).toBe('Any status');
    const disabledOption = status.options.find((o: any) => o.value.endsWith('|disabled'));
    const filtered = await click(USERS.acmeAdmin, { action_id: status.action_id, type: 'static_select', selected_option: disabledOption });
    expect(filtered.replace_original).toBe(true);
    expect(rows(filtered)).toEqual([ids.acme1]);
    const nowControls = filtered.blocks.find((b) => b.block_id === 'list_filters').elements;
    expect(nowControls[0].initial_option.text.text).toBe('Disabled');

    const olderOption = created.options.find((o: any) => o.value.endsWith('|older'));
    expect((await click(USERS.acmeAdmin, { action_id: created.action_id, type: 'static_select', selected_option: olderOption })).text).toBe('No tokens match the filter (Created over 30 days ago).');

    const opened = app.fake.callsTo('views.open').length;
    const clicked = await app.slack.blockAction(USERS.acmeAdmin, { action_id: search.action_id, type: 'button', value: search.value });
    const modal = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
    expect(modal.callback_id).toBe('token_list_search');
    const metadata = JSON.parse(modal.private_metadata);
    expect(metadata.responseUrl).toBe(clicked.responseUrl);
    await app.slack.viewSubmission(USERS.acmeAdmin, modal, { words: { words: { type: 'plain_text_input', value: 'service 1' } } });
    const searched = await app.fake.waitFor(() => app.fake.responses.find((r) => clicked.responseUrl.endsWith(r.id)));
    expect(searched.body.replace_original).toBe(true);
    expect(rows(searched.body as any)).toEqual([ids.acme12, ids.acme11, ids.acme10, ids.acme1]);
  });

  it('says so when a list is too old to re-render', async () => {
    const stale = await click(USERS.acmeAdmin, { action_id: 'list_filter_status', type: 'static_select', selected_option: { value: 'gone|enabled', text: { type: 'plain_text', text: 'x' } } });
    expect(stale.text).toBe('This list is out of date. Run `/token list` again.');
  });

  it('answers a bad filter with the usage of list', async () => {
    const answer = await run(USERS.acmeAdmin, 'list status:sleeping');
    expect(answer.text).toContain('Usage: `/token list [status:enabled|disabled|revoked|expired]');
  });

  it('shows each row with status, owner, scopes and version, and only what the caller may do', async () => {
    const list = await run(USERS.shopAdmin, 'list');
    expect(rows(list)).toEqual([ids.shop]);
    const row = list.blocks.find((b) => b.block_id === `token:${ids.shop}`);
    expect(row.text.text).toContain('Domain shop.acme.test · Enabled');
    expect(row.text.text).toContain('1 scope · API version: 2026-01 · Last used: Never');
    expect(row.accessory.options.map((o: any) => o.value.split(':')[0])).toEqual(['show', 'edit', 'duplicate', 'reset', 'extend', 'upgrade', 'disable', 'revoke', 'delete', 'audit']);
  });

  it('is in Japanese for a Japanese admin', async () => {
    const list = await run(USERS.globexAdmin, 'list');
    expect(list.text).toBe('トークン一覧（1〜1 件目、新しい順）');
    expect(textOf(list)).toContain('組織 globex · 有効');
  });
});

describe('operations', () => {
  it('show gives the details without any secret', async () => {
    const answer = await run(USERS.acmeAdmin, `show ${ids.acme2}`);
    expect(answer.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Acme service 2' } });
    expect(textOf(answer)).toContain('`orders:read`');
    expect(textOf(answer)).not.toMatch(SECRET_PATTERN);
  });

  it('refuses another owner’s token politely, and unknown ids clearly', async () => {
    expect((await run(USERS.shopAdmin, `show ${ids.acme2}`)).text).toContain('You do not administer this token’s organization or domain');
    expect((await run(USERS.acmeAdmin, 'show tok_0000000000')).text).toBe('There is no token with that id. Check the id (`/token list` shows your tokens).');
    expect((await run(USERS.acmeAdmin, 'show 42')).text).toBe('Usage: `/token show &lt;id&gt;`'); // Slack shows <id>
  });

  it('disables and enables, from the command and from the list menu', async () => {
    expect((await run(USERS.acmeAdmin, `disable ${ids.acme3}`)).text).toContain('is disabled');
    expect((await app.tokenops.tokens.show(root, ids.acme3!)).status).toBe('disabled');
    expect((await click(USERS.acmeAdmin, menu('enable', ids.acme3!))).text).toContain('is enabled again');
    expect((await app.tokenops.tokens.show(root, ids.acme3!)).status).toBe('enabled');
    expect((await run(USERS.acmeAdmin, `enable ${ids.acme3}`)).text).toBe('This token is already enabled.');
  });

  it('upgrades to the latest or a given version', async () => {
    const { token } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Legacy', { apiVersion: '2024-01' }));
    expect((await run(USERS.acmeAdmin, `upgrade ${token.displayId} 2025-01`)).text).toContain('now uses API version 2025-01');
    expect((await run(USERS.acmeAdmin, `upgrade ${token.displayId}`)).text).toContain('now uses API version 2026-01');
    expect((await run(USERS.acmeAdmin, `upgrade ${token.displayId} v9`)).text).toBe('There is no API version v9.');
  });

  it('deletes only after a confirmation', async () => {
    const ask = await run(USERS.acmeAdmin, `delete ${ids.acme4}`);
    expect(ask.text).toContain('permanently?');
    expect((await app.tokenops.tokens.show(root, ids.acme4!)).displayId).toBe(ids.acme4);
    const button = ask.blocks[1].elements[0];
    expect(button.confirm).toBeDefined();
    const done = await click(USERS.acmeAdmin, { action_id: button.action_id, type: 'button', value: button.value });
    expect(done).toMatchObject({ replace_original: true, text: expect.stringContaining('is deleted') });
    await expect(app.tokenops.tokens.show(root, ids.acme4!)).rejects.toMatchObject({ code: 'token_not_found' });
  });

  it('resets with a grace period and duplicates, each secret once in a DM', async () => {
    const answer = await run(USERS.acmeAdmin, `reset ${ids.acme5} 24h`);
    expect(answer.text).toContain('is in your direct messages');
    const secret = deliveredSecret(app, USERS.acmeAdmin)!;
    const dm = app.fake.callsTo('chat.postEphemeral').find((c) => JSON.stringify(c.args).includes(secret))!;
    expect(JSON.stringify(dm.args.blocks)).toContain('The previous secret keeps working until');
    expect(await scanForSecret(app, secret)).toEqual({ slackCalls: ['chat.postEphemeral'], responseUrlPosts: 0, logs: 0, database: 0, redis: 0 });

    const copy = await click(USERS.acmeAdmin, menu('duplicate', ids.acme5!));
    expect(copy.text).toContain('Acme service 5 (copy)');
    app.fake.addUser({ id: 'U0JACOPIER', locale: 'ja-JP' });
    await app.tokenops.tenants.grant(root, 'U0JACOPIER', { role: 'org_admin', slug: 'acme' });
    expect((await click('U0JACOPIER', menu('duplicate', ids.acme5!))).text).toContain('「Acme service 5（コピー）」'); // in the copier's words
    const copied = deliveredSecret(app, USERS.acmeAdmin)!;
    expect(copied).not.toBe(secret);
    expect((await run(USERS.acmeAdmin, `reset ${ids.acme5} forever`)).text).toBe('Usage: `/token reset &lt;id&gt; [now|1h|24h|7d]`');
  });

  it('undoes a reset whose secret cannot be delivered', async () => {
    app.fake.failNext('conversations.open', { error: 'user_disabled' });
    const answer = await run(USERS.acmeAdmin, `reset ${ids.acme6} now`);
    expect(answer.text).toContain('so the reset was undone');
    const history = await app.tokenops.tokens.audit(root, ids.acme6!);
    expect(history.slice(0, 2).map((e) => e.action)).toEqual(['token.reset.void', 'token.reset']);
  });

  it('asks how long the current secret keeps working when a reset does not say', async () => {
    const before = await app.tokenops.tokens.audit(root, ids.acme11!);
    const answer = await run(USERS.acmeAdmin, `reset ${ids.acme11}`);
    expect(answer.text).toContain('Choose how long the current secret keeps working');
    expect(answer.blocks.find((b: any) => b.block_id === 'confirm').elements.map((b: any) => b.text.text)).toEqual(['Stop it now', 'For 1 hour', 'For 24 hours', 'For 7 days']);
    expect((await app.tokenops.tokens.audit(root, ids.acme11!)).filter((e) => e.action === 'token.reset')).toHaveLength(before.filter((e) => e.action === 'token.reset').length); // nothing reset
  });

  it('asks before destructive menu choices, and runs them from the confirmation', async () => {
    const confirmThen = async (op: string, id: string, choice = 0) => {
      const question = await click(USERS.acmeAdmin, menu(op, id));
      const buttons = question.blocks.find((b) => b.block_id === 'confirm').elements;
      expect(buttons.every((b: any) => b.confirm?.text.type === 'plain_text' && b.style === 'danger')).toBe(true); // Slack's confirm dialogs take plain_text
      const button = buttons[choice];
      return { question, buttons, answer: await click(USERS.acmeAdmin, { action_id: button.action_id, type: 'button', value: button.value }) };
    };
    const disabled = await confirmThen('disable', ids.acme7!);
    expect(disabled.question.text).toContain('Disable *Acme service 7*');
    expect(disabled.answer).toMatchObject({ replace_original: true, text: expect.stringContaining('is disabled') });

    const reset = await confirmThen('reset', ids.acme8!, 2);
    expect(reset.buttons.map((b: any) => b.text.text)).toEqual(['Stop it now', 'For 1 hour', 'For 24 hours', 'For 7 days']);
    expect(reset.buttons[2].confirm.text.text).toBe('Reset the secret of Acme service 8 (' + ids.acme8 + ')? The current secret: for 24 hours.'); // the choice made, not the question again
    expect(reset.answer.text).toContain('is in your direct messages');
    const dm = app.fake.callsTo('chat.postEphemeral').filter((c) => c.args.user === USERS.acmeAdmin && SECRET_PATTERN.test(JSON.stringify(c.args.blocks))).pop()!;
    expect(JSON.stringify(dm.args.blocks)).toContain('The previous secret keeps working until');

    const revoked = await confirmThen('revoke', ids.acme9!);
    expect(revoked.answer.text).toContain('is revoked, for good');
    expect((await app.tokenops.tokens.show(root, ids.acme9!)).status).toBe('revoked');

    for (const op of ['show', 'audit', 'upgrade']) {
      const answer = await click(USERS.acmeAdmin, menu(op, ids.acme10!));
      expect(answer.blocks.some((b) => b.block_id === 'confirm')).toBe(false);
    }
  });

  it('speaks Japanese to a Japanese admin, refusals included', async () => {
    expect((await run(USERS.globexAdmin, `disable ${ids.globex}`)).text).toContain('を無効化しました');
    expect((await run(USERS.globexAdmin, `disable ${ids.globex}`)).text).toBe('このトークンはすでに無効です。');
    expect((await run(USERS.globexAdmin, `show ${ids.acme2}`)).text).toContain('管理者ではないため');
    const question = await click(USERS.globexAdmin, menu('revoke', ids.globex!));
    expect(question.text).toContain('取り消しますか');
  });

  it('shows the audit trail', async () => {
    const answer = await run(USERS.acmeAdmin, `audit ${ids.acme3}`);
    expect(answer.text).toBe(`History of \`${ids.acme3}\``);
    const text = textOf(answer);
    expect(text.indexOf(`<@${USERS.acmeAdmin}> enabled it again`)).toBeLessThan(text.indexOf(`<@${USERS.acmeAdmin}> disabled it`));
    expect(text).toContain(`<@${root.userId}> created the token`);
    expect(text).not.toMatch(/token\.\w+|primaryContact|developerEmails/); // sentences, not event codes or field names
    await app.tokenops.tokens.edit(root, ids.acme3!, { description: 'Nightly job', developerEmails: 'a@acme.test' });
    await app.tokenops.tokens.reset(root, ids.acme3!, '24h');
    const again = textOf(await run(USERS.acmeAdmin, `audit ${ids.acme3}`));
    expect(again).toContain(`<@${root.userId}> changed Description, Developer e-mails`);
    expect(again).toMatch(new RegExp(`<@${root.userId}> reset its secret; the old one works until <!date\\^\\d+`));
    app.fake.addUser({ id: 'U0JAREADER', locale: 'ja-JP' });
    await app.tokenops.tenants.grant(root, 'U0JAREADER', { role: 'org_admin', slug: 'acme' });
    expect(textOf(await run('U0JAREADER', `audit ${ids.acme3}`))).toContain(`<@${root.userId}> がシークレットをリセットしました（以前のシークレットは`);
  });
});

describe('/token admin', () => {
  it('creates organizations and domains and grants roles, for workspace admins only', async () => {
    expect((await run(USERS.workspaceAdmin, 'admin org create initech Initech Inc')).text).toBe('Organization `initech` created.');
    expect((await run(USERS.workspaceAdmin, 'admin domain create initech tps.initech.test')).text).toBe('Domain `tps.initech.test` created in `initech`.');
    expect((await run(USERS.workspaceAdmin, 'admin grant <@U0PETER001|peter> org_admin initech')).text).toBe('<@U0PETER001> is now admin of the organization `initech`.');
    const roles = await run(USERS.workspaceAdmin, 'admin roles <@U0PETER001>');
    expect(roles.text).toContain('<@U0PETER001> admin of the organization `initech`');
    expect((await run('U0PETER001', 'list')).text).toBe('There are no tokens yet.');
    expect((await run(USERS.workspaceAdmin, 'admin ungrant <@U0PETER001|peter> org_admin initech')).text).toBe('<@U0PETER001> is no longer admin of the organization `initech`.');
    expect((await run(USERS.acmeAdmin, 'admin org create evil')).text).toBe('Only workspace admins can manage organizations, domains and roles.');
    expect((await run(USERS.workspaceAdmin, 'admin grant peter org_admin initech')).text).toContain('Usage: `/token admin');
  });
});

