// The management API with its database out of reach mid-call: answered as a problem document
// (503 unavailable, Retry-After), never a bare 500 or a request held open, and nothing is changed.
// The instance under test reaches PostgreSQL (or PgBouncer) through a TCP proxy that resets a
// connection, or loses its answers, as it sends a chosen query; the test app's own instance seeds
// and checks.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PGBOUNCER_URL, SERVER_URL } from '../support/databases.js';
import { api, createKey, createToken } from '../support/management.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';
import { USERS, seedTenants } from '../support/tenants.js';
import { useTestApp, type TestApp } from '../support/testApp.js';

const app = useTestApp();
let database: TcpProxy;
let key: string;
let instance: Pick<TestApp, 'tokenops'>;

beforeAll(async () => {
  await seedTenants(app.tokenops);
  key = (await createKey(app, USERS.workspaceAdmin, 'workspace', 'unreachable')).secret;
  const databaseUrl = new URL(PGBOUNCER_URL ? app.databaseUrl.replace(SERVER_URL, PGBOUNCER_URL) : app.databaseUrl);
  database = await startTcpProxy({ host: databaseUrl.hostname, port: Number(databaseUrl.port || 5432) });
  databaseUrl.host = `127.0.0.1:${database.port}`;
  instance = await app.startInstance({ role: 'web', env: { DATABASE_URL: databaseUrl.toString() } });
});
afterEach(() => database.restore());
afterAll(() => database?.close());

describe('management API with the database connection lost mid-call', () => {
  it('answers 503 unavailable with Retry-After, as a problem document, and changes nothing', async () => {
    const { body: token } = await createToken(app, key, 'org:acme', 'Lost mid-change');
    database.resetOn(/FOR UPDATE OF t/); // the change's lock on the token
    const disabled = await api(instance, key, 'POST', `/v1/tokens/${token.id}/disable`);
    expect([disabled.status, disabled.headers.get('content-type'), disabled.body?.type]).toEqual([
      503,
      'application/problem+json; charset=utf-8',
      'urn:tokenops:problem:unavailable',
    ]);
    expect(Number(disabled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await api(app, key, 'GET', `/v1/tokens/${token.id}`)).body.status).toBe('enabled');
    database.resetOn(/FROM tokens t JOIN organizations/); // the list's one query (with words: not prepared)
    const listed = await api(instance, key, 'GET', '/v1/tokens?q=lost');
    expect([listed.status, listed.body?.type]).toEqual([503, 'urn:tokenops:problem:unavailable']);
    expect((await api(instance, key, 'GET', '/v1/tokens')).status).toBe(200); // the next call reconnects
  });

  it('answers 503 unavailable when the database stops answering, within the call’s 10 s', async () => {
    database.loseAnswersAfter(/FROM tokens t JOIN organizations/);
    const started = Date.now();
    const listed = await api(instance, key, 'GET', '/v1/tokens?q=lost');
    expect([listed.status, listed.body?.type]).toEqual([503, 'urn:tokenops:problem:unavailable']);
    expect(Date.now() - started).toBeLessThan(12_000);
  }, 20_000);
});
