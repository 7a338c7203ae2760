import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASE62, generateSecret, hasValidFormat as serverSays } from '../../../src/domain/secret.js';
import { hasValidFormat } from '../src/format.js';

const prefixes = fc.constantFrom('tko', 'acme', 'x9');

describe('the local format check', () => {
  it('accepts every secret tokenops makes', () => {
    fc.assert(
      fc.property(prefixes, (prefix) => hasValidFormat(generateSecret(prefix), prefix)),
      { numRuns: 1_000 },
    );
  });

  it("agrees with tokenops' own check on altered, cut, lengthened and foreign-prefixed secrets", () => {
    const variants = fc.tuple(
      prefixes,
      fc.nat(50),
      fc.nat(61),
      fc.constantFrom('replace', 'cut', 'append', 'prefix', 'case'),
    );
    fc.assert(
      fc.property(variants, ([prefix, at, shift, how]) => {
        const secret = generateSecret(prefix);
        const i = at % secret.length;
        const altered =
          how === 'replace'
            ? secret.slice(0, i) + BASE62[(BASE62.indexOf(secret[i]!) + 1 + shift) % 62] + secret.slice(i + 1)
            : how === 'cut'
              ? secret.slice(0, i)
              : how === 'append'
                ? secret + BASE62[shift]
                : how === 'prefix'
                  ? `tkx${secret.slice(3)}`
                  : secret.toUpperCase();
        expect(hasValidFormat(altered, prefix)).toBe(serverSays(altered, prefix));
      }),
      { numRuns: 3_000 },
    );
  });

  it('refuses what is not a secret at all', () => {
    for (const text of ['', 'tko_', 'Bearer x', `tko_${'0'.repeat(36)}`, `tko_${'é'.repeat(36)}`])
      expect(hasValidFormat(text, 'tko')).toBe(false);
  });
});
