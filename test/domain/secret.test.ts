import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASE62, digestSecret, generateDisplayId, generateSecret, hasValidFormat, isDisplayId, randomBase62, sameDigest } from '../../src/domain/secret.js';

const prefixes = fc.constantFrom('tko', 'acme', 'x9');

describe('token secrets', () => {
  it('always pass their own checksum', () => {
    fc.assert(fc.property(prefixes, (prefix) => hasValidFormat(generateSecret(prefix), prefix)), { numRuns: 2_000 });
  });

  it('fail it after any single-character change', () => {
    fc.assert(
      fc.property(prefixes, fc.nat(), fc.nat(61), (prefix, at, shift) => {
        const secret = generateSecret(prefix);
        const position = prefix.length + 1 + (at % 36);
        const replacement = BASE62[(BASE62.indexOf(secret[position]!) + 1 + shift) % 62]!;
        if (replacement === secret[position]) return true;
        return !hasValidFormat(secret.slice(0, position) + replacement + secret.slice(position + 1), prefix);
      }),
      { numRuns: 5_000 },
    );
  });

  it('refuse the wrong prefix, length or alphabet', () => {
    const secret = generateSecret('tko');
    expect(hasValidFormat(secret, 'acme')).toBe(false);
    expect(hasValidFormat(secret.slice(0, -1), 'tko')).toBe(false);
    expect(hasValidFormat(`${secret}0`, 'tko')).toBe(false);
    expect(hasValidFormat(secret.replace(/.$/, '-'), 'tko')).toBe(false);
    expect(hasValidFormat(secret.replace('tko_', 'tko-'), 'tko')).toBe(false);
  });

  it('do not collide in 100,000 draws', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(generateSecret('tko'));
    expect(seen.size).toBe(100_000);
  });

  it('draw every base62 character about equally often', () => {
    const counts = new Map<string, number>();
    for (const char of randomBase62(62 * 2_000)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(1_000);
      expect(count).toBeLessThan(3_000);
    }
  });
});

describe('digests', () => {
  it('are deterministic per key, differ across keys, and compare in constant time', () => {
    const secret = generateSecret('tko');
    const a = digestSecret(secret, 'key-one');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(digestSecret(secret, 'key-one')).toBe(a);
    expect(digestSecret(secret, 'key-two')).not.toBe(a);
    expect(sameDigest(a, digestSecret(secret, 'key-one'))).toBe(true);
    expect(sameDigest(a, digestSecret(secret, 'key-two'))).toBe(false);
    expect(sameDigest(a, a.slice(1))).toBe(false);
  });
});

describe('display ids', () => {
  it('look like tok_ + 10 base62 and are distinct', () => {
    const ids = new Set(Array.from({ length: 10_000 }, generateDisplayId));
    expect(ids.size).toBe(10_000);
    expect([...ids].every(isDisplayId)).toBe(true);
    expect(isDisplayId('tok_123')).toBe(false);
  });
});
