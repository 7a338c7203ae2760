// The answer cache's bookkeeping: a token's keys (one address or several) all dropped by its
// change, also after some were evicted; shared parts kept once; kept answers frozen.
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
const LONG_AGO = -1e12;

describe('AnswerCache', () => {
  it('drops every key of a changed token, from one address or several, and no other token’s', () => {
    const cache = new AnswerCache(10);
    const keys = ['203.0.113.1', '203.0.113.2', '203.0.113.3'].map((ip) => keyOf('tko_secret', ip));
    for (const key of keys) cache.fill(key, valid('tok_a'), Infinity, LONG_AGO);
    cache.fill(keyOf('tko_other', undefined), valid('tok_b'), Infinity, LONG_AGO);
    cache.invalidate('tok_a');
    expect(keys.map((key) => cache.get(key))).toEqual([undefined, undefined, undefined]);
    expect(cache.get(keyOf('tko_other', undefined))?.answer.token.id).toBe('tok_b');
  });

  it('keeps the index true when the LRU evicts some of a token’s keys', () => {
    const cache = new AnswerCache(2);
    const [a1, a2, b] = [keyOf('tko_a', '1.1.1.1'), keyOf('tko_a', '2.2.2.2'), keyOf('tko_b', undefined)];
    cache.fill(a1, valid('tok_a'), Infinity, LONG_AGO);
    cache.fill(a2, valid('tok_a'), Infinity, LONG_AGO);
    cache.fill(b, valid('tok_b'), Infinity, LONG_AGO); // evicts a1
    expect(cache.get(a1)).toBeUndefined();
    cache.invalidate('tok_a');
    expect([cache.get(a2), cache.size]).toEqual([undefined, 1]);
    cache.fill(a1, valid('tok_a'), Infinity, performance.now() - 10); // asked for before the change: not kept
    expect(cache.get(a1)).toBeUndefined();
  });

  it('keeps parts tokens share once, and answers frozen', () => {
    const cache = new AnswerCache(10);
    cache.fill('k1', valid('tok_a'), Infinity, LONG_AGO);
    cache.fill('k2', valid('tok_b'), Infinity, LONG_AGO);
    const [one, two] = [cache.get('k1')!.answer, cache.get('k2')!.answer];
    expect(one.token.owner).toBe(two.token.owner);
    expect(one.token.scopes).toBe(two.token.scopes);
    expect(Object.isFrozen(one) && Object.isFrozen(one.token) && Object.isFrozen(one.token.scopes)).toBe(true);
    expect(one).toEqual(valid('tok_a'));
  });
});
