// SSRF rules: in production, https only and public addresses only, checked on the URL, after DNS
// resolution and at connection time; WEBHOOK_ALLOWED_HOSTS lifts the address rule for its hosts;
// outside production, http and local receivers are fine.
import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  destinationProblem,
  guardedLookup,
  isAllowedHost,
  isPublicAddress,
} from '../../../src/notify/webhooks/destination.js';
import { createSender } from '../../../src/notify/webhooks/send.js';
import { startReceiver } from '../../support/webhookReceiver.js';

const production = { production: true, allowedHosts: [] };
const resolvesTo = (...addresses: string[]) =>
  ((_host: string, _options: object, callback: (error: NodeJS.ErrnoException | null, found: LookupAddress[]) => void) =>
    callback(
      addresses.length ? null : Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }),
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    )) as never;

describe('addresses', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    'not an address',
  ])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
  it.each(['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
  it('matches allowed hosts with or without a port', () => {
    expect(isAllowedHost(new URL('https://hooks.internal:8443/x'), ['hooks.internal:8443'])).toBe(true);
    expect(isAllowedHost(new URL('https://hooks.internal:9000/x'), ['hooks.internal:8443'])).toBe(false);
    expect(isAllowedHost(new URL('https://hooks.internal/x'), ['hooks.internal'])).toBe(true);
    expect(isAllowedHost(new URL('https://hooks.internal/x'), ['HOOKS.internal:443'])).toBe(true);
    expect(isAllowedHost(new URL('https://evil.hooks.internal/x'), ['hooks.internal'])).toBe(false);
  });
});

describe('a URL added in production', () => {
  it('must be https, without credentials', async () => {
    expect(await destinationProblem('http://example.com/hook', production, resolvesTo('93.184.216.34'))).toBe('scheme');
    expect(await destinationProblem('https://user:pw@example.com/hook', production, resolvesTo('93.184.216.34'))).toBe(
      'credentials',
    );
    expect(await destinationProblem('not a url', production)).toBe('malformed');
    expect(
      await destinationProblem('https://example.com/hook', production, resolvesTo('93.184.216.34')),
    ).toBeUndefined();
  });
  it('must resolve to public addresses only', async () => {
    expect(await destinationProblem('https://127.0.0.1/hook', production)).toBe('private_address');
    expect(await destinationProblem('https://[::1]/hook', production)).toBe('private_address');
    expect(await destinationProblem('https://metadata.example/hook', production, resolvesTo('169.254.169.254'))).toBe(
      'private_address',
    );
    expect(
      await destinationProblem('https://mixed.example/hook', production, resolvesTo('93.184.216.34', '10.0.0.8')),
    ).toBe('private_address');
    expect(await destinationProblem('https://nowhere.example/hook', production, resolvesTo())).toBe('unresolvable');
  });
  it('may be private when its host is allowed', async () => {
    const rules = { production: true, allowedHosts: ['hooks.internal:8443', '10.0.0.8'] };
    expect(await destinationProblem('https://hooks.internal:8443/hook', rules, resolvesTo('10.0.0.7'))).toBeUndefined();
    expect(await destinationProblem('https://10.0.0.8/hook', rules)).toBeUndefined();
    expect(await destinationProblem('https://hooks.internal:9999/hook', rules, resolvesTo('10.0.0.7'))).toBe(
      'private_address',
    );
    expect(await destinationProblem('http://hooks.internal:8443/hook', rules, resolvesTo('10.0.0.7'))).toBe('scheme');
  });
  it('outside production, http and local receivers are fine', async () => {
    expect(
      await destinationProblem('http://127.0.0.1:8080/hook', { production: false, allowedHosts: [] }),
    ).toBeUndefined();
  });
});

describe('a delivery in production', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => (receiver = await startReceiver()));
  afterAll(() => receiver.close());

  it('checks the address again when it connects (DNS may have changed since)', async () => {
    const lookup = guardedLookup(resolvesTo('93.184.216.34', '127.0.0.1'));
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      lookup('rebound.example', {}, (e) => resolve(e)),
    );
    expect(error?.code).toBe('EADDRNOTPUBLIC');
  });

  it('never reaches a loopback receiver, by name or by address, unless its host is allowed', async () => {
    const port = new URL(receiver.url).port;
    const sender = createSender(production, { timeoutMs: 1_000 });
    try {
      expect(await sender.post(`https://127.0.0.1:${port}/x`, {}, '{}')).toEqual({
        ok: false,
        error: 'url refused: private_address',
      });
      expect(await sender.post(`https://localhost:${port}/x`, {}, '{}')).toEqual({
        ok: false,
        error: 'url refused: private_address',
      });
      expect(await sender.post(`${receiver.url}/x`, {}, '{}')).toEqual({ ok: false, error: 'url refused: scheme' });
      expect(receiver.received).toHaveLength(0);
    } finally {
      sender.close();
    }
    const allowed = createSender({ production: true, allowedHosts: [`127.0.0.1:${port}`] }, { timeoutMs: 1_000 });
    try {
      // Let through to the receiver, which speaks plain HTTP: the TLS handshake fails there.
      const outcome = await allowed.post(`https://127.0.0.1:${port}/x`, {}, '{}');
      expect(outcome).toMatchObject({ ok: false, error: expect.stringMatching(/^connection failed/) });
    } finally {
      allowed.close();
    }
  });

  it('reads at most a few KiB of an answer, and gives up on one that never comes', async () => {
    const sender = createSender({ production: false, allowedHosts: [] }, { timeoutMs: 500 });
    try {
      receiver.answer(() => 'fail'); // 100 KB of body
      expect(await sender.post(`${receiver.url}/big`, {}, '{}')).toEqual({
        ok: false,
        status: 500,
        error: 'answered 500',
      });
      receiver.answer(() => 'hang');
      expect(await sender.post(`${receiver.url}/slow`, {}, '{}')).toEqual({
        ok: false,
        error: 'no answer within 0.5 s',
      });
      receiver.answer(() => 'redirect');
      expect(await sender.post(`${receiver.url}/moved`, {}, '{}')).toEqual({
        ok: false,
        status: 307,
        error: 'redirect (307) not followed',
      });
      expect(receiver.received.map((r) => r.path)).toEqual(['/big', '/slow', '/moved']);
    } finally {
      sender.close();
    }
  });
});
