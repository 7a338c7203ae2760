// Property-based: any body, any key, any secret-like string: the verification API answers with a
// documented status and JSON, never a 5xx, and never VALID for anything that is not a secret.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateSecret } from '../../src/domain/secret.js';
import { policyBody, tokenOnlyBody } from '../../src/http/verify.js';
import { useTestApp } from '../support/testApp.js';

const app = useTestApp({ role: 'web' });

async function post(body: string, key?: string) {
  const response = await fetch(`${app.tokenops.url}/v1/tokens/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { authorization: key }) },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const secretLike = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constant(null).map(() => generateSecret('tko')), // well formed, unknown
  fc.constant(null).map(() => generateSecret('tko').slice(0, 39) + 'Z'), // bad checksum (mostly)
  fc.constantFrom('tko_', `tko_${'0'.repeat(36)}`, 'tko_' + '\u0000'.repeat(36), '__proto__'),
);

describe('POST /v1/tokens/verify with anything', () => {
  it('answers 200 with a code, or 400, for any body with a good key; never VALID', async () => {
    const body = fc.oneof(
      secretLike.map((token) => JSON.stringify({ token })),
      fc.json().map(String),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.anything().map((value) => JSON.stringify({ token: value }) ?? 'undefined'),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const { status, body: answer } = await post(text, 'Bearer test-verify-key-1');
        expect([200, 400, 429]).toContain(status);
        if (status === 200) expect(['MALFORMED', 'NOT_FOUND']).toContain(answer.code);
        else expect(typeof answer.error).toBe('string');
      }),
      { numRuns: 1500 },
    );
  }, 120_000);

  it('answers 401 (or 429 once a client keeps trying) for any wrong or malformed key', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(fc.string({ unit: 'grapheme-ascii', maxLength: 80 }), { nil: undefined }),
        async (key) => {
          const { status } = await post(JSON.stringify({ token: generateSecret('tko') }), key);
          expect([401, 429]).toContain(status);
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);
});

describe('the token-only body read without JSON.parse', () => {
  const bodies = fc.oneof(
    secretLike.map((token) => JSON.stringify({ token })),
    fc.string({ unit: 'binary', maxLength: 60 }).map((inner) => `{"token":"${inner}"}`),
    fc.json().map(String),
    fc.constantFrom('{"token":""}', '{"token":"a"}', '{"token": "tko_x"}', '{"token":"a"} ', '{"token":"\\u0041"}'),
  );

  it('reads a secret only where JSON.parse reads the same one, from a body holding nothing else', () => {
    fc.assert(
      fc.property(bodies, (text) => {
        const raw = Buffer.from(text, 'utf8');
        const fast = tokenOnlyBody(raw);
        if (fast === undefined) return;
        const parsed = JSON.parse(text) as Record<string, unknown>;
        expect(Object.keys(parsed)).toEqual(['token']);
        expect(Buffer.from(parsed.token as string, 'utf8').equals(fast)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('takes the body the SDK sends for a call without address or scopes', () => {
    const secret = generateSecret('tko');
    expect(tokenOnlyBody(Buffer.from(JSON.stringify({ token: secret })))?.toString()).toBe(secret);
    expect(tokenOnlyBody(Buffer.from(JSON.stringify({ token: secret, ip: '10.0.0.1' })))).toBeUndefined();
  });
});

describe('the body with an address or scopes read without JSON.parse', () => {
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom('', 'a"b', 'a\\b', '10.0.0.1', '::ffff:10.0.0.1', 'orders:read', 'é'),
  );
  const asSent = fc
    .record(
      { token: fc.oneof(secretLike, text), ip: text, scopes: fc.array(text, { maxLength: 4 }) },
      { requiredKeys: ['token'] },
    )
    .map((body) => JSON.stringify(body));
  const near = fc.oneof(
    asSent.map((body) => body.replace('"scopes":[', '"scopes": [')),
    asSent.map((body) => `${body} `),
    asSent.map((body) => body.replace(',"', ',"ip":"x","')),
    fc.constantFrom(
      '{"token":"a","scopes":["x",]}',
      '{"token":"a","scopes":["x"],}',
      '{"token":"a","scopes":["x""y"]}',
      '{"token":"a","scopes":[1]}',
      '{"token":"a","scopes":["x"]',
      '{"token":"a","ip":"b","ip":"c"}',
      '{"token":"a","scopes":["x"],"ip":"b"}',
      `{"token":"a","scopes":[${Array.from({ length: 101 }, () => '"s"').join(',')}]}`,
    ),
  );

  it('reads a secret, address and scopes only where JSON.parse reads the same, from a body holding nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(asSent, near, fc.json().map(String)), (body) => {
        const fast = policyBody(Buffer.from(body, 'utf8'));
        if (fast === undefined) return;
        const parsed = JSON.parse(body) as { token: string; ip?: string; scopes?: string[] };
        expect(Object.keys(parsed).every((key) => ['token', 'ip', 'scopes'].includes(key))).toBe(true);
        expect(fast.token.equals(Buffer.from(parsed.token, 'utf8'))).toBe(true);
        expect(fast.request).toEqual({ ip: parsed.ip, scopes: parsed.scopes });
        expect(fast.request.scopes?.length ?? 0).toBeLessThanOrEqual(100);
      }),
      { numRuns: 5000 },
    );
  });

  it('takes every body the SDK sends with plain strings (printable ASCII, no quote or backslash)', () => {
    const plainText = fc.string({
      unit: fc.constantFrom(...' !#$%&()*+,-./0123456789:;<=>?@AZaz[]^_`{|}~'),
      maxLength: 20,
    });
    const sent = fc.record(
      { token: plainText, ip: plainText, scopes: fc.array(plainText, { maxLength: 100 }) },
      { requiredKeys: ['token'] },
    );
    fc.assert(
      fc.property(sent, (body) => {
        const text = JSON.stringify(body);
        const fast = policyBody(Buffer.from(text));
        if (body.ip === undefined && body.scopes === undefined) return; // tokenOnlyBody's
        expect(fast).toEqual({ token: Buffer.from(body.token), request: { ip: body.ip, scopes: body.scopes } });
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the bodies the SDK sends for a call with an address, scopes or both', () => {
    const token = generateSecret('tko');
    const read = (body: object) => policyBody(Buffer.from(JSON.stringify(body)));
    expect(read({ token, ip: '203.0.113.9', scopes: ['orders:read', 'orders:write'] })).toEqual({
      token: Buffer.from(token),
      request: { ip: '203.0.113.9', scopes: ['orders:read', 'orders:write'] },
    });
    expect(read({ token, ip: '2001:db8::1' })?.request).toEqual({ ip: '2001:db8::1', scopes: undefined });
    expect(read({ token, scopes: [] })?.request).toEqual({ ip: undefined, scopes: [] });
    expect(read({ token, ip: 'é' })).toBeUndefined(); // not plain ASCII: JSON.parse reads it
  });
});
