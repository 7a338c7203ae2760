// Signature checks against keys served over HTTP as GitHub serves them, including GitHub's own
// published sample (payload, signature and key from its partner program documentation).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GithubKeys } from '../../../src/http/secretScanning/githubKeys.js';
import { newSigningKey, signBody, startGithubKeyServer } from '../../support/githubKeys.js';

type Sample = { payload: string; signature: string; keyIdentifier: string; publicKeyPem: string };
const sample = JSON.parse(readFileSync(new URL('./fixtures/github-sample.json', import.meta.url), 'utf8')) as Sample;

const first = newSigningKey('test-key-1');
let server: Awaited<ReturnType<typeof startGithubKeyServer>>;

beforeAll(async () => {
  server = await startGithubKeyServer([first, { id: sample.keyIdentifier, publicKeyPem: sample.publicKeyPem }]);
});
afterAll(() => server.close());

const flip = (base64: string, at: number) => {
  const bytes = Buffer.from(base64, 'base64');
  bytes.writeUInt8(bytes.readUInt8(at) ^ 0x01, at);
  return bytes.toString('base64');
};

describe('GithubKeys', () => {
  it("accepts GitHub's published sample signature with GitHub's published key", async () => {
    const keys = new GithubKeys({ url: server.url });
    expect(await keys.check(Buffer.from(sample.payload), sample.keyIdentifier, sample.signature)).toBe('valid');
  });

  it('refuses any tampering with the sample: body, signature or key id', async () => {
    const keys = new GithubKeys({ url: server.url });
    const body = Buffer.from(sample.payload);
    expect(
      await keys.check(
        Buffer.from(sample.payload.replace('some_token', 'some_tokem')),
        sample.keyIdentifier,
        sample.signature,
      ),
    ).toBe('invalid');
    expect(await keys.check(Buffer.concat([body, Buffer.from(' ')]), sample.keyIdentifier, sample.signature)).toBe(
      'invalid',
    );
    expect(await keys.check(body, sample.keyIdentifier, flip(sample.signature, 20))).toBe('invalid');
    expect(await keys.check(body, sample.keyIdentifier, 'bm90IGEgc2lnbmF0dXJl')).toBe('invalid');
    expect(await keys.check(body, sample.keyIdentifier, '%%%')).toBe('invalid');
    expect(await keys.check(body, first.id, sample.signature)).toBe('invalid'); // another of GitHub's keys
    expect(await keys.check(body, 'no-such-key', sample.signature)).toBe('invalid');
    expect(await keys.check(body, undefined, sample.signature)).toBe('invalid');
    expect(await keys.check(body, sample.keyIdentifier, undefined)).toBe('invalid');
  });

  it('fetches the keys once for many requests, and again for an unknown key id, at most once per interval', async () => {
    const keys = new GithubKeys({ url: server.url, minRefetchMs: 500 });
    const body = '[{"token":"x","type":"t","url":"u"}]';
    const before = server.fetches;
    const checks = await Promise.all(
      Array.from({ length: 20 }, () =>
        keys.check(Buffer.from(body), first.id, signBody(first, body)['GITHUB-PUBLIC-KEY-SIGNATURE']),
      ),
    );
    expect(checks.every((c) => c === 'valid')).toBe(true);
    expect(server.fetches - before).toBe(1);

    // GitHub rotates in a new key: the first request signed with it fetches the list again.
    const second = newSigningKey('test-key-2');
    server.setKeys([second, first]);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await keys.check(Buffer.from(body), second.id, signBody(second, body)['GITHUB-PUBLIC-KEY-SIGNATURE'])).toBe(
      'valid',
    );
    expect(server.fetches - before).toBe(2);

    // Forged key ids cannot make us hammer GitHub: no refetch within the interval.
    const forged = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        keys.check(Buffer.from(body), `forged-${i}`, signBody(first, body)['GITHUB-PUBLIC-KEY-SIGNATURE']),
      ),
    );
    expect(forged.every((c) => c === 'invalid')).toBe(true);
    expect(server.fetches - before).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(
      await keys.check(Buffer.from(body), 'forged-again', signBody(first, body)['GITHUB-PUBLIC-KEY-SIGNATURE']),
    ).toBe('invalid');
    expect(server.fetches - before).toBe(3);
  });

  it('says the keys are unavailable when they cannot be fetched, rather than that the signature is bad', async () => {
    const keys = new GithubKeys({ url: 'http://127.0.0.1:1/keys', timeoutMs: 1_000 });
    const body = '[]';
    expect(await keys.check(Buffer.from(body), first.id, signBody(first, body)['GITHUB-PUBLIC-KEY-SIGNATURE'])).toBe(
      'keys_unavailable',
    );
  });
});
