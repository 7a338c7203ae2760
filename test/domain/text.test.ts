import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateSecret } from '../../src/domain/secret.js';
import {
  findSecretShapes,
  hasUnsafeCharacters,
  normalizeName,
  redactSecrets,
  truncate,
  wellFormed,
  withoutUnsafeCharacters,
} from '../../src/domain/text.js';
import { survivesUtf8, utf16 } from '../support/utf16.js';

describe('typed text', () => {
  it('finds unsafe characters; tabs and new lines only where a text has several lines', () => {
    expect(hasUnsafeCharacters('plain text, 日本語 and emoji 🎉')).toBe(false);
    expect(
      ['\u0000', '\u001B', '\u0085', '\u200B', '\u200E', '\u202D', '\u2067', '\uFEFF', '\u061C'].map((c) =>
        hasUnsafeCharacters(`a${c}b`),
      ),
    ).toEqual(Array(9).fill(true));
    expect([hasUnsafeCharacters('a\nb'), hasUnsafeCharacters('a\nb', { multiline: true })]).toEqual([true, false]);
    expect(withoutUnsafeCharacters('a\u0000b\u202Ec\nd')).toBe('abc d');
    expect(normalizeName('  Ｔｏｋｅｎ\u3000 one ')).toBe('Token one');
  });

  it('redacts secrets and anything shaped like most of one, with any prefix', () => {
    const secret = generateSecret('tko');
    const truncated = secret.slice(0, 30);
    expect(redactSecrets(`a ${secret}, b ${truncated}; c tko_short`, 'tko')).toBe(
      'a [secret removed], b [secret removed]; c tko_short',
    );
    expect(findSecretShapes(`${secret} ${secret}`, 'tko')).toEqual([secret, secret]);
    expect(redactSecrets(generateSecret('acme'), 'acme')).toBe('[secret removed]');
    expect(redactSecrets(secret, 'acme')).toBe(secret); // another deployment's prefix is not ours
  });

  it('treats half of a surrogate pair as unsafe, but not a whole pair; free text and cuts never leave one (property)', () => {
    expect([
      hasUnsafeCharacters('a\uD800b'),
      hasUnsafeCharacters('a\uDC00'),
      hasUnsafeCharacters('\uD83D\uDE00 ok'),
    ]).toEqual([true, true, false]);
    expect(truncate('ab\uD83D\uDE00', 3)).toBe('ab');
    fc.assert(
      fc.property(utf16(), fc.nat(90), (text, max) => {
        expect(hasUnsafeCharacters(text, { multiline: true }) || survivesUtf8(text)).toBe(true);
        expect(survivesUtf8(withoutUnsafeCharacters(text))).toBe(true);
        expect(survivesUtf8(wellFormed(text))).toBe(true);
        const whole = wellFormed(text);
        const cut = truncate(whole, max);
        expect(survivesUtf8(cut)).toBe(true);
        expect(whole.startsWith(cut) && cut.length <= max && cut.length >= Math.min(whole.length, max) - 1).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });
});
