// The playground from the network and from other sites' pages: it listens on loopback only,
// answers only requests that name a loopback host (DNS rebinding), takes changes only as JSON
// from its own page (no other page can post to it), and its verification key is new each start.
import { describe, expect, it } from 'vitest';
import { startPlayground } from '../../playground/start.js';
import { requestPlayground, usePlayground } from '../support/playground.js';
import { sql } from '../support/databases.js';
import { WORKSPACE_ADMIN } from '../../playground/workspace.js';

const site = usePlayground('tokenops_playground_test');
/** A request with exactly these headers (fetch will not send a forged Host). */
const request = (
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
  address?: string,
  to?: number,
) => requestPlayground(site, method, path, headers, body, address, to);
const own = () => ({ 'content-type': 'application/json', origin: `http://127.0.0.1:${site.port}` });
const state = async () =>
  JSON.parse((await request('GET', '/playground/state?user=U0PGADMIN1', {})).body) as {
    verifyKey: string;
    clockDays: number;
  };
const organizationCount = async () =>
  Number((await sql(site.playground.config.databaseUrl, 'SELECT count(*) AS n FROM organizations'))[0]!.n);

describe('the playground server', () => {
  it('listens on loopback only, tokenops behind it too', async () => {
    expect(new URL(site.playground.tokenops.url).hostname).toBe('127.0.0.1');
    // Every 127.x address is this machine's loopback: a server on 0.0.0.0 would answer there too.
    await expect(request('GET', '/healthz', {}, undefined, '127.0.0.2')).rejects.toThrow(/ECONNREFUSED/);
    await expect(request('GET', '/healthz', {}, undefined, '127.0.0.2', site.playground.tokenops.port)).rejects.toThrow(
      /ECONNREFUSED/,
    );
    // tokenops answers on the playground's port: health, and (below) the verification API.
    expect((await request('GET', '/healthz', {})).status).toBe(200);
  });

  it('answers only requests for a loopback host name (DNS rebinding)', async () => {
    const rebound = await request('GET', '/playground/state?user=U0PGADMIN1', {
      host: `rebind.evil.example:${site.port}`,
    });
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain((await state()).verifyKey);
    expect((await request('GET', '/playground', { host: 'rebind.evil.example' })).status).toBe(403);
    for (const host of [`localhost:${site.port}`, `127.0.0.1:${site.port}`, `[::1]:${site.port}`]) {
      expect((await request('GET', '/playground/state?user=U0PGADMIN1', { host })).status).toBe(200);
    }
  });

  it('takes a change only as JSON from its own page: the clock and commands are safe from other sites', async () => {
    const before = await organizationCount();
    const attempts: Array<[string, Record<string, string>]> = [
      [
        'text/plain JSON, as a page of another site can send without asking',
        { 'content-type': 'text/plain', origin: 'http://evil.example' },
      ],
      ['text/plain from its own origin', { 'content-type': 'text/plain', origin: `http://127.0.0.1:${site.port}` }],
      ['JSON from another site', { 'content-type': 'application/json', origin: 'http://evil.example' }],
      [
        'JSON from another port of this machine',
        { 'content-type': 'application/json', origin: `http://127.0.0.1:${site.port + 1}` },
      ],
      ['JSON without an Origin', { 'content-type': 'application/json' }],
    ];
    for (const [what, headers] of attempts) {
      const clock = await request('POST', '/playground/clock', headers, JSON.stringify({ days: 400 }));
      const command = await request(
        'POST',
        '/playground/command',
        headers,
        JSON.stringify({ user: 'U0PGADMIN1', text: 'admin org create evil Evil' }),
      );
      expect([clock.status, command.status], what).toEqual(
        headers['content-type'] === 'text/plain' ? [415, 415] : [403, 403],
      );
    }
    expect((await state()).clockDays).toBe(0);
    expect(await organizationCount()).toBe(before);
    // The Slack API it emulates is called by tokenops from the server, never by another site's page.
    expect(
      (
        await request(
          'POST',
          '/playground/api/auth.test',
          { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
          `token=${site.playground.emulator.botToken}`,
        )
      ).status,
    ).toBe(403);

    for (const days of [0, 1.5, 401]) {
      const refused = await request('POST', '/playground/clock', own(), JSON.stringify({ days }));
      expect([refused.status, refused.body]).toEqual([400, '{"error":"days must be a whole number from 1 to 400"}']);
    }
    const moved = await request('POST', '/playground/clock', own(), JSON.stringify({ days: 1 }));
    expect(moved.status).toBe(200);
    expect((await state()).clockDays).toBe(1);
  });

  it('has a verification key of its own, new at each start, that the verification API accepts', async () => {
    const { verifyKey } = await state();
    expect(verifyKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(verifyKey).not.toBe('playground-verify-key');
    expect(site.playground.config.verifyApiKeys).toEqual([verifyKey]);
    const verify = (key: string) =>
      request(
        'POST',
        '/v1/tokens/verify',
        { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        JSON.stringify({ token: 'tko_x' }),
      );
    expect((await verify(verifyKey)).status).toBe(200);
    expect((await verify('playground-verify-key')).status).toBe(401);

    await site.playground.stop();
    site.playground = await startPlayground(site.env); // the same database, its data kept
    site.port = Number(new URL(site.playground.url).port);
    const next = (await state()).verifyKey;
    expect(next).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(next).not.toBe(verifyKey);
    expect((await verify(verifyKey)).status).toBe(401);
  });

  it('lets Dev (no role) request a token that Hana approves, under the sample policy', async () => {
    const post = (path: string, body: unknown) => request('POST', `/playground${path}`, own(), JSON.stringify(body));
    const emulator = site.playground.emulator;
    const policy = JSON.stringify(
      await post('/command', { user: 'U0PGDEVEL1', text: 'policy', channel: 'C0GENERAL1' }).then(() =>
        emulator.waitFor(() => emulator.responses.at(-1)),
      ),
    );
    expect(policy).toContain('refunds need two people');
    expect(policy).toContain('requests escalate to Alex');

    const opened = emulator.callsTo('views.open').length;
    await post('/command', { user: 'U0PGDEVEL1', text: 'request', channel: 'C0GENERAL1' });
    const view = (await emulator.waitFor(() => emulator.callsTo('views.open')[opened], 10_000)).response.view;
    const select = (value: string) => ({
      type: 'static_select',
      selected_option: { text: { type: 'plain_text', text: value }, value },
    });
    const values = {
      owner: { owner: select('org:acme') },
      label: { label: { type: 'plain_text_input', value: 'Dev laptop' } },
      scopes: {
        scopes: {
          type: 'multi_static_select',
          selected_options: [{ text: { type: 'plain_text', text: 'orders:read' }, value: 'orders:read' }],
        },
      },
      expiry: { expiry: select('30d') },
      reason: { reason: { type: 'plain_text_input', value: 'local testing' } },
    };
    const posted = emulator.callsTo('chat.postMessage').length;
    expect((await post('/submit', { user: 'U0PGDEVEL1', viewId: view.id, values })).status).toBe(200);
    const message = await emulator.waitFor(
      () =>
        emulator
          .callsTo('chat.postMessage')
          .slice(posted)
          .find((c) => c.args.channel === 'C0PGAPPROVE'),
      10_000,
    );
    const approve = (message.args.blocks as any[]).find((b) => b.block_id === 'token_request_decision').elements[0];
    expect(JSON.stringify(message.args.blocks)).toContain('May approve: the admins of Organization acme');
    await post('/action', {
      user: 'U0PGADMIN2',
      channel: 'C0PGAPPROVE',
      messageTs: message.response.ts,
      action: { action_id: approve.action_id, type: 'button', value: approve.value },
    });
    await emulator.waitFor(
      () =>
        emulator
          .callsTo('chat.postEphemeral')
          .some(
            (c) => c.args.user === 'U0PGDEVEL1' && JSON.stringify(c.args.blocks).includes('will not be shown again'),
          ),
      10_000,
    );
    const decided = await site.playground.tokenops.requests.find(approve.value);
    expect(decided).toMatchObject({ state: 'approved', approvals: ['U0PGADMIN2'] });
  }, 30_000);
  it('serves a sample API protected by @tokenops/verify: 401 without a token, 403 without its scope, 200 with one', async () => {
    const admin = await site.playground.tokenops.tokens.actor(WORKSPACE_ADMIN);
    const input = (label: string, scopes: string[]) => ({
      owner: 'org:acme',
      label,
      scopes,
      primaryContact: WORKSPACE_ADMIN,
    });
    const reader = await site.playground.tokenops.tokens.create(admin, input('Sample reader', ['orders:read']));
    const writer = await site.playground.tokenops.tokens.create(admin, input('Sample writer', ['orders:write']));
    const get = (secret?: string) =>
      request('GET', '/sample-api/orders', secret ? { authorization: `Bearer ${secret}` } : {});
    expect((await get()).status).toBe(401);
    expect(await get(writer.secret)).toMatchObject({ status: 403 });
    const ok = await get(reader.secret);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({
      verifiedBy: '@tokenops/verify',
      token: { tokenId: reader.token.displayId, scopes: ['orders:read'] },
    });

    // Its usage shows within seconds, in /token show and on the Home tab.
    const post = (path: string, body: unknown) => request('POST', `/playground${path}`, own(), JSON.stringify(body));
    const emulator = site.playground.emulator;
    const show = async () => {
      const answered = emulator.responses.length;
      await post('/command', { user: WORKSPACE_ADMIN, text: `show ${reader.token.displayId}`, channel: 'C0GENERAL1' });
      return JSON.stringify(await emulator.waitFor(() => emulator.responses[answered], 10_000));
    };
    const deadline = Date.now() + 15_000;
    let details = await show();
    const counted = /\*Since <!date[^>]+>\*: 1 verification \(VALID 1\)/;
    while (!counted.test(details) && Date.now() < deadline) details = await show();
    expect(details).toMatch(counted);
    await post('/home', { user: WORKSPACE_ADMIN });
    const home = await emulator.waitFor(
      () =>
        JSON.stringify(emulator.home(WORKSPACE_ADMIN)?.blocks ?? []).includes(
          `\`${reader.token.displayId}\` — Last used`,
        ) || undefined,
      10_000,
    );
    expect(home).toBe(true);
  }, 30_000);
});

describe('the playground API page', () => {
  it('shows the OpenAPI document in Swagger UI served from node_modules, with a management key of the emulated workspace that works', async () => {
    const page = await request('GET', '/playground/api-docs', {});
    expect(page.status).toBe(200);
    expect(page.body).toContain('/playground/swagger-ui/swagger-ui-bundle.js');
    expect(page.body).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[a-z]/i); // nothing from another host
    const bundle = await request('GET', '/playground/swagger-ui/swagger-ui-bundle.js', {});
    expect([bundle.status, bundle.body.length > 100_000]).toEqual([200, true]);
    const key = /tkomk_[0-9A-Za-z]{36}/.exec(page.body)![0];
    const document = await request('GET', '/openapi.json', {});
    expect(JSON.parse(document.body).openapi).toBe('3.1.0');
    const listed = await request('GET', '/v1/tokens', { authorization: `Bearer ${key}` });
    expect(listed.status).toBe(200);
    expect(JSON.parse(listed.body).tokens).toEqual(expect.any(Array));
  });

  // Last in this file: the clock moves only forward.
  it('offers a key that works after the clock moved past its 90 days, as it was asked for again', async () => {
    const keyOf = async () => /tkomk_[0-9A-Za-z]{36}/.exec((await request('GET', '/playground/api-docs', {})).body)![0];
    const listed = async (key: string) =>
      (await request('GET', '/v1/tokens', { authorization: `Bearer ${key}` })).status;
    const before = await keyOf();
    expect((await request('POST', '/playground/clock', own(), JSON.stringify({ days: 91 }))).status).toBe(200);
    expect(await listed(before)).toBe(401); // expired, as every key does
    const [after, again] = await Promise.all([keyOf(), keyOf()]); // one renewal for both
    expect(after).not.toBe(before);
    expect(again).toBe(after);
    expect(await listed(after)).toBe(200);
    expect(await keyOf()).toBe(after); // kept while it works
  });
});
