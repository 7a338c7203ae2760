// The list's help names its filters as the parser takes them (src/slack/listeners/commands/parse.ts).
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { parseListFilter } from '../../src/slack/listeners/commands/parse.js';

describe('a list searched by words', () => {
  it('says each word is looked for, not the phrase', () => {
    expect(translator('en')('list.words', { words: ['billing', 'sync'] })).toBe('name contains “billing” and “sync”');
    expect(translator('ja')('list.words', { words: ['請求', '連携'] })).toBe('トークン名に「請求」と「連携」を含む');
  });

  it('leaves out what took the place of a pasted secret: it is no word to search for', () => {
    expect(parseListFilter(['billing', '[secret', 'removed]', 'sync'])).toEqual({
      filter: { words: ['billing', 'sync'] },
    });
  });
});

describe('an unknown list filter', () => {
  it('says unused: takes 1 to 9999 days, as the parser does', () => {
    expect(translator('en')('list.badFilter', { part: 'unused:0d' })).toContain(
      '`unused:&lt;days&gt;d` (1 to 9999 days)',
    );
    expect(translator('ja')('list.badFilter', { part: 'unused:0d' })).toContain('`unused:&lt;days&gt;d`（1〜9999 日）');
    for (const days of ['1d', '9999d']) expect(parseListFilter([`unused:${days}`])).not.toHaveProperty('bad');
    for (const days of ['0d', '10000d']) expect(parseListFilter([`unused:${days}`])).toHaveProperty('bad');
    // Values in any case, as words are.
    expect(parseListFilter(['Status:Enabled', 'CREATED:7D', 'unused:30D'])).toMatchObject({
      filter: { status: 'enabled', created: '7d', unusedDays: 30 },
    });
  });
});
