import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { useTestApp } from '../support/testApp.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';
import { SECRET_PATTERN, deliveredSecret, scanForSecret, ONLY_IN_ITS_DM } from '../support/secretScan.js';
import { codeOf } from '../support/verification.js';

const app = useTestApp();
let root: Actor;
const ids: Record<string, string> = {};

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  for (let i = 1; i <= 12; i++) {
    ids[`acme${i}`] = (
      await app.tokenops.tokens.create(root, tokenInput('org:acme', `Acme service ${i}`))
    ).token.displayId;
  }
  ids.shop = (
    await app.tokenops.tokens.create(root, tokenInput('domain:shop.acme.test', 'Shop checkout'))
  ).token.displayId;
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
const rows = (message: { blocks: any[] }) =>
  message.blocks.filter((b) => b.block_id?.startsWith('token:')).map((b) => b.block_id.slice(6));

async function click(userId: string, action: Record<string, unknown>) {
  const response = await app.slack.blockAction(userId, action as any);
  expect(response.status).toBe(200);
  return (await app.fake.waitFor(() => app.fake.responses.find((r) => response.responseUrl.endsWith(r.id)))).body as {
    text: string;
    blocks: any[];
    replace_original?: boolean;
  };
}
const menu = (op: string, id: string) => ({
  action_id: 'token_menu',
  type: 'static_select',
  selected_option: { value: `${op}:${id}`, text: { type: 'plain_text', text: op } },
});

describe('/token list', () => {
  it('shows the caller’s tokens, newest first, 10 a page, with Next and Previous', async () => {
    const first = await run(USERS.acmeAdmin, 'list');
    expect(first.text).toBe('Your tokens 1–10, newest first:');
    expect(rows(first)).toEqual([ids.shop, ...[12, 11, 10, 9, 8, 7, 6, 5, 4].map((i) => ids[`acme${i}`])]);
    const next = first.blocks
      .find((b) => b.block_id === 'list_pager')
      .elements.find((e: any) => e.action_id.endsWith(':next'));
    const second = await click(USERS.acmeAdmin, { action_id: next.action_id, type: 'button', value: next.value });
    expect(second.replace_original).toBe(true);
    expect(second.text).toBe('Your tokens 11–13 of 13, newest first:'); // the last page: the count is known
    expect(rows(second)).toEqual([3, 2, 1].map((i) => ids[`acme${i}`]));
    const previous = second.blocks.find((b) => b.block_id === 'list_pager').elements;
    expect(previous.map((e: any) => e.action_id)).toEqual(['token_list_page:prev']);
  });

  it('pages after the last token shown and before the first: tokens created or deleted between clicks make no page repeat or skip one', async () => {
    for (let i = 1; i <= 25; i++) await app.tokenops.tokens.create(root, tokenInput('org:acme', `Keyset ${i}`));
    const listed = (await app.tokenops.tokens.list(root, { words: ['keyset'] }, { limit: 100 })).tokens;
    const all = listed.map((token) => token.displayId);
    const turn = (message: { blocks: any[] }, direction: 'prev' | 'next') => {
      const button = message.blocks
        .find((b) => b.block_id === 'list_pager')
        ?.elements.find((e: any) => e.action_id.endsWith(`:${direction}`));
      expect(button?.value.length).toBeLessThanOrEqual(2000);
      return click(USERS.acmeAdmin, { action_id: button.action_id, type: 'button', value: button.value });
    };
    const first = await run(USERS.acmeAdmin, 'list keyset');
    expect(rows(first)).toEqual(all.slice(0, 10));

    await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Keyset 26')); // above the page shown
    const second = await turn(first, 'next');
    expect(rows(second)).toEqual(all.slice(10, 20)); // by offset, the 10th again
    expect(second.text).toMatch(/^Your tokens 12–21, newest first \(filter: name contains “keyset”\)/);

    // An operation started from that page refreshes that very page in place.
    const stateId = second.blocks.find((b) => b.block_id === 'list_filters').elements[2].value;
    const value = `disable:${all[15]}:${stateId}`;
    const option = { value, text: { type: 'plain_text', text: 'Disable' } };
    const refreshed = await click(USERS.acmeAdmin, { ...menu('disable', all[15]!), selected_option: option });
    expect(rows(refreshed)).toEqual(all.slice(10, 20));

    await app.tokenops.tokens.delete(root, all[12]!); // from the page shown
    const third = await turn(refreshed, 'next');
    expect(rows(third)).toEqual(all.slice(20)); // by offset, the 21st skipped
    expect(third.text).toMatch(/^Your tokens 21–25 of 25,/);
    expect(third.blocks.find((b) => b.block_id === 'list_pager').elements).toHaveLength(1); // Previous only

    // Back: the ten before the first shown, then the first page whole.
    const back = await turn(third, 'prev');
    expect(rows(back)).toEqual([all[9], all[10], all[11], ...all.slice(13, 20)]);
    expect(back.text).toMatch(/^Your tokens 11–20,/);
    const top = await turn(back, 'prev');
    expect(rows(top).slice(1)).toEqual(all.slice(0, 9));
    expect(top.text).toMatch(/^Your tokens 1–10,/);
    const pager = top.blocks.find((b) => b.block_id === 'list_pager').elements;
    expect(pager.map((e: any) => e.action_id)).toEqual(['token_list_page:next']);
    // The tests below count acme's tokens: these leave.
    for (const token of (await app.tokenops.tokens.list(root, { words: ['keyset'] }, { limit: 100 })).tokens)
      await app.tokenops.tokens.delete(root, token.displayId);
  });

  it('filters by status, creation, organization, domain and words', async () => {
    await app.tokenops.tokens.disable(root, ids.acme1!);
    expect(rows(await run(USERS.acmeAdmin, 'list status:disabled'))).toEqual([ids.acme1]);
    expect(rows(await run(USERS.acmeAdmin, 'list domain:shop.acme.test'))).toEqual([ids.shop]);
    expect(rows(await run(USERS.workspaceAdmin, 'list org:globex'))).toEqual([ids.globex]);
    expect(rows(await run(USERS.acmeAdmin, 'list created:7d SERVICE 1'))).toEqual([
      ids.acme12,
      ids.acme11,
      ids.acme10,
      ids.acme1,
    ]);
    const none = await run(USERS.acmeAdmin, 'list created:older');
    expect(none.text).toBe('No tokens match the filter (Created over 30 days ago).');
  });

  it('lists a disabled token that has also expired under status:disabled and status:expired, its row saying both', async () => {
    const { token } = await app.tokenops.tokens.create(root, tokenInput('org:globex', 'Paused, then lapsed'));
    await app.tokenops.tokens.disable(root, token.displayId);
    await app.sql(`UPDATE tokens SET expires_at = now() - interval '1 day' WHERE display_id = $1`, [token.displayId]);
    for (const status of ['disabled', 'expired']) {
      const list = await run(USERS.workspaceAdmin, `list status:${status} org:globex`);
      expect(rows(list), status).toEqual([token.displayId]);
      expect(textOf(list)).toContain('Expired · Disabled');
    }
    expect(rows(await run(USERS.workspaceAdmin, 'list status:enabled org:globex'))).toEqual([ids.globex]);
    await app.tokenops.tokens.delete(root, token.displayId); // the tests after it list globex as it was
  });

  it('re-renders in place from its status and creation selects and its search', async () => {
    const list = await run(USERS.acmeAdmin, 'list');
    const controls = list.blocks.find((b) => b.block_id === 'list_filters').elements;
    const [status, created, search] = controls;
    expect(status.initial_option.text.text).toBe('Any status');
    const disabledOption = status.options.find((o: any) => o.value.endsWith('|disabled'));
    const filtered = await click(USERS.acmeAdmin, {
      action_id: status.action_id,
      type: 'static_select',
      selected_option: disabledOption,
    });
    expect(filtered.replace_original).toBe(true);
    expect(rows(filtered)).toEqual([ids.acme1]);
    const nowControls = filtered.blocks.find((b) => b.block_id === 'list_filters').elements;
    expect(nowControls[0].initial_option.text.text).toBe('Disabled');

    const olderOption = created.options.find((o: any) => o.value.endsWith('|older'));
    expect(
      (
        await click(USERS.acmeAdmin, {
          action_id: created.action_id,
          type: 'static_select',
          selected_option: olderOption,
        })
      ).text,
    ).toBe('No tokens match the filter (Created over 30 days ago).');

    const opened = app.fake.callsTo('views.open').length;
    const clicked = await app.slack.blockAction(USERS.acmeAdmin, {
      action_id: search.action_id,
      type: 'button',
      value: search.value,
    });
    const modal = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
    expect(modal.callback_id).toBe('token_list_search');
    const metadata = JSON.parse(modal.private_metadata);
    expect(metadata.responseUrl).toBe(clicked.responseUrl);
    await app.slack.viewSubmission(USERS.acmeAdmin, modal, {
      words: { words: { type: 'plain_text_input', value: 'service 1' } },
    });
    const searched = await app.fake.waitFor(() => app.fake.responses.find((r) => clicked.responseUrl.endsWith(r.id)));
    expect(searched.body.replace_original).toBe(true);
    expect(rows(searched.body as any)).toEqual([ids.acme12, ids.acme11, ids.acme10, ids.acme1]);
  });

  it('says so when a list is too old to re-render', async () => {
    const stale = await click(USERS.acmeAdmin, {
      action_id: 'list_filter_status',
      type: 'static_select',
      selected_option: { value: 'gone|enabled', text: { type: 'plain_text', text: 'x' } },
    });
    expect(stale.text).toBe('This list is out of date. Run `/token list` again.');
  });

  it('names the part of a filter it does not understand, and the filters it does', async () => {
    const answer = await run(USERS.acmeAdmin, 'list shop status:sleeping');
    expect(answer.text).toMatch(
      /^`status:sleeping` is not a filter I know\. Filters: `status:enabled\|disabled\|revoked\|expired`/,
    );
    expect((await run(USERS.acmeAdmin, 'list colour:<b>')).text).toContain('`colour:&lt;b&gt;` is not a filter I know');
    app.fake.addUser({ id: 'U0JAFILTER', locale: 'ja-JP' });
    await app.tokenops.tenants.grant(root, 'U0JAFILTER', { role: 'org_admin', slug: 'acme' });
    expect((await run('U0JAFILTER', 'list created:1y')).text).toMatch(
      /^`created:1y` は使える絞り込み条件ではありません。/,
    );
  });

  it('tells a developer without a role why there is nothing to list, instead of "No tokens match."', async () => {
    const answer = await run('U0DEVELOP1', 'list');
    expect(answer.text).toBe(
      'You do not administer any organization or domain, so there are no tokens for you to list. Tokens you are the primary contact of are on tokenops’ Home tab, where you can ask to extend them, and come to you as reminders; to get a token of your own, ask for one with `/token request`.',
    );
  });

  it('shows each row with status, owner, scopes and version, and only what the caller may do', async () => {
    const list = await run(USERS.shopAdmin, 'list');
    expect(rows(list)).toEqual([ids.shop]);
    const row = list.blocks.find((b) => b.block_id === `token:${ids.shop}`);
    expect(row.text.text).toContain('Domain shop.acme.test · Enabled');
    expect(row.text.text).toContain('1 scope · API version: 2026-01 · Never used');
    expect(row.accessory.options.map((o: any) => o.value.split(':')[0])).toEqual([
      'show',
      'edit',
      'duplicate',
      'reset',
      'extend',
      'upgrade',
      'disable',
      'revoke',
      'delete',
      'audit',
    ]);
    expect(row.accessory.options.every((o: any) => o.value.length <= 75)).toBe(true); // Slack's limit on an option's value
  });

  it('is in Japanese for a Japanese admin', async () => {
    const list = await run(USERS.globexAdmin, 'list');
    expect(list.text).toBe('トークン一覧（1 件）');
    expect(textOf(list)).toContain('組織 globex｜有効');
  });

  it('heads a later page with its place among all the tokens, one token alone too, in either language', async () => {
    const batch: string[] = [];
    for (let i = 1; i <= 10; i++)
      batch.push(
        (await app.tokenops.tokens.create(root, tokenInput('org:globex', `Globex batch ${i}`))).token.displayId,
      );
    const pages = async (user: string, text: string) => {
      const first = await run(user, text);
      const next = first.blocks
        .find((b) => b.block_id === 'list_pager')
        .elements.find((e: any) => e.action_id.endsWith(':next'));
      const second = await click(user, { action_id: next.action_id, type: 'button', value: next.value });
      expect(rows(second)).toEqual([ids.globex]);
      return [first.text, second.text];
    };
    expect(await pages(USERS.globexAdmin, 'list')).toEqual([
      'トークン一覧（1〜10 件目、新しい順）',
      'トークン一覧（全 11 件中 11 件目、新しい順）',
    ]);
    expect(await pages(USERS.workspaceAdmin, 'list org:globex')).toEqual([
      'Your tokens 1–10, newest first (filter: Organization globex):',
      'Your token 11 of 11, newest first (filter: Organization globex):',
    ]);
    for (const id of batch) await app.tokenops.tokens.delete(root, id); // the tests after it list globex as it was
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
    expect((await run(USERS.shopAdmin, `show ${ids.acme2}`)).text).toContain(
      'You do not administer this token’s organization or domain',
    );
    expect((await run(USERS.acmeAdmin, 'show tok_0000000000')).text).toBe(
      'There is no token with that id. Check the id (`/token list` shows your tokens).',
    );
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
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Legacy', { apiVersion: '2024-01' }),
    );
    expect((await run(USERS.acmeAdmin, `upgrade ${token.displayId} 2025-01`)).text).toContain(
      'now uses API version 2025-01',
    );
    expect((await run(USERS.acmeAdmin, `upgrade ${token.displayId}`)).text).toContain('now uses API version 2026-01');
    expect((await run(USERS.acmeAdmin, `upgrade ${token.displayId} v9`)).text).toBe('There is no API version v9.');
  });

  it('deletes only after a confirmation', async () => {
    const ask = await run(USERS.acmeAdmin, `delete ${ids.acme4}`);
    expect(ask.text).toContain('permanently?');
    expect((await app.tokenops.tokens.show(root, ids.acme4!)).displayId).toBe(ids.acme4);
    const [button, cancel] = ask.blocks[1].elements;
    expect(button.confirm).toBeUndefined(); // asked once: the question is the confirmation
    expect(cancel.text.text).toBe('Cancel');
    expect(
      await click(USERS.acmeAdmin, { action_id: cancel.action_id, type: 'button', value: cancel.value }),
    ).toMatchObject({ replace_original: true, text: 'Nothing was changed.' });
    expect((await app.tokenops.tokens.show(root, ids.acme4!)).displayId).toBe(ids.acme4);
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
    expect(await scanForSecret(app, secret)).toEqual(ONLY_IN_ITS_DM);

    const copy = await click(USERS.acmeAdmin, menu('duplicate', ids.acme5!));
    expect(copy.text).toContain('Acme service 5 (copy)');
    app.fake.addUser({ id: 'U0JACOPIER', locale: 'ja-JP' });
    await app.tokenops.tenants.grant(root, 'U0JACOPIER', { role: 'org_admin', slug: 'acme' });
    expect((await click('U0JACOPIER', menu('duplicate', ids.acme5!))).text).toContain('「Acme service 5（コピー）」'); // in the copier's words
    const copied = deliveredSecret(app, USERS.acmeAdmin)!;
    expect(copied).not.toBe(secret);
    expect((await run(USERS.acmeAdmin, `reset ${ids.acme5} forever`)).text).toBe(
      'Usage: `/token reset &lt;id&gt; [now|1h|24h|7d]`',
    );
  });

  it('undoes a reset whose secret cannot be delivered', async () => {
    app.fake.failNext('conversations.open', { error: 'user_disabled' });
    const answer = await run(USERS.acmeAdmin, `reset ${ids.acme6} 1h`);
    expect(answer.text).toContain('so the reset was undone');
    const history = await app.tokenops.tokens.audit(root, ids.acme6!);
    expect(history.slice(0, 2).map((e) => e.action)).toEqual(['token.reset.void', 'token.reset']);

    // The new secret's DM: shown, but Slack's answer is lost (it may be in the DM)
    app.fake.dropNext('chat.postEphemeral', (args) => JSON.stringify(args).includes(ids.acme6!));
    const cut = await run(USERS.acmeAdmin, `reset ${ids.acme6} 1h`);
    expect(cut.text).toMatch(/^Slack did not confirm that the new secret of .+ so the reset was undone/);
    const again = await app.tokenops.tokens.audit(root, ids.acme6!);
    expect(again.length - history.length).toBe(2); // a second reset, undone
    expect(again.slice(0, 2).map((e) => e.action)).toEqual(['token.reset.void', 'token.reset']);
    expect(await codeOf(app.tokenops, deliveredSecret(app, USERS.acmeAdmin)!)).toBe('NOT_FOUND');
  });

  it('asks how long the current secret keeps working when a reset does not say', async () => {
    const before = await app.tokenops.tokens.audit(root, ids.acme11!);
    const answer = await run(USERS.acmeAdmin, `reset ${ids.acme11}`);
    expect(answer.text).toContain(
      'A new secret comes to your direct messages. When should the current secret stop working?',
    );
    expect(answer.blocks.find((b: any) => b.block_id === 'confirm').elements.map((b: any) => b.text.text)).toEqual([
      'Stop it now',
      'Stop in 1 hour',
      'Stop in 24 hours',
      'Stop in 7 days',
      'Cancel',
    ]);
    expect((await app.tokenops.tokens.audit(root, ids.acme11!)).filter((e) => e.action === 'token.reset')).toHaveLength(
      before.filter((e) => e.action === 'token.reset').length,
    ); // nothing reset
  });

  it('says an expired token it enables still needs an extension to work', async () => {
    const { token } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Enabled yet expired'));
    await app.tokenops.tokens.disable(root, token.displayId);
    await app.sql(`UPDATE tokens SET expires_at = now() - interval '1 day' WHERE display_id = $1`, [token.displayId]);
    expect((await run(USERS.acmeAdmin, `enable ${token.displayId}`)).text).toBe(
      `*Enabled yet expired* (\`${token.displayId}\`) is enabled again, but it has expired: it works once it is extended (\`/token extend ${token.displayId}\`, or Extend in its menu).`,
    );
  });

  it('asks once before what cannot be undone, wherever it starts, and never before what can', async () => {
    const noDialogs = (message: { blocks: any[] }) =>
      message.blocks.flatMap((b) => b.elements ?? []).every((e: any) => !e.confirm);
    // Reversible: at once, typed or from the menu.
    expect((await run(USERS.acmeAdmin, `disable ${ids.acme7}`)).text).toContain('is disabled');
    expect((await click(USERS.acmeAdmin, menu('enable', ids.acme7!))).text).toContain('is enabled again');
    expect((await click(USERS.acmeAdmin, menu('disable', ids.acme7!))).text).toContain('is disabled');
    expect((await app.tokenops.tokens.show(root, ids.acme7!)).status).toBe('disabled');
    await app.tokenops.tokens.enable(root, ids.acme7!);
    // Irreversible: one question, typed or from the menu, whose button runs it.
    for (const asked of [
      await run(USERS.acmeAdmin, `revoke ${ids.acme9} rotated`),
      await click(USERS.acmeAdmin, menu('revoke', ids.acme9!)),
    ]) {
      expect(asked.text).toContain('Revoke *Acme service 9*');
      expect(noDialogs(asked)).toBe(true);
    }
    const stopNow = await run(USERS.acmeAdmin, `reset ${ids.acme8} now`);
    expect(stopNow.text).toContain('and stop the current secret now? Whoever still uses it is refused at once.');
    const [reset] = stopNow.blocks.find((b) => b.block_id === 'confirm').elements;
    expect(
      (await click(USERS.acmeAdmin, { action_id: reset.action_id, type: 'button', value: reset.value })).text,
    ).toContain('is in your direct messages');
    expect((await run(USERS.acmeAdmin, `reset ${ids.acme8} 24h`)).text).toContain('is in your direct messages'); // the old secret keeps working: no question
    const dm = app.fake
      .callsTo('chat.postEphemeral')
      .filter((c) => c.args.user === USERS.acmeAdmin && SECRET_PATTERN.test(JSON.stringify(c.args.blocks)))
      .pop()!;
    expect(JSON.stringify(dm.args.blocks)).toContain('The previous secret keeps working until');
    for (const op of ['show', 'audit', 'upgrade', 'duplicate']) {
      const answer = await click(USERS.acmeAdmin, menu(op, ids.acme10!));
      expect(
        answer.blocks.some((b) => b.block_id === 'confirm'),
        op,
      ).toBe(false);
    }
  });

  it('asks before a downgrade to an older API version, and says so', async () => {
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Modern', { apiVersion: '2026-01' }),
    );
    const asked = await run(USERS.acmeAdmin, `upgrade ${token.displayId} 2024-01`);
    expect(asked.text).toBe(
      `*Modern* (\`${token.displayId}\`) uses API version 2026-01; 2024-01 is older. Move it back to 2024-01? Check that its integrations work with 2024-01.`,
    );
    expect((await app.tokenops.tokens.show(root, token.displayId)).apiVersion).toBe('2026-01');
    const [downgrade] = asked.blocks.find((b) => b.block_id === 'confirm').elements;
    expect(downgrade.text.text).toBe('Downgrade');
    expect(
      (await click(USERS.acmeAdmin, { action_id: downgrade.action_id, type: 'button', value: downgrade.value })).text,
    ).toContain('now uses API version 2024-01');
    expect((await run(USERS.acmeAdmin, `upgrade ${token.displayId}`)).text).toContain('now uses API version 2026-01'); // forward: at once
  });

  it('refreshes the list an operation started from, with the outcome or the question in it', async () => {
    const { token } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Refreshed'));
    const list = await run(USERS.acmeAdmin, 'list Refreshed');
    const option = (message: { blocks: any[] }, op: string) =>
      message.blocks
        .find((b) => b.block_id === `token:${token.displayId}`)
        .accessory.options.find((o: any) => o.value.startsWith(`${op}:`));
    const choose = (message: { blocks: any[] }, op: string) =>
      click(USERS.acmeAdmin, { action_id: 'token_menu', type: 'static_select', selected_option: option(message, op) });
    const rowText = (message: { blocks: any[] }) =>
      message.blocks.find((b) => b.block_id === `token:${token.displayId}`).text.text as string;
    expect(rowText(list)).toContain('Enabled');

    const disabled = await choose(list, 'disable');
    expect(disabled.replace_original).toBe(true);
    expect(disabled.blocks[0].text.text).toContain('*Refreshed* (`' + token.displayId + '`) is disabled');
    expect(rowText(disabled)).toContain('Disabled');
    expect(option(disabled, 'enable')).toBeDefined();

    const asked = await choose(disabled, 'delete');
    expect(asked.replace_original).toBe(true);
    const rowAt = asked.blocks.findIndex((b) => b.block_id === `token:${token.displayId}`);
    expect(asked.blocks[rowAt + 1].text.text).toContain('Delete *Refreshed*'); // under its row
    const [remove, cancel] = asked.blocks[rowAt + 2].elements;
    const cancelled = await click(USERS.acmeAdmin, {
      action_id: cancel.action_id,
      type: 'button',
      value: cancel.value,
    });
    expect(cancelled.replace_original).toBe(true);
    expect(cancelled.blocks.some((b) => b.block_id === 'confirm')).toBe(false);
    expect(rows(cancelled)).toEqual([token.displayId]);
    const deleted = await click(USERS.acmeAdmin, { action_id: remove.action_id, type: 'button', value: remove.value });
    expect(deleted.blocks[0].text.text).toContain('is deleted');
    expect(rows(deleted)).toEqual([]);
  });

  it('speaks Japanese to a Japanese admin, refusals included', async () => {
    expect((await run(USERS.globexAdmin, `disable ${ids.globex}`)).text).toContain('を無効化しました');
    expect((await run(USERS.globexAdmin, `disable ${ids.globex}`)).text).toBe('このトークンはすでに無効です。');
    expect((await run(USERS.globexAdmin, `show ${ids.acme2}`)).text).toContain('管理者ではないため');
    const question = await click(USERS.globexAdmin, menu('revoke', ids.globex!));
    expect(question.text).toContain('取り消しますか');
    const reset = await click(USERS.globexAdmin, menu('reset', ids.globex!));
    expect(reset.text).toContain('現在のシークレットをいつ停止するか選択してください。');
    expect(reset.blocks.find((b) => b.block_id === 'confirm').elements.map((b: any) => b.text.text)).toEqual([
      '今すぐ停止',
      '1 時間後に停止',
      '24 時間後に停止',
      '7 日後に停止',
      'キャンセル',
    ]);
  });

  it('shows the audit trail', async () => {
    const answer = await run(USERS.acmeAdmin, `audit ${ids.acme3}`);
    expect(answer.text).toBe(`History of \`${ids.acme3}\``);
    const text = textOf(answer);
    expect(text.indexOf(`<@${USERS.acmeAdmin}> enabled it again`)).toBeLessThan(
      text.indexOf(`<@${USERS.acmeAdmin}> disabled it`),
    );
    expect(text).toContain(`<@${root.userId}> created the token`);
    expect(text).not.toMatch(/token\.\w+|primaryContact|developerEmails/); // sentences, not event codes or field names
    await app.tokenops.tokens.edit(root, ids.acme3!, { description: 'Nightly job', developerEmails: 'a@acme.test' });
    await app.tokenops.tokens.reset(root, ids.acme3!, '24h');
    const again = textOf(await run(USERS.acmeAdmin, `audit ${ids.acme3}`));
    expect(again).toContain(`<@${root.userId}> changed Description, Developer e-mails`);
    expect(again).toMatch(new RegExp(`<@${root.userId}> reset its secret; the old one works until <!date\\^\\d+`));
    app.fake.addUser({ id: 'U0JAREADER', locale: 'ja-JP' });
    await app.tokenops.tenants.grant(root, 'U0JAREADER', { role: 'org_admin', slug: 'acme' });
    expect(textOf(await run('U0JAREADER', `audit ${ids.acme3}`))).toContain(
      `<@${root.userId}> がシークレットをリセットしました（以前のシークレットは`,
    );
  });
});

describe('/token admin', () => {
  it('creates organizations and domains and grants roles, for workspace admins only', async () => {
    expect((await run(USERS.workspaceAdmin, 'admin org create initech Initech Inc')).text).toBe(
      'Organization `initech` created.',
    );
    // A name typed in quotes, as the README's quick start shows it, is kept without them.
    expect((await run(USERS.workspaceAdmin, 'admin org create hooli "Hooli XYZ"')).text).toBe(
      'Organization `hooli` created.',
    );
    expect(await app.sql(`SELECT name FROM organizations WHERE slug = 'hooli'`)).toEqual([{ name: 'Hooli XYZ' }]);
    expect((await run(USERS.workspaceAdmin, 'admin domain create initech tps.initech.test')).text).toBe(
      'Domain `tps.initech.test` created in `initech`.',
    );
    expect((await run(USERS.workspaceAdmin, 'admin grant <@U0PETER001|peter> org_admin initech')).text).toBe(
      '<@U0PETER001> is now admin of the organization `initech`.',
    );
    const roles = await run(USERS.workspaceAdmin, 'admin roles <@U0PETER001>');
    expect(roles.text).toContain('<@U0PETER001> admin of the organization `initech`');
    expect((await run('U0PETER001', 'list')).text).toBe('There are no tokens yet.');
    expect((await run(USERS.workspaceAdmin, 'admin ungrant <@U0PETER001|peter> org_admin initech')).text).toBe(
      '<@U0PETER001> is no longer admin of the organization `initech`.',
    );
    // A workspace admin set in ADMIN_USER_IDS: listed as such, and not removed by an ungrant.
    const self = `<@${USERS.workspaceAdmin}>`;
    expect((await run(USERS.workspaceAdmin, `admin roles ${self}`)).text).toBe(
      `*Roles*\n${self} workspace admin (set in ADMIN_USER_IDS)`,
    );
    expect((await run(USERS.workspaceAdmin, `admin ungrant ${self} workspace_admin`)).text).toBe(
      'That user is a workspace admin through ADMIN_USER_IDS, which only whoever runs tokenops can change: nothing was changed.',
    );
    expect((await run(USERS.workspaceAdmin, `admin grant ${self} workspace_admin`)).text).toContain(
      'through ADMIN_USER_IDS',
    );
    expect((await run(USERS.workspaceAdmin, 'admin org create still-admin')).text).toBe(
      'Organization `still-admin` created.',
    );
    expect((await run(USERS.acmeAdmin, 'admin org create evil')).text).toBe(
      'Only workspace admins can manage organizations, domains and roles.',
    );
    expect((await run(USERS.workspaceAdmin, 'admin grant peter org_admin initech')).text).toContain(
      'Usage: `/token admin',
    );
  });
});
