import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BASE62,
  digestSecret,
  generateDisplayId,
  generateSecret,
  hasValidFormat,
  isDisplayId,
  randomBase62,
  sameDigest,
} from '../../src/domain/secret.js';

const prefixes = fc.constantFrom('tko', 'acme', 'x9');
const BODY = 36; // 30 random + 6 checksum characters after `<prefix>_`

describe('token secrets', () => {
  it('always pass their own checksum', () => {
    fc.assert(
      fc.property(prefixes, (prefix) => hasValidFormat(generateSecret(prefix), prefix)),
      { numRuns: 2_000 },
    );
  });

  it('end with the CRC32 of everything before, in 6 big-endian base62 digits', () => {
    for (const prefix of ['tko', 'acme']) {
      const secret = generateSecret(prefix);
      expect(secret).toMatch(new RegExp(`^${prefix}_[0-9A-Za-z]{${BODY}}$`));
      const digits = secret.slice(-6);
      const value = [...digits].reduce((sum, char) => sum * 62 + BASE62.indexOf(char), 0);
      expect(value).toBe(crc32(secret.slice(0, -6)));
    }
  });

  it('fail it after any single-character change', () => {
    fc.assert(
      fc.property(prefixes, fc.nat(BODY - 1), fc.nat(60), (prefix, at, shift) => {
        const secret = generateSecret(prefix);
        const position = prefix.length + 1 + at;
        // 1..61 steps round the alphabet: always a different base62 character.
        const replacement = BASE62[(BASE62.indexOf(secret[position]!) + 1 + shift) % 62]!;
        expect(replacement).not.toBe(secret[position]);
        return !hasValidFormat(secret.slice(0, position) + replacement + secret.slice(position + 1), prefix);
      }),
      { numRuns: 5_000 },
    );
  });

  it('fail it with any character outside base62', () => {
    // Mostly ASCII (the likely typos), some anywhere in Unicode.
    const codePoint = fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 0x7f }), weight: 3 },
      fc.integer({ min: 0x80, max: 0x10ffff }),
    );
    const outsider = codePoint.map((code) => String.fromCodePoint(code)).filter((char) => !BASE62.includes(char));
    fc.assert(
      fc.property(prefixes, fc.nat(BODY - 1), outsider, (prefix, at, char) => {
        const secret = generateSecret(prefix);
        const position = prefix.length + 1 + at;
        return !hasValidFormat(secret.slice(0, position) + char + secret.slice(position + 1), prefix);
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuse the wrong prefix, length or separator', () => {
    const secret = generateSecret('tko');
    expect(hasValidFormat(secret, 'acme')).toBe(false);
    expect(hasValidFormat(secret, 'tk')).toBe(false);
    expect(hasValidFormat(`x${secret}`, 'tko')).toBe(false);
    expect(hasValidFormat(secret.slice(0, -1), 'tko')).toBe(false);
    expect(hasValidFormat(`${secret}0`, 'tko')).toBe(false);
    expect(hasValidFormat(`${secret}\n`, 'tko')).toBe(false);
    expect(hasValidFormat(secret.replace('tko_', 'tko-'), 'tko')).toBe(false);
    expect(hasValidFormat('', 'tko')).toBe(false);
    // Regex characters in a prefix are literal.
    expect(hasValidFormat(generateSecret('a.c'), 'a.c')).toBe(true);
    expect(hasValidFormat(generateSecret('abc'), 'a.c')).toBe(false);
  });

  it('refuse made-up strings', () => {
    // A random body passes the checksum with odds of 1 in 62^6 (about 1.8e-11): never, here.
    fc.assert(
      fc.property(prefixes, fc.string(), (prefix, text) => !hasValidFormat(`${prefix}_${text}`, prefix)),
      { numRuns: 2_000 },
    );
  });

  it('do not collide in 100,000 draws', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(generateSecret('tko'));
    expect(seen.size).toBe(100_000);
  });
});

describe('randomBase62', () => {
  it('gives exactly the length asked, in the alphabet', () => {
    fc.assert(
      fc.property(fc.nat(300), (length) => {
        const text = randomBase62(length);
        return text.length === length && [...text].every((char) => BASE62.includes(char));
      }),
    );
    expect(() => randomBase62(-1)).toThrow(RangeError);
    expect(() => randomBase62(2.5)).toThrow(RangeError);
  });

  it('draws every character about equally often', () => {
    // Mean 2,000, standard deviation about 44: the 50%-150% bounds are over 20 deviations away.
    const counts = new Map<string, number>();
    for (const char of randomBase62(62 * 2_000)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...BASE62].sort());
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(1_000);
      expect(count).toBeLessThan(3_000);
    }
  });
});

describe('digests', () => {
  it('are deterministic per key and differ across keys', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (one, two) => {
        fc.pre(one !== two);
        const secret = generateSecret('tko');
        const digest = digestSecret(secret, one);
        return (
          /^[0-9a-f]{64}$/.test(digest) && digestSecret(secret, one) === digest && digestSecret(secret, two) !== digest
        );
      }),
      { numRuns: 500 },
    );
  });

  it('compare equal only when identical', () => {
    const secret = generateSecret('tko');
    const a = digestSecret(secret, 'key-one');
    expect(sameDigest(a, digestSecret(secret, 'key-one'))).toBe(true);
    expect(sameDigest(a, digestSecret(secret, 'key-two'))).toBe(false);
    expect(sameDigest(a, digestSecret(generateSecret('tko'), 'key-one'))).toBe(false);
    expect(sameDigest(a, a.slice(1))).toBe(false);
    expect(sameDigest(a, `${a}0`)).toBe(false);
    expect(sameDigest('', '')).toBe(true);
  });
});

describe('display ids', () => {
  it('look like tok_ + 10 base62 and are distinct', () => {
    const ids = new Set(Array.from({ length: 10_000 }, generateDisplayId));
    expect(ids.size).toBe(10_000);
    expect([...ids].every(isDisplayId)).toBe(true);
    for (const bad of [
      'tok_123',
      'tok_12345678901',
      'tko_1234567890',
      'tok_12345-7890',
      ' tok_1234567890',
      'tok_1234567890\n',
    ]) {
      expect(isDisplayId(bad)).toBe(false);
    }
  });
});
