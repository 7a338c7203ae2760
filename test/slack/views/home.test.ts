// The App Home's list of requests to decide: each says what it asks (a new token, or which change
// of an existing one) and who asked, a person or a management key.
import { describe, expect, it } from 'vitest';
import { translator, type Language } from '../../../src/i18n/index.js';
import { rejectModal } from '../../../src/slack/views/request.js';
import { homeView } from '../../../src/slack/views/home.js';
import { aToken } from '../unit/fakeArguments.js';
import { changeRequest, emptyHome, homeToDecide, tokenRequest } from '../../support/everyMessage.js';

const home = (language: Language) => JSON.stringify(homeToDecide(translator(language)).blocks);

/** The Home of someone who administers nothing, with `parts` on it, as text. */
const homeWith = (language: Language, parts: Partial<Parameters<typeof homeView>[1]>) =>
  JSON.stringify(homeView(translator(language), { ...emptyHome, ...parts }).blocks);

describe('Home: requests to decide', () => {
  it('names the change a request asks for, and a management key as a key, not a broken mention', () => {
    const en = home('en');
    expect(en).toContain('*Requests waiting for your decision*');
    expect(en).toContain('• *在庫連携* — ');
    expect(en).toContain('• Extension: *在庫連携* — ');
    expect(en).toContain('asked by management key `key_AbCd1234`');
    expect(en).not.toContain('<@key_');
    const ja = home('ja');
    expect(ja).toContain('• 「在庫連携」の発行申請（');
    expect(ja).toContain('• 「在庫連携」の延長申請（');
    expect(ja).toContain('申請者：管理 API キー `key_AbCd1234`');
  });

  it('shows an approver who holds no role (named by the policy) what waits for them, and how to get a token', () => {
    const blocks = homeToDecide(translator('en'), false).blocks;
    const text = JSON.stringify(blocks);
    expect(text).toContain('*Requests waiting for your decision*');
    expect(text).toContain('• Extension: *在庫連携* — ');
    expect(text).not.toContain('home_create'); // no create button without a role
    expect(text).toContain('To get a token, request one');
  });

  it('says how many more wait beyond the ten it shows', () => {
    const twelve = (language: Language) =>
      homeWith(language, { toDecide: Array.from({ length: 12 }, () => tokenRequest('pending')) });
    expect(twelve('en')).toContain('… and 2 more waiting.');
    expect(twelve('ja')).toContain('…ほかに 2 件が承認待ちです。');
    expect(home('en')).not.toContain('more waiting'); // three: all shown
  });

  it('asks a rejecting approver about the request as what it is', () => {
    const about = (language: Language, request: ReturnType<typeof tokenRequest>) =>
      JSON.stringify(rejectModal(translator(language), request, {}).blocks);
    expect(about('ja', changeRequest('revoke', 'pending'))).toContain('「在庫連携」の取り消し申請を却下します');
    expect(about('ja', tokenRequest('pending'))).toContain('「在庫連携」の発行申請を却下します');
    expect(about('en', changeRequest('reset', 'pending'))).toContain('request to reset *在庫連携*');
  });
});

describe("Home: a primary contact's tokens", () => {
  const contactHome = (language: Language, more: boolean) =>
    homeWith(language, {
      statusOf: () => 'expired',
      contact: {
        tokens: [
          {
            token: aToken({ status: 'disabled', expiresAt: new Date('2026-11-01T00:00:00Z') }),
            status: 'expired',
            due: true,
          },
        ],
        more,
      },
    });

  it('shows an expired token that is also disabled as both (an extension alone would not bring it back)', () => {
    expect(contactHome('en', false)).toContain('Expired · Disabled');
  });

  it('says the tokens not shown expire later or never', () => {
    expect(contactHome('en', true)).toContain('… and more, expiring later or never.');
    expect(contactHome('ja', true)).toContain('有効期限がより先か無期限のトークンがあります');
  });
});
