// The answer cache's bookkeeping: an answer per secret and address; a token's keys (one address
// or several) all dropped by its change, also after some were evicted; the bound kept, recently
// used answers kept longest; shared parts kept once; kept answers frozen.
import { describe, expect, it } from 'vitest';
import type { VerifiedToken } from '../src/answer.js';
import { AnswerCache, keyOf } from '../src/cache.js';

const token = (id: string): VerifiedToken => ({
  id,
  label: id,
  owner: { type: 'organization', organization: 'acme', domain: null },
  scopes: ['orders:read'],
  apiVersion: '2026-01',
  expiresAt: null,
});
const valid = (id: string) => ({ valid: true, code: 'VALID' as const, token: token(id) });
const forbidden = (id: string) => ({ valid: false, code: 'FORBIDDEN' as const, token: token(id) });
const LONG_AGO = -1e12;
const FOREVER = { notAfter: Infinity, revisitAt: Infinity };

describe('AnswerCache', () => {
  it('keys by a hash of the secret alone, never the secret', () => {
    const key = keyOf('tko_secret');
    expect(key).not.toContain('tko_secret');
    expect(key).toHaveLength(32); // SHA-256, a character a byte
    expect(keyOf('tko_secret')).toBe(key);
    expect(keyOf('tko_secres')).not.toBe(key);
  });

  it('keeps an answer per address: one address’s answer is never another’s, nor the no-address one', () => {
    const cache = new AnswerCache(10);
    const key = keyOf('tko_secret');
    cache.fill(key, '203.0.113.1', valid('tok_a'), FOREVER, LONG_AGO);
    cache.fill(key, '203.0.113.2', forbidden('tok_a'), FOREVER, LONG_AGO);
    expect(cache.get(key, '203.0.113.1')?.answer.code).toBe('VALID');
    expect(cache.get(key, '203.0.113.2')?.answer.code).toBe('FORBIDDEN');
    expect(cache.get(key, '203.0.113.3')).toBeUndefined();
    expect(cache.get(key, undefined)).toBeUndefined();
    cache.fill(key, undefined, valid('tok_a'), FOREVER, LONG_AGO);
    expect(cache.get(key, undefined)?.answer.code).toBe('VALID');
    expect(cache.get(keyOf('tko_other'), '203.0.113.1')).toBeUndefined();
    expect(cache.size).toBe(3);
  });

  it('forgets the answer of one address, the first one’s too, and no other', () => {
    const cache = new AnswerCache(10);
    const key = keyOf('tko_secret');
    cache.fill(key, '203.0.113.1', valid('tok_a'), FOREVER, LONG_AGO);
    cache.fill(key, '203.0.113.2', valid('tok_a'), FOREVER, LONG_AGO);
    cache.forget(key, '203.0.113.2');
    expect(cache.get(key, '203.0.113.2')).toBeUndefined();
    expect(cache.get(key, '203.0.113.1')?.answer.code).toBe('VALID');
    cache.forget(key, '203.0.113.1');
    expect(cache.get(key, '203.0.113.1')).toBeUndefined();
    expect(cache.size).toBe(0);
    cache.invalidate('tok_a'); // its index holds nothing stale
    expect(cache.size).toBe(0);
  });

  it('drops every key of a changed token, from one address or several, and no other token’s', () => {
    const cache = new AnswerCache(10);
    const key = keyOf('tko_secret');
    const ips = ['203.0.113.1', '203.0.113.2', '203.0.113.3'];
    for (const ip of ips) cache.fill(key, ip, valid('tok_a'), FOREVER, LONG_AGO);
    cache.fill(keyOf('tko_other'), undefined, valid('tok_b'), FOREVER, LONG_AGO);
    cache.invalidate('tok_a');
    expect(ips.map((ip) => cache.get(key, ip))).toEqual([undefined, undefined, undefined]);
    expect(cache.get(keyOf('tko_other'), undefined)?.answer.token.id).toBe('tok_b');
    expect(cache.size).toBe(1);
  });

  it('keeps the index true when the bound evicts some of a token’s keys, the first address’s too', () => {
    const cache = new AnswerCache(2);
    const [a, b] = [keyOf('tko_a'), keyOf('tko_b')];
    cache.fill(a, '1.1.1.1', valid('tok_a'), FOREVER, LONG_AGO);
    cache.fill(a, '2.2.2.2', valid('tok_a'), FOREVER, LONG_AGO);
    cache.fill(b, undefined, valid('tok_b'), FOREVER, LONG_AGO); // evicts a from 1.1.1.1
    expect(cache.get(a, '1.1.1.1')).toBeUndefined();
    expect(cache.get(a, '2.2.2.2')?.answer.token.id).toBe('tok_a'); // still found without the first
    cache.invalidate('tok_a');
    expect([cache.get(a, '2.2.2.2'), cache.size]).toEqual([undefined, 1]);
    cache.fill(a, '1.1.1.1', valid('tok_a'), FOREVER, performance.now() - 10); // asked for before the change: not kept
    expect(cache.get(a, '1.1.1.1')).toBeUndefined();
  });

  it('holds at most its bound, evicting answers not asked for before those asked for', () => {
    const cache = new AnswerCache(100);
    const keys = Array.from({ length: 100 }, (_, i) => keyOf(`tko_${i}`));
    keys.forEach((key, i) => cache.fill(key, undefined, valid(`tok_${i}`), FOREVER, LONG_AGO));
    const asked = keys.filter((_, i) => i % 2 === 0);
    for (const key of asked) cache.get(key, undefined);
    for (let i = 100; i < 150; i++) cache.fill(keyOf(`tko_${i}`), undefined, valid(`tok_${i}`), FOREVER, LONG_AGO);
    expect(cache.size).toBe(100);
    expect(asked.every((key) => cache.get(key, undefined))).toBe(true);
    expect(keys.filter((_, i) => i % 2 === 1).some((key) => cache.get(key, undefined))).toBe(false);
    // Dropped answers leave the token index too: a change of an evicted token touches nothing.
    cache.invalidate('tok_1');
    expect(cache.size).toBe(100);
  });

  it('keeps parts tokens share once, and answers frozen', () => {
    const cache = new AnswerCache(10);
    cache.fill('k1', undefined, valid('tok_a'), FOREVER, LONG_AGO);
    cache.fill('k2', undefined, valid('tok_b'), FOREVER, LONG_AGO);
    const [one, two] = [cache.get('k1', undefined)!.answer, cache.get('k2', undefined)!.answer];
    expect(one.token.owner).toBe(two.token.owner);
    expect(one.token.scopes).toBe(two.token.scopes);
    expect(Object.isFrozen(one) && Object.isFrozen(one.token) && Object.isFrozen(one.token.scopes)).toBe(true);
    expect(one).toEqual(valid('tok_a'));
  });
});
