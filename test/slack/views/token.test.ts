// A token's details as `/token show` gives them, and the DM that tells its primary contact of a
// refused verification: what each says, in both languages, is true of the data behind it.
import { describe, expect, it } from 'vitest';
import { translator } from '../../../src/i18n/index.js';
import { noUsage } from '../../../src/domain/usage.js';
import { refusalNotice, tokenDetails } from '../../../src/slack/views/token.js';
import { aToken } from '../unit/fakeArguments.js';

const [en, ja] = [translator('en'), translator('ja')];
const first = new Date('2026-11-01T08:00:00Z');
const last = new Date('2026-11-28T23:28:00Z');
const stamp = (date: Date) => `<!date^${date.getTime() / 1000}^`;

/** The usage section's text, as shown. */
const usageOf = (t: typeof en, usage: ReturnType<typeof noUsage>) =>
  JSON.stringify(tokenDetails(t, aToken(), 'enabled', usage).blocks);

describe('/token show: usage', () => {
  it('counts one verification in the singular', () => {
    const usage = { ...noUsage(), last24h: { VALID: 1 }, last30d: { VALID: 2 } };
    const shown = usageOf(en, usage);
    expect(shown).toContain('*Last 24 hours*: 1 verification (VALID 1)');
    expect(shown).toContain('*Last 30 days*: 2 verifications (VALID 2)');
  });

  it('shows when each client address was first and last seen, as last seen, not last used', () => {
    const usage = { ...noUsage(), addresses: [{ ip: '203.0.113.7', firstSeen: first, lastSeen: last }] };
    const english = usageOf(en, usage);
    expect(english).toMatch(/• `203\.0\.113\.7` last seen <!date\^\d+\^[^>]+>, first seen <!date/);
    expect(english.indexOf(stamp(last))).toBeLessThan(english.indexOf(stamp(first)));
    const japanese = usageOf(ja, usage);
    expect(japanese).toMatch(/• `203\.0\.113\.7`（最終確認：<!date\^\d+\^[^>]+>、初回確認：<!date\^\d+\^[^>]+>）/);
    expect(japanese).toContain(stamp(first));
    expect(japanese).not.toMatch(/203\.0\.113\.7`（最終使用/); // the token itself may be 未使用: it counts VALID answers only
  });
});

describe('/token show: last used', () => {
  it('says a token only ever refused was never used, and why, beside its counts', () => {
    const refused = { ...noUsage(), last24h: { FORBIDDEN: 3 }, last30d: { FORBIDDEN: 3 } };
    expect(usageOf(en, refused)).toContain('*Last used*\\nNever: every verification was refused');
    expect(usageOf(ja, refused)).toContain('*最終使用日時*\\n未使用（これまでの検証はすべて拒否されました）');
    expect(usageOf(en, noUsage())).toContain('*Last used*\\nNever"');
  });
});

describe('/token show: the rate limit', () => {
  const shown = (t: typeof en, rateLimit: string | null) =>
    JSON.stringify(tokenDetails(t, aToken({ rateLimit }), 'enabled').blocks);

  it('reads in words, in each language, with the form it is typed in beside it', () => {
    expect(shown(en, '600/min')).toContain('*Rate limit*\\n600 requests a minute (`600/min`)');
    expect(shown(en, '1/s')).toContain('1 request a second (`1/s`)');
    expect(shown(en, '2/h')).toContain('2 requests an hour (`2/h`)');
    expect(shown(en, '1000000/day')).toContain('1,000,000 requests a day (`1000000/day`)');
    expect(shown(ja, '600/min')).toContain('*レート制限*\\n1 分あたり 600 回（`600/min`）');
    expect(shown(ja, '2/h')).toContain('1 時間あたり 2 回（`2/h`）');
    expect(shown(en, null)).toContain('*Rate limit*\\nNo limit');
  });

  it('is told in words in the RATE_LIMITED DM', () => {
    const token = aToken({ label: 'Checkout', displayId: 'tok_AAAAAAAAAA', rateLimit: '600/min' });
    expect(refusalNotice(en, token, 'RATE_LIMITED').text).toContain(
      'more often than its rate limit of 600 requests a minute.',
    );
    expect(refusalNotice(ja, token, 'RATE_LIMITED').text).toContain('レート制限（1 分あたり 600 回）を超えて');
  });
});

describe('the DM of a refused verification', () => {
  const token = aToken({ label: 'Checkout', displayId: 'tok_AAAAAAAAAA', allowedIps: ['10.0.0.0/8'] });

  it('FORBIDDEN: true whether the call had no client address or one outside the list, with what to do in each case', () => {
    expect(refusalNotice(en, token, 'FORBIDDEN').text).toBe(
      "Verification refused *Checkout* (`tok_AAAAAAAAAA`) as FORBIDDEN: a call came with no valid client address, or from an address outside its allowed IPs. If no address (or an invalid one) was sent, the API that checks the token must send its end client's address as `ip` with each verification. If the address is yours but not on the list, add it with `/token edit tok_AAAAAAAAAA`; if it is not yours, someone else may hold the secret. (You get one such message an hour at most for this token, about whichever refusal, FORBIDDEN or RATE_LIMITED, came first.)",
    );
    const japanese = refusalNotice(ja, token, 'FORBIDDEN').text;
    expect(japanese).toContain(
      '呼び出し元アドレスが送られていないか正しくない呼び出し、または許可する IP に含まれないアドレスからの呼び出しです。',
    );
    expect(japanese).toContain('エンドクライアントのアドレスを毎回 `ip` として送る必要があります。');
    expect(japanese).toContain('`/token edit tok_AAAAAAAAAA` で追加してください。');
  });

  it('says that one DM an hour covers both refusal codes of the token', () => {
    for (const code of ['FORBIDDEN', 'RATE_LIMITED'] as const) {
      expect(refusalNotice(en, token, code).text).toMatch(
        / \(You get one such message an hour at most for this token, about whichever refusal, FORBIDDEN or RATE_LIMITED, came first\.\)$/,
      );
      expect(refusalNotice(ja, token, code).text).toMatch(
        /。このトークンの FORBIDDEN と RATE_LIMITED による拒否のお知らせは、合わせて 1 時間に 1 回までお送りします。$/,
      );
    }
  });
});
