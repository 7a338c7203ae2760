// Leak reports while Redis is down or hung (issue 22 item 2): GitHub's and GitLab's reports are
// answered and their secrets revoked within 2 s whatever Redis does; the owners' notices follow
// once Redis is back, or from the leak ledger (an outbox) when the process that took the report
// could not queue them; GitLab's throttle falls back to a bucket of the instance's own.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/domain/permissions.js';
import { digestSecret } from '../../../src/domain/secret.js';
import { GITLAB_TOKEN_TYPE } from '../../../src/domain/scannerRules.js';
import type { Tokenops } from '../../../src/tokenops.js';
import { REDIS_URL } from '../../support/databases.js';
import { newSigningKey, signBody, startGithubKeyServer } from '../../support/githubKeys.js';
import { startTcpProxy, type TcpProxy } from '../../support/tcpProxy.js';
import { useTestApp } from '../../support/testApp.js';
import { USERS, seedTenants, tokenInput } from '../../support/tenants.js';
import { codeOf } from '../../support/verification.js';

const GITLAB_KEY = 'gitlab-key-outage-0123456789';
const THROTTLED_KEY = 'gitlab-key-throttled-0123456789';
const key = newSigningKey('github-key-outage');
const env: Record<string, string> = { GITLAB_REVOCATION_API_KEYS: `${GITLAB_KEY},${THROTTLED_KEY}` };
let keyServer: Awaited<ReturnType<typeof startGithubKeyServer>>;
beforeAll(async () => {
  keyServer = await startGithubKeyServer([key]);
  env.GITHUB_SECRET_SCANNING_KEYS_URL = keyServer.url;
});
const app = useTestApp({ env });
let root: Actor;
let redis: TcpProxy;
let reporting: Tokenops;

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  for (const id of Object.values(USERS)) app.fake.addUser({ id });
  const server = new URL(REDIS_URL);
  redis = await startTcpProxy({ host: server.hostname, port: Number(server.port || 6379) });
  const proxied = new URL(REDIS_URL);
  proxied.host = `127.0.0.1:${redis.port}`;
  // A web instance whose Redis goes through the proxy; the test app's instance runs the worker.
  reporting = (await app.startInstance({ role: 'web', env: { REDIS_URL: proxied.toString() } })).tokenops;
});
afterEach(() => {
  redis.restore();
  redis.reset(); // connections that lost bytes in a blackhole are out of step
});
afterAll(() => Promise.all([keyServer.close(), redis.close()]));

/** Sends a request, and how long its answer took (failing after 10 s, instead of hanging). */
async function timed(url: string, init: RequestInit) {
  const started = Date.now();
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  return { ms: Date.now() - started, status: response.status, body: text ? JSON.parse(text) : undefined };
}

function githubReport(secret: string) {
  const body = JSON.stringify([
    {
      token: secret,
      type: 'tokenops_api_token',
      url: 'https://github.com/acme/site/blob/abc/config.js',
      source: 'commit',
    },
  ]);
  return timed(`${reporting.url}/v1/secret-scanning/github`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signBody(key, body) },
    body,
  });
}

const gitlabReport = (tokens: string[], authorization = GITLAB_KEY) =>
  timed(`${reporting.url}/v1/revoke_tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify(
      tokens.map((token) => ({
        type: GITLAB_TOKEN_TYPE,
        token,
        location: 'https://gitlab.example.com/acme/site/-/blob/main/.env',
      })),
    ),
  });

const leakOf = async (tokenId: string) =>
  (
    await app.sql(
      `SELECT applied_at IS NOT NULL AS applied, notices_queued_at IS NOT NULL AS queued FROM leaks WHERE token_id = $1`,
      [tokenId],
    )
  )[0];
const dmsAbout = (displayId: string) =>
  [...app.fake.messages.values()].filter(
    (m) => String(m.channel).startsWith('D') && JSON.stringify(m).includes(displayId),
  );

describe('a leak reported while Redis is down', () => {
  it('GitHub: answered and revoked within 2 s; the owners are told once Redis is back', async () => {
    const { token, secret } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Leaked on GitHub, Redis down', { primaryContact: USERS.acmeAdmin }),
    );
    redis.cut();
    const answer = await githubReport(secret);
    expect(answer.ms).toBeLessThan(2_000);
    expect([answer.status, answer.body[0].label]).toEqual([200, 'true_positive']);
    expect(await codeOf(app.tokenops, secret)).toBe('REVOKED');
    expect(await leakOf(token.id)).toEqual({ applied: true, queued: false });

    redis.restore();
    await app.fake.waitFor(
      () => dmsAbout(token.displayId).some((m) => m.channel === `D${USERS.acmeAdmin.slice(1)}`),
      15_000,
    );
    expect(await leakOf(token.id)).toEqual({ applied: true, queued: true });
  }, 30_000);

  for (const fault of ['cut', 'blackhole'] as const) {
    it(`GitLab: answered and revoked within 2 s (Redis ${fault === 'cut' ? 'down' : 'hung'})`, async () => {
      const { secret } = await app.tokenops.tokens.create(
        root,
        tokenInput('org:acme', `Leaked on GitLab, Redis ${fault}`),
      );
      redis[fault]();
      const answer = await gitlabReport([secret]);
      expect(answer.ms).toBeLessThan(2_000);
      expect(answer.status).toBe(204);
      expect(await codeOf(app.tokenops, secret)).toBe('REVOKED');
    });
  }

  it("GitLab: the throttle counts in a bucket of the instance's own, with the same allowance", async () => {
    redis.cut();
    const intoWindow = Date.now() % 60_000; // the burst must not straddle two one-minute windows
    if (intoWindow > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoWindow + 50));
    const statuses = [];
    for (let i = 0; i < 61; i++) statuses.push((await gitlabReport([], THROTTLED_KEY)).status);
    expect(statuses.slice(0, 60).every((status) => status === 204)).toBe(true);
    expect(statuses[60]).toBe(429);
  }, 30_000);
});

describe('the leak ledger as an outbox', () => {
  it('queues the notices of an applied leak whose reporter could not queue them, once', async () => {
    const { token, secret } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Leak left unannounced', { primaryContact: USERS.acmeAdmin }),
    );
    // What a report leaves when its process dies between applying the leak (revoked, recorded) and queueing its notices.
    await app.sql(
      `UPDATE tokens SET status = 'revoked', status_reason = 'Leaked: reported by GitHub secret scanning' WHERE id = $1`,
      [token.id],
    );
    await app.sql(
      `INSERT INTO leaks (digest, token_id, display_id, reporter, action, claimed_at, applied_at) VALUES ($1, $2, $3, 'github', 'revoke', now() - interval '1 minute', now() - interval '1 minute')`,
      [digestSecret(secret, app.config.tokenHashSecret), token.id, token.displayId],
    );
    expect(await app.tokenops.leaks.queueLateNotices()).toBe(1);
    await app.fake.waitFor(
      () => dmsAbout(token.displayId).some((m) => m.channel === `D${USERS.acmeAdmin.slice(1)}`),
      15_000,
    );
    expect(await leakOf(token.id)).toEqual({ applied: true, queued: true });
    expect(await app.tokenops.leaks.queueLateNotices()).toBe(0);
  }, 30_000);
});
