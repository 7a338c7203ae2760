// Bad input on every management endpoint: malformed JSON, unknown fields, wrong types, oversize
// bodies, another media type, wrong, revoked or missing keys; then fast-check throws anything
// at it. Every answer is a documented one (problem+json), never a 5xx; the openapi check
// (test/support/openapiCheck.ts) holds each one to the document.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSecret, managementKeyPrefix } from '../../src/domain/secret.js';
import { MAX_BODY_BYTES } from '../../src/http/management/routes.js';
import { useTestApp } from '../support/testApp.js';
import { USERS, seedTenants } from '../support/tenants.js';
import { api, createKey, createToken } from '../support/management.js';

const app = useTestApp({ role: 'web', env: { MANAGEMENT_RATE_LIMIT: '100000' } });
let key: string;
let tokenId: string;

beforeAll(async () => {
  await seedTenants(app.tokenops);
  key = (await createKey(app, USERS.workspaceAdmin, 'workspace', 'fuzz')).secret;
  tokenId = (await createToken(app, key, 'org:acme', 'Fuzzed')).body.id;
});

const WITH_BODY: Array<[string, string]> = [
  ['POST', '/v1/tokens'],
  ['PATCH', '/v1/tokens/{id}'],
  ...['revoke', 'disable', 'enable', 'extend', 'reset'].map((op): [string, string] => [
    'POST',
    `/v1/tokens/{id}/${op}`,
  ]),
];
const ALL: Array<[string, string]> = [
  ...WITH_BODY,
  ['GET', '/v1/tokens'],
  ['GET', '/v1/tokens/{id}'],
  ['DELETE', '/v1/tokens/{id}'],
  ['GET', '/v1/audit'],
];
const at = (path: string) => path.replace('{id}', tokenId);
const problemType = (answer: { body: { type?: string } }) => answer.body.type?.replace('urn:tokenops:problem:', '');

describe('management API bad input', () => {
  it('refuses malformed JSON, unknown fields, wrong types, another media type and oversize bodies on every endpoint with a body', async () => {
    for (const [method, path] of WITH_BODY) {
      const malformed = await api(app, key, method, at(path), '{"label": ');
      expect([method, path, malformed.status, problemType(malformed)]).toEqual([method, path, 400, 'invalid-request']);
      const unknown = await api(app, key, method, at(path), { colour: 'blue' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors).toContainEqual(expect.objectContaining({ code: 'unknown_field' }));
      const wrongType = await api(
        app,
        key,
        method,
        at(path),
        path.endsWith('enable') ? [] : { reason: 42, label: 42, owner: 42, expiry: 42 },
      );
      expect(wrongType.status).toBe(400);
      const xml = await api(app, key, method, at(path), '<token/>', { 'content-type': 'application/xml' });
      expect(xml.status).toBe(415);
      const huge = await api(app, key, method, at(path), JSON.stringify({ label: 'x'.repeat(MAX_BODY_BYTES) }));
      expect([huge.status, problemType(huge)]).toEqual([413, 'body-too-large']);
    }
  });

  it('answers 401 problem+json to a missing, wrong, made-up or token-shaped key on every endpoint', async () => {
    const wrong = [
      null,
      'nope',
      generateSecret(managementKeyPrefix('tko')),
      generateSecret('tko'),
      `${key.slice(0, -1)}x`,
    ];
    for (const [method, path] of ALL) {
      for (const presented of wrong) {
        const answer = await api(
          app,
          presented,
          method,
          at(path),
          method === 'GET' || method === 'DELETE' ? undefined : {},
        );
        expect([401, 429]).toContain(answer.status);
        if (answer.status === 401) expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      }
    }
  });

  it('refuses bad query parameters and cursors, and unknown ids with 404', async () => {
    for (const query of [
      'status=lost',
      'limit=0',
      'limit=1000',
      'limit=x',
      'created=yesterday',
      'cursor=%%%',
      'cursor=bm9wZQ',
      'shape=round',
    ]) {
      expect((await api(app, key, 'GET', `/v1/tokens?${query}`)).status, query).toBe(400);
    }
    expect((await api(app, key, 'GET', '/v1/tokens/tok_nothere00')).status).toBe(404);
    expect((await api(app, key, 'GET', '/v1/tokens/%E0%A4%A')).status).toBe(404);
    expect((await api(app, key, 'POST', '/v1/tokens/../revoke', {})).status).toBe(404);
  });

  it('answers an unknown /v1 path 404 and a wrong method 405 (with Allow) as problem documents; other paths as before', async () => {
    for (const path of ['/v1', '/v1/nothing', '/v1/tokens/tok_x/frobnicate']) {
      const answer = await api(app, key, 'GET', path);
      expect([path, answer.status, answer.headers.get('content-type'), answer.body.type]).toEqual([
        path,
        404,
        'application/problem+json; charset=utf-8',
        'urn:tokenops:problem:not-found',
      ]);
    }
    for (const [method, path, allow] of [
      ['PUT', '/v1/tokens', 'GET, POST'],
      ['POST', `/v1/tokens/${tokenId}`, 'GET, PATCH, DELETE'],
      ['GET', `/v1/tokens/${tokenId}/revoke`, 'POST'],
      ['POST', '/v1/audit', 'GET'],
    ] as const) {
      const answer = await api(app, key, method, path);
      expect([method, path, answer.status, answer.headers.get('allow'), answer.body.type]).toEqual([
        method,
        path,
        405,
        allow,
        'urn:tokenops:problem:method-not-allowed',
      ]);
    }
    const health = await api(app, null, 'POST', '/healthz');
    expect([health.status, health.headers.get('allow'), health.body]).toEqual([
      405,
      'GET',
      { error: 'method_not_allowed' },
    ]);
    expect((await api(app, null, 'GET', '/nothing')).body).toEqual({ error: 'not_found' });
  });

  it('refuses a bad Idempotency-Key, and one replayed with another body (422)', async () => {
    const disable = (body: object, idempotencyKey: string) =>
      api(app, key, 'POST', `/v1/tokens/${tokenId}/disable`, body, { 'idempotency-key': idempotencyKey });
    const long = await disable({}, 'k'.repeat(300));
    expect(long.status).toBe(400);
    const first = await disable({ reason: 'a' }, 'same');
    expect(first.status).toBe(200);
    const replay = await disable({ reason: 'a' }, 'same');
    expect([replay.status, replay.headers.get('idempotent-replayed')]).toEqual([200, 'true']);
    const other = await disable({ reason: 'b' }, 'same');
    expect([other.status, problemType(other)]).toEqual([422, 'idempotency-key-reused']);
    const elsewhere = await api(app, key, 'POST', `/v1/tokens/${tokenId}/enable`, {}, { 'idempotency-key': 'same' });
    expect(elsewhere.status).toBe(422);
  });

  it('answers anything with a documented status, never a 5xx (fast-check)', async () => {
    const endpoint = fc.constantFrom(...WITH_BODY);
    const body = fc.oneof(
      fc.json().map(String),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc
        .record(
          {
            owner: fc.oneof(fc.string(), fc.constantFrom('org:acme', 'domain:shop.acme.test', 'org:', ':x')),
            label: fc.string({ unit: 'binary' }),
            scopes: fc.array(fc.string()),
            primary_contact: fc.string(),
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
      fc
        .record(
          {
            expiry: fc.string(),
            expiry_date: fc.string(),
            reason: fc.string({ unit: 'binary' }),
            grace: fc.string(),
            developer_emails: fc.array(fc.string()),
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
      fc
        .record(
          {
            allowed_ips: fc.array(
              fc.oneof(
                fc.ipV4(),
                fc.ipV6(),
                fc.ipV4().map((ip) => `${ip}/${ip.length % 33}`),
                fc.string(),
              ),
            ),
            rate_limit: fc.oneof(
              fc.constant(null),
              fc.string(),
              fc.nat().map((n) => `${n}/min`),
            ),
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
      fc.anything().map((v) => JSON.stringify(v) ?? 'null'),
    );
    await fc.assert(
      fc.asyncProperty(endpoint, body, async ([method, path], text) => {
        const answer = await api(app, key, method, at(path), text);
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400) expect(answer.headers.get('content-type')).toContain('application/problem+json');
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('answers 429 with Retry-After once a key passes its rate (MANAGEMENT_RATE_LIMIT a minute)', async () => {
    const { tokenops } = await app.startInstance({
      role: 'web',
      env: { MANAGEMENT_RATE_LIMIT: '5', REDIS_PREFIX: `${app.config.redisPrefix}-rate` },
    });
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await api({ tokenops }, key, 'GET', '/v1/tokens?limit=1')).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const limited = await api({ tokenops }, key, 'GET', '/v1/tokens');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.type).toBe('urn:tokenops:problem:rate-limited');
  });
});
