// The language a reader gets: from their Slack locale, or from an API caller's Accept-Language by
// q-value (RFC 9110), among the two we speak; English when neither is acceptable.
import { describe, expect, it } from 'vitest';
import { languageOf } from '../../src/i18n/index.js';

describe('languageOf', () => {
  it('reads a Slack locale', () => {
    expect(languageOf('ja-JP')).toBe('ja');
    expect(languageOf('en-US')).toBe('en');
    expect(languageOf('fr-FR')).toBe('en');
    expect(languageOf(undefined)).toBe('en');
  });

  it('picks the acceptable language with the highest q-value, the first listed among equals', () => {
    for (const [header, language] of [
      ['fr, ja;q=0.9', 'ja'],
      ['fr-CH, fr;q=0.9, en;q=0.8, ja;q=0.7', 'en'],
      ['ja;q=0.5, en;q=0.9', 'en'],
      ['en;q=0.5, JA-jp;Q=0.6', 'ja'],
      ['ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7', 'ja'],
      ['en, ja', 'en'],
      ['ja, en', 'ja'],
      ['ja;q=0, fr', 'en'], // not acceptable at all
      ['*;q=0.5, en;q=0.1', 'ja'], // `*` stands for the languages not listed
      ['*', 'en'],
      ['en-GB;q=0.1, en;q=0.9, ja;q=0.5', 'en'], // the best range of a language, not its first
      ['', 'en'],
    ] as const) {
      expect([header, languageOf(header)]).toEqual([header, language]);
    }
  });
});
