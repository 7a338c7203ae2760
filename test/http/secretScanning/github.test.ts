// POST /v1/secret-scanning/github end to end: GitHub's keys served on loopback, signed reports,
// the real database, Redis, job worker and fake Slack.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/domain/permissions.js';
import { generateSecret } from '../../../src/domain/secret.js';
import type { Tokenops } from '../../../src/tokenops.js';
import { useTestApp } from '../../support/testApp.js';
import { scanForSecret, NOWHERE } from '../../support/secretScan.js';
import { startSmtp } from '../../support/smtp.js';
import { USERS, seedTenants, tokenInput } from '../../support/tenants.js';
import { newSigningKey, signBody, startGithubKeyServer, type SigningKey } from '../../support/githubKeys.js';

const APPROVALS = 'C0APPROVAL';
const env: Record<string, string> = { APPROVALS_CHANNEL_ID: APPROVALS, EMAIL_FROM: 'tokenops@acme.test' };
let keyServer: Awaited<ReturnType<typeof startGithubKeyServer>>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const key: SigningKey = newSigningKey('github-key-1');
const stranger: SigningKey = newSigningKey('github-key-1'); // same id, a key GitHub never published

beforeAll(async () => {
  [keyServer, smtp] = await Promise.all([startGithubKeyServer([key]), startSmtp()]);
  env.GITHUB_SECRET_SCANNING_KEYS_URL = keyServer.url;
  env.SMTP_URL = smtp.url;
});
const app = useTestApp({ env });
afterAll(() => Promise.all([keyServer.close(), smtp.close()]));

let root: Actor;
let second: Tokenops;
beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  for (const id of Object.values(USERS)) app.fake.addUser({ id, locale: id === USERS.shopAdmin ? 'ja-JP' : 'en-US' });
  app.fake.addChannel(APPROVALS);
  second = (await app.startInstance({ role: 'web' })).tokenops;
});

async function report(
  instance: Tokenops,
  items: unknown[],
  signer: SigningKey = key,
  tamper?: (body: string) => string,
) {
  const body = JSON.stringify(items);
  const response = await fetch(`${instance.url}/v1/secret-scanning/github`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signBody(signer, body) },
    body: tamper ? tamper(body) : body,
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function verifyCode(instance: Tokenops, secret: string): Promise<string> {
  const response = await fetch(`${instance.url}/v1/tokens/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer test-verify-key-1' },
    body: JSON.stringify({ token: secret }),
  });
  return ((await response.json()) as { code: string }).code;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const item = (secret: string, url = 'https://github.com/acme/site/blob/abc123/config.js#L3') => ({
  token: secret,
  type: 'tokenops_api_token',
  url,
  source: 'commit',
});

async function liveToken(label: string, more: Record<string, unknown> = {}) {
  const issued = await app.tokenops.tokens.create(
    root,
    tokenInput('domain:shop.acme.test', label, { primaryContact: USERS.acmeAdmin, ...more }),
  );
  // Both instances have verified it (and cached it) before the leak.
  expect(await verifyCode(app.tokenops, issued.secret)).toBe('VALID');
  expect(await verifyCode(second, issued.secret)).toBe('VALID');
  return issued;
}

/** DMs and channel messages Slack holds about a token. */
const messagesAbout = (displayId: string) =>
  [...app.fake.messages.values()].filter((m) => JSON.stringify(m).includes(displayId));

describe('signature', () => {
  it('refuses unsigned, tampered and wrongly keyed reports with nothing done', async () => {
    const { token, secret } = await liveToken('Tamper target');
    const body = JSON.stringify([item(secret)]);
    const post = (headers: Record<string, string>, text = body) =>
      fetch(`${app.tokenops.url}/v1/secret-scanning/github`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: text,
      }).then((r) => r.status);

    expect(await post({})).toBe(401);
    expect((await report(app.tokenops, [item(secret)], key, (b) => b.replace('commit', 'commjt'))).status).toBe(401);
    expect(
      await post({
        ...signBody(key, body),
        'GITHUB-PUBLIC-KEY-SIGNATURE': signBody(key, `${body} `)['GITHUB-PUBLIC-KEY-SIGNATURE'],
      }),
    ).toBe(401);
    expect(await post({ ...signBody(key, body), 'GITHUB-PUBLIC-KEY-IDENTIFIER': 'github-key-2' })).toBe(401);
    expect((await report(app.tokenops, [item(secret)], stranger)).status).toBe(401);

    expect(await verifyCode(app.tokenops, secret)).toBe('VALID');
    expect(await app.sql(`SELECT count(*)::int AS n FROM leaks`)).toEqual([{ n: 0 }]);
    expect(
      await app.sql(`SELECT action FROM audit_events WHERE display_id = $1 ORDER BY created_at`, [token.displayId]),
    ).toEqual([{ action: 'token.create' }]);
  });

  it('answers 400 to a signed body that is not the report array', async () => {
    expect((await report(app.tokenops, [{ token: 1 }])).status).toBe(400);
    expect((await report(app.tokenops, { token: 'x' } as unknown as unknown[])).status).toBe(400);
  });
});

describe('a leaked live secret', () => {
  it('is revoked on every instance within a second, audited with where it leaked, and labelled true_positive', async () => {
    const { token, secret } = await liveToken('Leaky', { developerEmails: 'dev@acme.test' });
    const started = Date.now();
    const answer = await report(app.tokenops, [item(secret)]);
    expect(answer).toEqual({
      status: 200,
      body: [{ token_hash: sha256(secret), token_type: 'tokenops_api_token', label: 'true_positive' }],
    });
    for (const instance of [app.tokenops, second]) {
      while ((await verifyCode(instance, secret)) !== 'REVOKED') {
        expect(Date.now() - started).toBeLessThan(1_000);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    const audit = await app.sql(
      `SELECT actor, action, reason, changes FROM audit_events WHERE display_id = $1 AND action <> 'token.create' ORDER BY created_at`,
      [token.displayId],
    );
    expect(audit).toMatchObject([
      {
        actor: 'tokenops:leak-scanner',
        action: 'token.revoke',
        changes: { status: { before: 'enabled', after: 'revoked' } },
      },
      {
        actor: 'tokenops:leak-scanner',
        action: 'token.leak',
        changes: {
          leak: { after: { reporter: 'github', location: item(secret).url, origin: 'commit', action: 'revoke' } },
        },
      },
    ]);
    expect(JSON.stringify(audit[0])).toContain(item(secret).url);
  });

  it('tells every admin, the contact and the creator, the developers and the approvals channel exactly once under repeats and concurrent reports', async () => {
    const { token, secret } = await liveToken('Popular leak', { developerEmails: 'one@acme.test, two@acme.test' });
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, () => report(app.tokenops, [item(secret)])),
      ...Array.from({ length: 4 }, () => report(second, [item(secret), item(secret)])),
    ]);
    for (const answer of answers)
      expect(answer.body.every((f: { label: string }) => f.label === 'true_positive')).toBe(true);
    expect((await report(app.tokenops, [item(secret, 'https://github.com/acme/other/blob/x/y')])).body[0].label).toBe(
      'true_positive',
    );

    const people = [USERS.workspaceAdmin, USERS.acmeAdmin, USERS.shopAdmin]; // workspace, org and domain admins; acmeAdmin is the contact, root the creator
    await app.fake.waitFor(
      () =>
        people.every((u) => messagesAbout(token.displayId).some((m) => m.channel === `D${u.slice(1)}`)) &&
        messagesAbout(token.displayId).some((m) => m.channel === APPROVALS),
      15_000,
    );
    // Leak e-mails (the revocation's own change e-mail goes to them too, as for any revocation).
    const leakMails = () => smtp.received.filter((m) => m.raw.includes(token.displayId) && m.raw.includes('leaked'));
    await app.fake.waitFor(() => leakMails().length >= 2, 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // anything more would show by now
    const byChannel = messagesAbout(token.displayId)
      .map((m) => m.channel)
      .sort();
    expect(byChannel).toEqual([APPROVALS, ...people.map((u) => `D${u.slice(1)}`)].sort());
    expect(
      leakMails()
        .map((m) => m.to)
        .sort(),
    ).toEqual([['one@acme.test'], ['two@acme.test']]);
    expect(
      await app.sql(
        `SELECT count(*)::int AS n FROM audit_events WHERE display_id = $1 AND action IN ('token.revoke', 'token.leak')`,
        [token.displayId],
      ),
    ).toEqual([{ n: 2 }]);
    expect(
      await app.sql(`SELECT count(*)::int AS n FROM audit_events WHERE display_id = $1 AND outcome = 'refused'`, [
        token.displayId,
      ]),
    ).toEqual([{ n: 0 }]);

    // What people read: where it leaked, that it is revoked, and Duplicate as the way to a new one.
    const dm = messagesAbout(token.displayId).find((m) => m.channel === `D${USERS.acmeAdmin.slice(1)}`)!;
    expect(dm.text).toContain('https://github.com/acme/site/blob/abc123/config.js#L3');
    expect(dm.text).toContain('revoked');
    expect(JSON.stringify(dm.blocks)).toContain(`"value":"duplicate:${token.displayId}"`);
    expect(JSON.stringify(dm.blocks)).not.toContain('reminder_reset'); // a revoked token cannot be reset
    const ja = messagesAbout(token.displayId).find((m) => m.channel === `D${USERS.shopAdmin.slice(1)}`)!;
    expect(ja.text).toContain('漏えいしました（報告元：GitHub のシークレットスキャン、場所：');
  }, 40_000);

  it('never shows up in logs, the database, Redis, job payloads or Slack', async () => {
    const { token, secret } = await liveToken('Scanned');
    await report(app.tokenops, [item(secret)]);
    await app.fake.waitFor(() => messagesAbout(token.displayId).length >= 3, 15_000);
    expect(await scanForSecret(app, secret)).toEqual(NOWHERE);
  }, 30_000);
});

describe('labels', () => {
  it('says false_positive for unknown, malformed and already revoked secrets, and acts on nothing', async () => {
    const { token, secret } = await liveToken('Revoked before');
    await app.sql(`UPDATE tokens SET status = 'revoked' WHERE id = $1`, [token.id]); // this app has an approvals channel: revoked at once here
    const unknown = generateSecret('tko');
    const answer = await report(app.tokenops, [
      item(unknown),
      item('tko_short'),
      item(`${secret.slice(0, -1)}x`),
      item(secret),
      item('ghp_notours'),
    ]);
    expect(answer.body.map((f: { label: string }) => f.label)).toEqual(Array(5).fill('false_positive'));
    expect(await app.sql(`SELECT count(*)::int AS n FROM leaks WHERE display_id = $1`, [token.displayId])).toEqual([
      { n: 0 },
    ]);
  });

  it('counts reports by source and label in /metrics', async () => {
    const text = await (await fetch(`${app.tokenops.url}/metrics`)).text();
    expect(text).toMatch(/tokenops_leak_reports_total\{source="github",label="false_positive"\} [1-9]/);
    expect(text).toMatch(/tokenops_leak_reports_total\{source="github",label="true_positive"\} [1-9]/);
  });
});

describe('LEAK_ACTION', () => {
  it('disable: the token stops working but can be reset; notify: it keeps working and people are told to reset it', async () => {
    const disabling = (await app.startInstance({ role: 'web', env: { LEAK_ACTION: 'disable' } })).tokenops;
    const notifying = (await app.startInstance({ role: 'web', env: { LEAK_ACTION: 'notify' } })).tokenops;
    const a = await liveToken('Disable on leak');
    const b = await liveToken('Notify on leak');
    expect((await report(disabling, [item(a.secret)])).body[0].label).toBe('true_positive');
    expect((await report(notifying, [item(b.secret)])).body[0].label).toBe('true_positive');
    expect(await verifyCode(app.tokenops, a.secret)).toBe('DISABLED');
    expect(await verifyCode(app.tokenops, b.secret)).toBe('VALID');
    expect(
      await app.sql(`SELECT display_id, action FROM leaks WHERE display_id IN ($1, $2) ORDER BY action`, [
        a.token.displayId,
        b.token.displayId,
      ]),
    ).toEqual([
      { display_id: a.token.displayId, action: 'disable' },
      { display_id: b.token.displayId, action: 'notify' },
    ]);
    const dm = await app.fake.waitFor(
      () => messagesAbout(b.token.displayId).find((m) => m.channel === `D${USERS.acmeAdmin.slice(1)}`),
      15_000,
    );
    expect(dm.text).toContain('still works');
    expect(JSON.stringify(dm.blocks)).toContain('reminder_reset');
  }, 30_000);
});
