// A token's history in words (issue 23, item 4): every kind of entry, done or refused, in both
// languages, with its values, and a date's tense told against now.
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/domain/audit.js';
import { translator, type Language } from '../../../src/i18n/index.js';
import { auditMessage } from '../../../src/slack/views/audit.js';
import { AUDIT_ACTIONS, everyAuditEntry, NOW, resetEntries } from '../../support/everyMessage.js';

/** The history's lines, one per entry (after the heading). */
const lines = (language: Language, entries: AuditEntry[]) =>
  auditMessage(translator(language), 'tok_AbCdEf1234', entries, NOW)
    .blocks.slice(1)
    .flatMap((block) => (block.type === 'section' && block.text ? block.text.text.split('\n') : []));

/** Every entry's line: the history shows 40 entries at a time. */
const allLines = (language: Language, entries: AuditEntry[]) =>
  Array.from({ length: Math.ceil(entries.length / 40) }, (_, page) =>
    lines(language, entries.slice(page * 40, page * 40 + 40)),
  ).flat();

const at = (line: string) => line.replace(/^<!date\^\d+\^[^>]*> /, '');

describe.each<Language>(['en', 'ja'])('the history in %s', (language) => {
  const entries = everyAuditEntry();

  it('has one sentence per entry, every action in words: no event code, no empty value', () => {
    expect(lines(language, entries)).toHaveLength(40);
    const all = allLines(language, entries);
    for (const line of all.map(at)) {
      expect(line).not.toMatch(
        /\b(token|revocation|tenants)\.[a-z]|undefined|null|NaN|\[object |``|\(\)|（）|「」| {2}|\s[.,。、]|: $|：。|を に| が。/,
      );
      expect(line).toMatch(/^(<@U0ALEX0001>|tokenops) /);
      // Half-width words stand apart from Japanese (「許可する IP を変更」), as everywhere in the UI.
      if (language === 'ja') expect(line).not.toMatch(/[A-Za-z][をがにはの]/);
    }
    expect(AUDIT_ACTIONS.length).toBeGreaterThan(25);
    expect(all).toHaveLength(entries.length);
  });

  it('says how many entries it leaves out', () => {
    const more = auditMessage(translator(language), 'tok_AbCdEf1234', entries, NOW).blocks.at(-1)!;
    expect(JSON.stringify(more)).toContain(translator(language)('audit.more', { shown: 40, total: entries.length }));
    const few = auditMessage(translator(language), 'tok_AbCdEf1234', entries.slice(0, 40), NOW).blocks.at(-1)!;
    expect(few.type).toBe('section');
  });

  it('says what was done, with its values', () => {
    const text = allLines(language, entries).join('\n');
    for (const value of [
      '2025-01',
      '2026-01',
      'tok_SoUrCe0001',
      'paused for the audit',
      'no longer used',
      'still used by the warehouse',
      'https://github.com/acme/app/blob/main/.env',
      'channel_not_found',
      '<@U0YUKI0001>',
    ]) {
      expect(text).toContain(value);
    }
    expect(text).toMatch(/<!date\^1803684480\^/); // the new expiry of the extension
  });

  it('says why an attempt was refused, with the values it was refused with', () => {
    const refused = allLines(
      language,
      entries.filter((entry) => entry.outcome === 'refused'),
    );
    expect(
      refused.every((line) =>
        (language === 'en' ? / tried to .+ — refused: / : / による.+は拒否されました（理由：.+）。$/).test(line),
      ),
    ).toBe(true);
    const text = refused.join('\n');
    for (const value of ['365', '2026-01', '64', 'dev@', 'orders:delete']) expect(text).toContain(value);
  });

  it('tells the old secret of a reset in the tense of now', () => {
    const [future, past] = lines(language, [resetEntries.future, resetEntries.past]);
    if (language === 'en') {
      expect(future).toContain('the old one works until <!date');
      expect(past).toContain('the old one worked until <!date');
    } else {
      expect(future).toMatch(/以前のシークレットは <!date[^>]*> まで使えます）。$/);
      expect(past).toMatch(/以前のシークレットは <!date[^>]*> まで使えました）。$/);
    }
  });
});

describe('the old secret of a reset, ended by a later change', () => {
  const HOUR = 3_600_000;
  const reset = (at: number, graceHours?: number): AuditEntry => ({
    ...resetEntries.future,
    id: `reset-${at}`,
    createdAt: new Date(NOW.getTime() + at * HOUR),
    changes: {
      secret: {
        before: 'previous',
        after: 'new',
        oldSecretsValidUntil:
          graceHours === undefined ? null : new Date(NOW.getTime() + (at + graceHours) * HOUR).toISOString(),
      } as never,
    },
  });
  const later = (action: AuditEntry['action'], at: number): AuditEntry => ({
    ...resetEntries.future,
    id: `${action}-${at}`,
    action,
    changes: {},
    createdAt: new Date(NOW.getTime() + at * HOUR),
  });
  const history = (entries: AuditEntry[], now: Date) =>
    auditMessage(translator('en'), 'tok_AbCdEf1234', entries, now)
      .blocks.slice(1)
      .flatMap((block) => (block.type === 'section' && block.text ? block.text.text.split('\n') : []));
  const dateOf = (hours: number) => `<!date^${(NOW.getTime() + hours * HOUR) / 1000}^`;

  it('is told as ended when a later reset or revocation ended it, before its grace period', () => {
    // A week's grace at 0, then a reset that stopped it at once at 1 (newest first).
    const [second, first] = history([reset(1), reset(0, 168)], new Date(NOW.getTime() + 2 * HOUR));
    expect(first).toContain(`reset its secret; the old one worked until ${dateOf(1)}`);
    expect(second).toContain('the old one stopped at once');
    // Ended by the later reset's own grace period (24 h from 2), still running at 3.
    const [, graced] = history([reset(2, 24), reset(0, 168)], new Date(NOW.getTime() + 3 * HOUR));
    expect(graced).toContain(`the old one works until ${dateOf(26)}`);
    // Two later resets: the one that ends it first counts, not the nearest.
    const [, , third] = history([reset(2), reset(1, 24), reset(0, 168)], new Date(NOW.getTime() + 3 * HOUR));
    expect(third).toContain(`the old one worked until ${dateOf(2)}`);
    const [, , shorter] = history([reset(2, 24), reset(1, 168), reset(0, 168)], new Date(NOW.getTime() + 3 * HOUR));
    expect(shorter).toContain(`the old one works until ${dateOf(26)}`);
    const [, revoked] = history([later('token.revoke', 5), reset(0, 168)], new Date(NOW.getTime() + 6 * HOUR));
    expect(revoked).toContain(`the old one worked until ${dateOf(5)}`);
  });

  it('keeps its grace period when the later reset was undone (its secret reached nobody)', () => {
    const lines = history(
      [later('token.reset.void', 1.5), reset(1), reset(0, 168)],
      new Date(NOW.getTime() + 2 * HOUR),
    );
    expect(lines[2]).toContain(`the old one works until ${dateOf(168)}`);
  });
});

describe('the history in Japanese', () => {
  it('names refused operations as nouns, and the events as the glossary does', () => {
    const t = translator('ja');
    const refused = (action: AuditEntry['action'], reason: string, snapshot?: AuditEntry['snapshot']) =>
      at(
        lines('ja', [
          { id: '1', createdAt: NOW, actor: 'U0ALEX0001', action, outcome: 'refused', reason, snapshot },
        ])[0]!,
      );
    expect(refused('token.revoke', 'token_revoked')).toBe(
      '<@U0ALEX0001> によるトークンの取り消しは拒否されました（理由：トークンは取り消し済みです）。',
    );
    expect(refused('token.extend', 'expiry_beyond_policy', { params: { expiry_beyond_policy: { max: 365 } } })).toBe(
      '<@U0ALEX0001> による有効期限の延長は拒否されました（理由：有効期間がポリシーの上限の 365 日間を超えています）。',
    );
    expect(
      refused('token.upgrade', 'version_unchanged', { params: { version_unchanged: { version: '2026-01' } } }),
    ).toBe(
      '<@U0ALEX0001> による API バージョンの変更は拒否されました（理由：すでに API バージョン 2026-01 を使用しています）。',
    );
    const done = allLines(
      'ja',
      everyAuditEntry().filter((entry) => entry.outcome === 'ok'),
    ).map(at);
    expect(done).toContain('<@U0ALEX0001> が説明、開発者のメールアドレスを変更しました。');
    expect(done).toContain('<@U0ALEX0001> が `tok_SoUrCe0001` の複製としてトークンを作成しました。');
    expect(done).toContain('<@U0ALEX0001> が別のトークンの複製として作成しました。');
    expect(done).toContain('<@U0ALEX0001> がトークンを再び有効化しました。');
    expect(done).toContain('<@U0ALEX0001> が API バージョンを 2025-01 から 2026-01 に変更しました。');
    expect(done).toContain(
      `tokenops がシークレットの漏えいを記録しました（報告元：${t('leak.reporter.github')}、場所：https://github.com/acme/app/blob/main/.env）。`,
    );
  });
});

describe('an edit and a refused edit in the history', () => {
  const edited = (changes: AuditEntry['changes']): AuditEntry => ({
    id: '1',
    createdAt: NOW,
    actor: 'U0ALEX0001',
    action: 'token.edit',
    outcome: 'ok',
    changes,
  });
  const refusedEdit = (snapshot: AuditEntry['snapshot']): AuditEntry => ({
    id: '2',
    createdAt: NOW,
    actor: 'U0ALEX0001',
    action: 'token.edit',
    outcome: 'refused',
    reason: 'ip_host_bits,ip_matches_nobody,ip_host_bits',
    snapshot,
  });
  const fe80 = { entry: 'fe80::1%eth0', network: 'fe80::1/128' };
  const tenNet = { entry: '10.0.0.1/8', network: '10.0.0.0/8' };

  it('lists every changed field, the allowed IPs and the rate limit too', () => {
    const policy = {
      allowedIps: { before: [], after: ['10.0.0.0/8'] },
      rateLimit: { before: null, after: '600/min' },
    };
    const all = { label: { before: 'Old', after: 'New' }, ...policy };
    expect(lines('en', [edited(policy), edited(all)]).map(at)).toEqual([
      '<@U0ALEX0001> changed Allowed IPs, Rate limit',
      '<@U0ALEX0001> changed Token name, Allowed IPs, Rate limit',
    ]);
    expect(lines('ja', [edited(policy), edited(all)]).map(at)).toEqual([
      '<@U0ALEX0001> が許可する IP、レート制限を変更しました。',
      '<@U0ALEX0001> がトークン名、許可する IP、レート制限を変更しました。',
    ]);
  });

  it('names each bad entry of a refused edit with its own values, when two share a reason', () => {
    const snapshot = {
      params: { ip_host_bits: tenNet, ip_matches_nobody: { entry: '224.0.0.1' } },
      reasons: [
        { code: 'ip_host_bits', params: tenNet },
        { code: 'ip_matches_nobody', params: { entry: '224.0.0.1' } },
        { code: 'ip_host_bits', params: fe80 },
      ],
    };
    expect(at(lines('en', [refusedEdit(snapshot)])[0]!)).toBe(
      '<@U0ALEX0001> tried to change its settings — refused: “10.0.0.1/8” has bits set after its prefix; no client can have the address “224.0.0.1”; “fe80::1%eth0” has bits set after its prefix',
    );
    const ja = at(lines('ja', [refusedEdit(snapshot)])[0]!);
    expect(ja).toContain('「10.0.0.1/8」');
    expect(ja).toContain('「fe80::1%eth0」');
  });

  it('reads entries stored before: values by reason, never another entry’s', () => {
    const old = { params: { ip_host_bits: tenNet, ip_matches_nobody: { entry: '224.0.0.1' } } };
    const line = at(lines('en', [refusedEdit(old)])[0]!);
    expect(line).toBe(
      '<@U0ALEX0001> tried to change its settings — refused: “10.0.0.1/8” has bits set after its prefix; no client can have the address “224.0.0.1”; a CIDR range with bits set after its prefix',
    );
    expect(line.split('10.0.0.1/8')).toHaveLength(2);
  });
});
