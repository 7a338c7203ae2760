// Japanese as a native business user expects it (issue 24), checked where a test can: in every
// message of the catalog and in every message, modal and e-mail as rendered, with what code joins
// around the catalog's strings. Full-width punctuation after Japanese text, dates written the
// Japanese way, one term per glossary concept, placeholders in one style, and no value missing.
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en/index.js';
import { ja } from '../../src/i18n/ja/index.js';
import { translator, type MessageKey } from '../../src/i18n/index.js';
import { dateText } from '../../src/slack/views/text.js';
import { everyMessage } from '../support/everyMessage.js';
import { testCatalog } from '../support/catalog.js';
import { resolveExpiry } from '../../src/domain/tokens.js';
import { listMessage } from '../../src/slack/views/list.js';

const t = translator('ja');
// Kana and kanji (not the middle dot ・, which separates half-width words too).
const JAPANESE = '[\\u3040-\\u30fa\\u30fc-\\u30ff\\u3400-\\u9fff]';
const date = new Date('2026-11-28T23:28:00Z');

/** Realistic values for every parameter name, as the code passes them. */
const values: Record<string, unknown> = {
  label: '在庫連携',
  creator: '<@U0ALEX0001>',
  lifetime: t('apikey.stateActive', { until: dateText(t, date, '') }),
  id: 'tok_AbCdEf1234',
  owner: t('owner.organization', { slug: 'acme' }),
  user: 'U0ALEX0001',
  actor: '<@U0ALEX0001>',
  value: dateText(t, date, ''),
  contact: 'U0ALEX0001',
  channel: 'C0APPROVAL',
  when: dateText(t, date, ''),
  until: dateText(t, date, ''),
  next: dateText(t, date, ''),
  used: dateText(t, date, ''),
  current: t('date.utc', { date }),
  date,
  day: '2026-12-31',
  days: 7,
  max: 365,
  from: 11,
  to: 20,
  count: 3,
  n: 2,
  version: '2026-01',
  scope: 'orders:delete',
  slug: 'acme',
  name: 'shop.acme.test',
  domain: 'shop.acme.test',
  email: 'dev@',
  subcommand: 'frobnicate',
  syntax: 'reset &lt;id&gt; [now|1h|24h|7d]',
  error: 'channel_not_found',
  link: t('text.aside', {
    text: '<#C0APPROVAL>',
    aside: `<https://acme.slack.com/archives/C0APPROVAL/p1|${t('revocation.viewRequest')}>`,
  }),
  reporter: t('leak.reporter.github'),
  location: 'https://github.com/acme/app/blob/main/.env',
  action: t('leak.postedAction.revoke', { count: 1, of: 1 }),
  done: t('leak.postedAction.revoke', { count: 2, of: 3 }),
  before: t('leak.postedAction.known', { count: 1, of: 3 }),
  of: 3,
  grace: t('reset.grace.24h'),
  role: t('role.org_admin', { target: '`acme`' }),
  target: '`acme`',
  text: '<#C0APPROVAL>',
  aside: t('roles.fromConfig'),
  items: ['dev@acme.test', 'ops@acme.test'],
  words: ['在庫', '連携'],
  ip: '203.0.113.7',
  limit: '600/min',
  admin: false,
  byContact: true,
  admins: t('owner.admin', { owner: t('owner.organization', { slug: 'acme' }) }),
  per: 'min',
  seen: dateText(t, date, ''),
  first: dateText(t, date, ''),
  since: dateText(t, date, ''),
  shown: 40,
  total: 1234,
  codes: [
    ['VALID', 1200],
    ['FORBIDDEN', 34],
  ],
  entry: '10.0.0.1/8',
  network: '10.0.0.0/8',
  address: 'fe80::1',
  status: t('status.enabled'),
  filter: t('text.list', { items: [t('list.withStatus', { status: t('status.enabled') }), t('list.created.7d')] }),
  event: { action: 'token.upgrade', from: '2025-01', to: '2026-01' },
  attempt: 'token.extend',
  reasons: [t('audit.reason', { code: 'expiry_beyond_policy', params: { max: 365 } })],
  params: { max: 365 },
  code: 'expiry_beyond_policy',
  part: 'stat:on',
  reason: '夜間バッチを廃止したため',
  state: 'rejected',
  left: t('time.left', { days: 25, hours: 600 }),
  hours: 12,
  allowed: '7d 30d 60d 90d 180d 365d',
  users: ['<@U0HANA0001>'],
  groups: ['<!subteam^S0SECURITY>'],
  who: '<@U0HANA0001>、<!subteam^S0SECURITY>',
  escalated: true,
  required: 2,
  minutes: 240,
  kind: 'revoke',
  operation: 'reset',
  owners: t('owner.organization', { slug: 'acme' }),
  operations: t('policy.operation.request'),
  scopes: '`payments:refund`',
  approvers: 'ワークスペース管理者',
  escalation: t('policy.escalation', { after: t('duration.minutes', { minutes: 240 }), to: '<@U0CISO0001>' }),
  after: t('duration.minutes', { minutes: 240 }),
  why: t('request.why', { code: 'owner_not_found' }),
  where: t('request.where.channel', { channel: 'C0APPROVAL' }),
  url: 'https://hooks.acme.test/tokenops',
  types: '`token.revoked`、`token.leaked`',
  type: 'token.exploded',
  known: 'token.created token.revoked',
  reportedBefore: 2,
  head: '*在庫連携* `tok_AbCdEf1234`',
  rest: '組織 acme｜有効期限：2026年12月31日',
  pending: 2,
  failed: 1,
  attempts: 13,
};
const params = new Proxy({}, { get: (_target, name: string) => values[name] });

const catalogTexts = Object.entries(ja).map(([key, message]) => ({
  kind: key,
  texts: [typeof message === 'function' ? (message as (p: unknown) => string)(params) : message],
}));
const rendered = everyMessage('ja');
const everything = [...catalogTexts, ...rendered];

/** The texts of `where` breaking `rule`, as "kind: text" for a readable failure. */
const breaking = (where: typeof everything, rule: (text: string) => boolean) =>
  where.flatMap(({ kind, texts }) => texts.filter(rule).map((text) => `${kind}: ${text}`));

describe('Japanese messages, as rendered', () => {
  it('cover every kind of message, in Japanese', () => {
    expect(rendered.length).toBeGreaterThan(40);
    const notJapanese = rendered
      .filter(({ texts }) => !texts.some((text) => new RegExp(JAPANESE).test(text)))
      .map(({ kind }) => kind);
    expect(notJapanese).toEqual([]);
    expect(breaking(everything, (text) => /undefined|\[object /.test(text))).toEqual([]); // every parameter has a sample
  });

  it('put full-width punctuation next to Japanese text, whoever joined it', () => {
    const ascii = new RegExp(`${JAPANESE}\\s*[,:;!?()]|${JAPANESE}\\.|[,:;!?()]\\s*${JAPANESE}`);
    // Slack's own sequences (<!date^…|…>, <@U…>, <https://…|…>), emoji and code are not prose.
    const prose = (text: string) =>
      text
        .replace(/<[^>]*>/g, ' x ')
        .replace(/`[^`]*`/g, ' x ')
        .replace(/:[a-z_+-]+:/g, ' x ');
    expect(breaking(everything, (text) => ascii.test(prose(text)))).toEqual([]);
  });

  it('join lists and clauses the Japanese way, whoever joined them', () => {
    const japanese = new RegExp(JAPANESE);
    // 「VALID 1,200, FORBIDDEN 34」「token.created, token.revoked」: a half-width list inside Japanese.
    const prose = (text: string) => text.replace(/<[^>]*>/g, 'x');
    expect(breaking(everything, (text) => japanese.test(text) && /[\w`], [\w`]/.test(prose(text)))).toEqual([]);
    // One parenthesis at a time: 「（発行申請（承認済み））」 (a date's （UTC） aside).
    expect(breaking(everything, (text) => /（[^（）]*（/.test(text.replaceAll('（UTC）', '')))).toEqual([]);
    // Two asides back to back read as one: merge them (「（対象：…、スコープ：…）」).
    expect(breaking(everything, (text) => /）（/.test(text.replaceAll('（UTC）', '')))).toEqual([]);
  });

  it('space half-width words from Japanese, and never before full-width punctuation', () => {
    const prose = (text: string) =>
      text
        .replace(/\d{4}年\d{1,2}月\d{1,2}日/g, '日付') // a date is written without spaces
        .replace(/<[^>|]*\|([^>]*)>/g, ' $1 ')
        .replace(/<[^>]*>/g, ' x ');
    const touching = new RegExp(`[A-Za-z0-9]${JAPANESE}|${JAPANESE}[A-Za-z0-9]`);
    expect(breaking(everything, (text) => touching.test(prose(text)))).toEqual([]);
    const spaced = new RegExp(`(${JAPANESE}|[A-Za-z0-9]) [、。「」（）：]|[、。「（：] `);
    expect(breaking(everything, (text) => spaced.test(text))).toEqual([]);
    const betweenJapanese = new RegExp(`${JAPANESE} +${JAPANESE}`); // 「最終使用日時は 未使用 です」
    expect(breaking(everything, (text) => betweenJapanese.test(text.replace(/<[^>]*>/g, 'x')))).toEqual([]);
    const afterBracket = new RegExp(`[）」] +${JAPANESE}`); // 「…（申請を表示） で」
    expect(breaking(everything, (text) => afterBracket.test(text.replace(/<[^>]*>/g, 'x')))).toEqual([]);
  });

  it('write dates the Japanese way, never as ISO dates or English ones', () => {
    expect(t('date.utc', { date })).toBe('2026年11月28日 23:28（UTC）');
    expect(t('expiry.never')).toBe('無期限');
    // What is typed (a command's arguments, in code spans) is as the command takes it.
    const prose = (text: string) => text.replace(/`[^`]*`/g, '');
    expect(
      breaking(everything, (text) => /\d{4}-\d{2}-\d{2}|\d{2}:\d{2} UTC|\bnever\b|\bNever\b/.test(prose(text))),
    ).toEqual([]);
    expect(
      breaking(
        rendered,
        (text) =>
          /<!date\^(?!0{8})/.test(text) &&
          !/<!date\^\d+\^[^|]*\|\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（UTC）>/.test(text),
      ),
    ).toEqual([]);
  });

  it('keep one term per glossary concept', () => {
    const glossary: Array<[RegExp, string]> = [
      [/更新/, 'extend is 延長, upgrade is アップグレード/変更: 更新 reads as renew'],
      [/(無効|有効)に(する|し)/, 'disable/enable are 無効化/有効化'],
      [/ステータス/, 'status is 状態'],
      [/漏洩/, 'leak is 漏えい'],
      [/連携先/, 'integration is 連携アプリケーション'],
      [/App ?ホーム|Appホーム/, 'App Home is アプリの「ホーム」タブ'],
      [/監査ログ|(?<!操作)履歴/, 'history is 操作履歴'],
      [/有効期限日/, 'expiry is 有効期限'],
      [/再発行/, 'reset is シークレットをリセット'],
      [/連絡先/, 'primary contact is 主担当者: 連絡先 reads as contact details, not a person'],
      [
        /取り消し申請を(依頼|要求)|承認を依頼|承認の?依頼/,
        'what is posted is the 申請 (発行申請, 取り消し申請), never 承認の依頼',
      ],
      [/1 ?回限り|1 ?回だけ(お届け|表示|送信)/, 'shown once is 一度だけ'],
      [/アカウント[^。]*無効化/, 'a Slack account is 解除 (アカウントの解除): 無効化 is for tokens only'],
      [/組織管理者|ドメイン管理者/, 'admins are 組織 X の管理者 / ドメイン X の管理者'],
      [/(?<![A-Za-z])DM(?![A-Za-z])/, 'a direct message is ダイレクトメッセージ in prose'],
      [/送信断念|さんの/, 'given up is 送信失敗; mentions take no さん'],
      [/ロール(の|を)解除/, 'a role is removed (外す): 解除 is for Slack accounts'],
      [/クライアントアドレス/, 'an address verifications came from is a 呼び出し元アドレス'],
      [
        /`[0-9a-f.:]+`（最終使用/,
        'an address is last seen (最終アクセス): 最終使用 is a VALID answer, and the token may be 未使用',
      ],
      [/最終使用：未使用/, 'never used is 未使用 alone, not a last use'],
      [/最終確認|初回確認/, "an address's calls are 最終アクセス/初回アクセス (最終確認 reads as a final check)"],
      [/継続利用|使い続け/, 'keeping a token is 引き続き使用 (継続使用): usage is 使用 throughout'],
      [
        /(取り消し|延長|リセット)の申請/,
        "a change's request is one word: 取り消し申請, 延長申請, シークレットのリセット申請",
      ],
      [
        /判断/,
        'deciding a request is 承認・却下, waiting for it 承認待ち, its decision 結果 (an expired or withdrawn one is no longer 承認待ち)',
      ],
      [
        /あなた[がはをに]|自分の申請/,
        'the reader goes unnamed (ご自身 where needed); headings that say whose read あなたの',
      ],
      [/何も申請していません/, 'nothing requested is 申請は行われていません: the requester, not tokenops, asks'],
      [/してもらって/, 'asking someone is 〜を依頼してください, never 〜してもらってください'],
      [
        /はもうありません|はすでにあります/,
        'not found is 見つかりません, gone すでに存在しません, taken すでに存在します',
      ],
      [/が(見つけ|検出し)ました/, "a leak's reporter and place are one aside: （報告元：…、場所：…）"],
    ];
    for (const [pattern, why] of glossary)
      expect(
        breaking(everything, (text) => pattern.test(text)),
        why,
      ).toEqual([]);
    // Upgrade is アップグレード on the menu only; sentences say 変更.
    expect(catalogTexts.filter(({ texts }) => texts[0]!.includes('アップグレード')).map(({ kind }) => kind)).toEqual([
      'op.upgrade',
    ]);
    // 所有者 is the field's label; sentences name the token's organization or domain.
    expect(catalogTexts.filter(({ texts }) => texts[0]!.includes('所有者')).map(({ kind }) => kind)).toEqual([
      'field.owner',
    ]);
    expect(breaking(rendered, (text) => text.replace(/^\*?所有者\*?(\n|$)/, '').includes('所有者'))).toEqual([]);
    // Undoing is 元に戻す, voiding 破棄: 取り消し is revocation only, 無効化 is disabling only.
    expect([
      t('secret.undelivered', values as never).includes('破棄'),
      t('secret.undelivered', values as never).includes('無効化'),
    ]).toEqual([true, false]);
    expect([
      t('secret.undeliveredReset', values as never).includes('元に戻しました'),
      t('secret.undeliveredReset', values as never).includes('取り消'),
    ]).toEqual([true, false]);
  });

  it('write command placeholders the way the help writes them, in every language', () => {
    const placeholders = (texts: string[]) =>
      new Set(texts.flatMap((text) => [...text.matchAll(/&lt;([^&]*)&gt;/g)].map((m) => m[1]!)));
    const japanese = placeholders(everything.flatMap(({ texts }) => texts));
    const english = placeholders([
      ...everyMessage('en').flatMap(({ texts }) => texts),
      ...Object.values(en).map((m) => (typeof m === 'function' ? (m as (p: unknown) => string)(params) : m)),
    ]);
    expect([...japanese].filter((name) => !english.has(name))).toEqual([]);
    expect([...japanese].every((name) => /^[a-z@][a-z_-]*$/.test(name))).toBe(true);
  });

  it('name the buttons that confirm with a verb, and the submit buttons of forms with a noun', () => {
    const confirms: MessageKey[] = [
      'confirm.button.delete',
      'confirm.button.revoke',
      'confirm.button.reset',
      'confirm.button.upgrade',
    ];
    expect(confirms.filter((key) => !/(する|取り消す)$/.test(t(key)))).toEqual([]);
    const submits: MessageKey[] = ['create.submit', 'edit.submit', 'extend.submit', 'revocation.askSubmit'];
    expect(submits.filter((key) => /(する|す|る)$/.test(t(key)))).toEqual([]);
  });
});

describe('Japanese messages, true to the code', () => {
  it('offer today as an expiry date, as the code accepts it', () => {
    const now = new Date('2026-11-20T09:30:00Z');
    const owner = { type: 'organization', organizationId: 'o1', organizationSlug: 'acme' } as const;
    expect(resolveExpiry({ expiryDate: '2026-11-20' }, owner, testCatalog, now)).toEqual(
      new Date('2026-11-21T00:00:00Z'),
    );
    expect(() => resolveExpiry({ expiryDate: '2026-11-19' }, owner, testCatalog, now)).toThrow(
      expect.objectContaining({ code: 'expiry_in_past' }),
    );
    expect(t('error.expiry_in_past')).toContain('今日');
  });

  it('name every filter of a list, so that a filtered list never reads as having no tokens', () => {
    const filtered = listMessage(
      t,
      { tokens: [], start: 1, previous: false, next: false },
      { filter: { unusedDays: 45 } },
      's',
      () => 'enabled',
      date,
    );
    expect(filtered.text).toContain('45 日以上未使用');
    expect(filtered.text).not.toContain(t('list.empty', {}));
  });
});

describe('every message, with a value missing', () => {
  const empty = /``|（）|「」|：[。、）]|undefined|null|NaN|\[object /;
  it.each([
    ['en', en],
    ['ja', ja],
  ] as const)('%s: says something whole when an optional value is absent', (_language, catalog) => {
    const optional = Object.entries(catalog).filter(
      ([key, message]) =>
        typeof message === 'function' && (key.startsWith('error.') || key === 'list.heading' || key === 'list.empty'),
    );
    expect(optional.length).toBeGreaterThan(10);
    const broken = optional
      .map(
        ([key, message]) =>
          [key, (message as (p: unknown) => string)(key === 'list.heading' ? { from: 1, to: 3 } : {})] as const,
      )
      .filter(([, text]) => empty.test(text) || / [.,。、]/.test(text));
    expect(broken).toEqual([]);
  });

  it.each(['en', 'ja'] as const)('%s: renders no raw key, no missing value, no programming word', (language) => {
    const messages = everyMessage(language);
    const raw =
      /\b(token|revocation|tenants)\.[a-z]|\b(primaryContact|developerEmails|expiresAt|apiVersion)\b|undefined|\bnull\b|NaN|\[object |(?<!`)``(?!`)|\(\)|（）|「」/;
    // Code spans are literal on purpose (event types such as `token.leaked` are typed in commands).
    expect(
      breaking(messages, (text) => raw.test(text.replace(/<[^>]*>/g, 'x').replace(/(?<!`)`[^`\n]+`(?!`)/g, 'x'))),
    ).toEqual([]);
  });
});
