import { describe, expect, it, vi } from 'vitest';
import { VerificationCache, cacheKeyOf, type Entry } from '../../src/verification/cache.js';
import { monotonicMs } from '../../src/verification/databaseClock.js';
import type { VerifiedToken } from '../../src/domain/verification.js';
import { allowListOf } from '../../src/domain/policy.js';

const token = (
  tokenId: string,
  status: VerifiedToken['status'] = 'enabled',
  digest = `digest-of-${tokenId}`,
): Entry => ({
  digest,
  found: {
    tokenId,
    status,
    expiresAt: null,
    secretExpiresAt: null,
    allowList: null,
    rateLimit: null,
    summary: {
      id: 'tok_x',
      label: 'x',
      owner: { type: 'organization', organization: 'acme', domain: null },
      scopes: [],
      apiVersion: '2026-01',
      expiresAt: null,
    },
  },
  body: '{"valid":true}',
});

function currentCache() {
  const cache = new VerificationCache(750);
  cache.currentAsOf(monotonicMs());
  return cache;
}

describe('VerificationCache', () => {
  it('a fill loses against an invalidation of its token processed after its lookup began', () => {
    const cache = currentCache();
    const begun = cache.begin(); // lookup starts, reads the token while it is still enabled
    cache.invalidate(['token-1']); // meanwhile the token is disabled: no entry to drop yet
    cache.fill('digest-1', token('token-1', 'enabled', 'digest-1'), begun); // the slow lookup ends
    expect(cache.get('digest-1')).toBeUndefined();
    // a lookup that began after the change may fill
    cache.fill('digest-1', token('token-1', 'disabled', 'digest-1'), cache.begin());
    expect(cache.get('digest-1')?.found?.status).toBe('disabled');
  });

  it('a fill of an unknown digest loses against an invalidation naming that digest', () => {
    const cache = currentCache();
    const begun = cache.begin();
    cache.invalidate(['token-2', 'digest-2']); // a secret with this digest was just inserted
    cache.fill('digest-2', { digest: 'digest-2', found: null }, begun);
    expect(cache.get('digest-2')).toBeUndefined();
  });

  it('invalidations of other tokens do not stop a fill, and an invalidation drops every digest of its token', () => {
    const cache = currentCache();
    const begun = cache.begin();
    cache.invalidate(['token-other']);
    cache.fill('digest-a', token('token-3', 'enabled', 'digest-a'), begun);
    cache.fill('digest-b', token('token-3', 'enabled', 'digest-b'), cache.begin());
    expect(cache.get('digest-a')).toBeDefined();
    cache.invalidate(['token-3']);
    expect([cache.get('digest-a'), cache.get('digest-b')]).toEqual([undefined, undefined]);
  });

  it('remembers invalidations across its rotations, and refuses fills older than what it remembers', () => {
    vi.useFakeTimers({ now: Date.now(), toFake: ['Date', 'performance'] });
    try {
      const cache = currentCache();
      const begun = cache.begin();
      cache.invalidate(['token-4']);
      vi.advanceTimersByTime(6_000);
      cache.invalidate(['token-5']); // first rotation: token-4 is still remembered
      cache.currentAsOf(monotonicMs());
      cache.fill('digest-4', token('token-4', 'enabled', 'digest-4'), begun);
      expect(cache.get('digest-4')).toBeUndefined();
      vi.advanceTimersByTime(6_000);
      cache.invalidate(['token-6']); // second rotation: token-4 forgotten, so old fills are refused
      cache.currentAsOf(monotonicMs());
      cache.fill('digest-4', token('token-4', 'enabled', 'digest-4'), begun);
      expect(cache.get('digest-4')).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('serves only while a feed poll started less than the bound ago', () => {
    vi.useFakeTimers({ now: Date.now(), toFake: ['Date', 'performance'] });
    try {
      const cache = new VerificationCache(750);
      cache.fill('digest-7', token('token-7', 'enabled', 'digest-7'), cache.begin());
      expect(cache.get('digest-7')).toBeUndefined(); // never polled: not provably current
      cache.currentAsOf(monotonicMs());
      expect(cache.get('digest-7')).toBeDefined();
      vi.advanceTimersByTime(749);
      expect(cache.serving).toBe(true);
      vi.advanceTimersByTime(1);
      expect(cache.get('digest-7')).toBeUndefined();
      expect(cache.serving).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('measures the bound on the monotonic clock: a step of the wall clock neither stretches nor cuts it', () => {
    vi.useFakeTimers({ now: Date.now(), toFake: ['Date', 'performance'] });
    try {
      const cache = new VerificationCache(750);
      cache.fill('digest-11', token('token-11', 'enabled', 'digest-11'), cache.begin());
      cache.currentAsOf(monotonicMs());
      vi.setSystemTime(Date.now() - 600_000); // an NTP correction steps the wall clock back 10 minutes
      expect(cache.serving).toBe(true);
      vi.advanceTimersByTime(750);
      expect(cache.get('digest-11')).toBeUndefined();
      cache.currentAsOf(monotonicMs());
      vi.setSystemTime(Date.now() + 1_200_000); // and forward 20
      expect(cache.get('digest-11')).toBeDefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('an entry is found by its secret and dropped by a change naming its HMAC digest or its token', () => {
    const cache = currentCache();
    const [first, second] = [cacheKeyOf('tko_first'), cacheKeyOf('tko_second')];
    cache.fill(first, token('token-10', 'enabled', 'hmac-first'), cache.begin());
    cache.fill(second, { digest: 'hmac-second', found: null }, cache.begin());
    expect(cache.get(first)?.found?.tokenId).toBe('token-10');
    expect(cache.get(second)).toEqual(expect.objectContaining({ found: null }));
    cache.invalidate(['hmac-second']); // a secret with this digest was inserted: the negative answer goes
    expect(cache.get(second)).toBeUndefined();
    expect(cache.get(first)).toBeDefined();
    cache.invalidate(['token-10']);
    expect(cache.get(first)).toBeUndefined();
    cache.fill(first, token('token-10', 'enabled', 'hmac-first'), cache.begin());
    cache.invalidate(['hmac-first']); // a reset replaced this secret
    expect(cache.get(first)).toBeUndefined();
  });

  it('clear() forgets everything, fills in flight included', () => {
    const cache = currentCache();
    const begun = cache.begin();
    cache.fill('digest-8', token('token-8', 'enabled', 'digest-8'), cache.begin());
    cache.clear();
    cache.fill('digest-9', token('token-9', 'enabled', 'digest-9'), begun);
    expect([cache.get('digest-8'), cache.get('digest-9')]).toEqual([undefined, undefined]);
  });

  it('evicts the least recently read entries at its byte bound, and serves none it evicted', () => {
    vi.useFakeTimers({ now: Date.now(), toFake: ['Date', 'performance'] });
    try {
      // Room for three entries of the smallest estimate (800 bytes + 3 per body character).
      const cache = new VerificationCache(60_000, 3 * 842);
      cache.currentAsOf(monotonicMs());
      for (const n of [1, 2, 3]) cache.fill(`key-${n}`, token(`token-${n}`), cache.begin());
      vi.advanceTimersByTime(1_000);
      expect(cache.get('key-1')).toBeDefined(); // read: now the most recent
      cache.fill('key-4', token('token-4'), cache.begin());
      // (`knows` reads without making an entry recent)
      expect(['key-1', 'key-2', 'key-3', 'key-4'].map((key) => cache.knows(key))).toEqual([true, false, true, true]);
      expect(cache.get('key-2')).toBeUndefined();
      cache.invalidate(['token-2']); // an evicted entry's token changing costs nothing and breaks nothing
      cache.fill('key-2', token('token-2'), cache.begin());
      expect(['key-1', 'key-2', 'key-3', 'key-4'].map((key) => cache.knows(key))).toEqual([true, true, false, true]);
      expect(cache.get('key-3')).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('holds 10,000 tokens with a 50-range allow-list within its default bound', () => {
    const ranges = [
      ...Array.from({ length: 25 }, (_, i) => `10.${i}.0.0/16`),
      ...Array.from({ length: 25 }, (_, i) => `2001:db8:${i.toString(16)}::/48`),
    ];
    const cache = currentCache();
    const keys = Array.from({ length: 10_000 }, (_, n) => `key-${n}`);
    for (const [n, key] of keys.entries()) {
      const entry = token(`token-${n}`);
      entry.found!.allowList = allowListOf(ranges);
      entry.body = `{"valid":true,"code":"VALID","token":${JSON.stringify(entry.found!.summary)}}`;
      cache.fill(key, entry, cache.begin());
    }
    expect(keys.filter((key) => cache.get(key) === undefined)).toEqual([]);
  });
});
