// A token's details as `/token show` gives them, and the DM that tells its primary contact of a
// refused verification: what each says, in both languages, is true of the data behind it.
import { describe, expect, it } from 'vitest';
import { translator } from '../../../src/i18n/index.js';
import { noUsage } from '../../../src/domain/usage.js';
import { refusalNotice, resetNote, tokenDetails } from '../../../src/slack/views/token.js';
import { aToken } from '../unit/fakeArguments.js';

const [en, ja] = [translator('en'), translator('ja')];
const first = new Date('2026-11-01T08:00:00Z');
const last = new Date('2026-11-28T23:28:00Z');
const stamp = (date: Date) => `<!date^${date.getTime() / 1000}^`;

/** The usage section's text, as shown. */
const usageOf = (t: typeof en, usage: ReturnType<typeof noUsage>) =>
  JSON.stringify(tokenDetails(t, aToken(), 'enabled', usage).blocks);

describe("a reset's note under the new secret", () => {
  const inAWeek = new Date('2026-12-08T12:00:00Z');
  const tomorrow = new Date('2026-12-02T12:00:00Z');

  it('says until when the previous secret works: the grace period, or the expiry that ends it first', () => {
    expect(resetNote(en, { token: aToken(), oldSecretsUntil: inAWeek })).toBe(
      `The previous secret keeps working until ${stamp(inAWeek)}{date_short_pretty} {time}|2026-12-08 12:00 UTC>.`,
    );
    expect(resetNote(en, { token: aToken({ expiresAt: tomorrow }), oldSecretsUntil: inAWeek })).toBe(
      `The previous secret keeps working until the token expires, ${stamp(tomorrow)}{date_short_pretty} {time}|2026-12-02 12:00 UTC>.`,
    );
    expect(resetNote(ja, { token: aToken({ expiresAt: tomorrow }), oldSecretsUntil: inAWeek })).toContain(
      `以前のシークレットは、トークンの有効期限（${stamp(tomorrow)}`,
    );
    expect(resetNote(en, { token: aToken({ expiresAt: inAWeek }), oldSecretsUntil: tomorrow })).toContain(
      `keeps working until ${stamp(tomorrow)}`,
    );
    expect(resetNote(en, { token: aToken(), oldSecretsUntil: null })).toBeUndefined(); // it stopped at once
  });

  it('says the new secret waits for the token to be enabled again, when the old one stopped at once', () => {
    expect(resetNote(en, { token: aToken({ status: 'disabled' }), oldSecretsUntil: null })).toBe(
      'The token is disabled: the new secret works once it is enabled again.',
    );
    expect(resetNote(ja, { token: aToken({ status: 'disabled' }), oldSecretsUntil: null })).toContain(
      '再び有効化されると',
    );
  });

  it('says that neither secret works while the token is disabled', () => {
    expect(resetNote(en, { token: aToken({ status: 'disabled' }), oldSecretsUntil: inAWeek })).toMatch(
      /^The token is disabled: neither secret works until it is enabled again, and the previous one not after <!date/,
    );
  });
});

describe('/token show: usage', () => {
  it('counts one verification in the singular', () => {
    const usage = { ...noUsage(), last24h: { VALID: 1 }, last30d: { VALID: 2 } };
    const shown = usageOf(en, usage);
    // Counts are hourly: the recent ones say from which hour they run.
    expect(shown).toContain(`*Since ${stamp(usage.recentSince)}`);
    expect(shown).toContain('>*: 1 verification (VALID 1)');
    const japanese = usageOf(ja, usage);
    expect(japanese).toContain(`*${stamp(usage.recentSince)}`);
    expect(japanese).toContain('> 以降*：検証 1 回（VALID 1 回）');
    expect(shown).toContain('*Last 30 days*: 2 verifications (VALID 2)');
  });

  it('shows when each client address was first and last seen, as last seen, not last used', () => {
    const usage = { ...noUsage(), addresses: [{ ip: '203.0.113.7', firstSeen: first, lastSeen: last }] };
    const english = usageOf(en, usage);
    expect(english).toMatch(/• `203\.0\.113\.7` last seen <!date\^\d+\^[^>]+>, first seen <!date/);
    expect(english.indexOf(stamp(last))).toBeLessThan(english.indexOf(stamp(first)));
    const japanese = usageOf(ja, usage);
    expect(japanese).toMatch(
      /• `203\.0\.113\.7`（最終アクセス：<!date\^\d+\^[^>]+>、初回アクセス：<!date\^\d+\^[^>]+>）/,
    );
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

  it('is told in words in the RATE_LIMITED DM, as reached (a sliding window), not exceeded', () => {
    const token = aToken({ label: 'Checkout', displayId: 'tok_AAAAAAAAAA', rateLimit: '600/min' });
    expect(refusalNotice(en, token, 'RATE_LIMITED', true).text).toContain(
      'calls reached its rate limit of 600 requests a minute. Raise the limit with `/token edit tok_AAAAAAAAAA` if the traffic is expected.',
    );
    expect(refusalNotice(ja, token, 'RATE_LIMITED', true).text).toContain(
      '呼び出しがレート制限（1 分あたり 600 回）に達しました。想定どおりの呼び出し量であれば、`/token edit tok_AAAAAAAAAA` で制限を引き上げてください。',
    );
  });
});

describe('the DM of a refused verification', () => {
  const token = aToken({ label: 'Checkout', displayId: 'tok_AAAAAAAAAA', allowedIps: ['10.0.0.0/8'] });

  it('FORBIDDEN: true whether the call had no client address or one outside the list, with what to do in each case', () => {
    expect(refusalNotice(en, token, 'FORBIDDEN', true).text).toBe(
      "Verification refused *Checkout* (`tok_AAAAAAAAAA`) as FORBIDDEN: a call came with no valid client address, or from an address outside its allowed IPs. If no address (or an invalid one) was sent, the API that checks the token must send its end client's address as `ip` with each verification. If the address is yours but not on the list, add it with `/token edit tok_AAAAAAAAAA`; if it is not yours, someone else may hold the secret. (You get one such message an hour at most for this token, about whichever refusal, FORBIDDEN or RATE_LIMITED, came first.)",
    );
    const japanese = refusalNotice(ja, token, 'FORBIDDEN', true).text;
    expect(japanese).toContain(
      '原因は、呼び出し元アドレスが送信されていない（または正しくない）か、許可する IP 以外のアドレスからの呼び出しです。',
    );
    expect(japanese).toContain('実際の呼び出し元のアドレスを毎回 `ip` として送信する必要があります。');
    expect(japanese).toContain('`/token edit tok_AAAAAAAAAA` で追加してください。');
  });

  it('sends a contact who may not edit the token (one who asked for it) to its admins, not to /token edit', () => {
    const limited = aToken({ ...token, rateLimit: '600/min' });
    for (const code of ['FORBIDDEN', 'RATE_LIMITED'] as const) {
      expect(refusalNotice(en, limited, code, false).text).not.toContain('/token edit');
      expect(refusalNotice(ja, limited, code, false).text).not.toContain('/token edit');
    }
    expect(refusalNotice(en, limited, 'FORBIDDEN', false).text).toContain(
      'If the address is yours but not on the list, ask an admin of Organization acme to add it;',
    );
    expect(refusalNotice(en, limited, 'RATE_LIMITED', false).text).toContain(
      'Ask an admin of Organization acme to raise the limit if the traffic is expected.',
    );
    expect(refusalNotice(ja, limited, 'FORBIDDEN', false).text).toContain(
      'お使いのアドレスが「許可する IP」に含まれていない場合は、組織 acme の管理者に追加を依頼してください。',
    );
    expect(refusalNotice(ja, limited, 'RATE_LIMITED', false).text).toContain(
      '想定どおりの呼び出し量であれば、組織 acme の管理者に制限の引き上げを依頼してください。',
    );
  });

  it('says that one DM an hour covers both refusal codes of the token', () => {
    for (const code of ['FORBIDDEN', 'RATE_LIMITED'] as const) {
      expect(refusalNotice(en, token, code, true).text).toMatch(
        / \(You get one such message an hour at most for this token, about whichever refusal, FORBIDDEN or RATE_LIMITED, came first\.\)$/,
      );
      expect(refusalNotice(ja, token, code, true).text).toMatch(
        /。このトークンの FORBIDDEN と RATE_LIMITED による拒否のお知らせは、合わせて 1 時間に 1 回までお送りします。$/,
      );
    }
  });
});

describe('/token show: the status', () => {
  it('says an expired token that is disabled too is both: an extension alone would not make it work', () => {
    const t = translator('en');
    const shown = JSON.stringify(tokenDetails(t, aToken({ status: 'disabled' }), 'expired').blocks);
    expect(shown).toContain(`${t('status.expired')} · ${t('status.disabled')}`);
    const plain = JSON.stringify(tokenDetails(t, aToken({ status: 'enabled' }), 'expired').blocks);
    expect(plain).not.toContain(t('status.disabled'));
  });
});

describe('/token show: who created it', () => {
  it('names a person by mention and a management key as its id, never as a mention', () => {
    const byPerson = JSON.stringify(tokenDetails(en, aToken({ createdBy: 'U0ALEX0001' }), 'enabled').blocks);
    expect(byPerson).toContain('<@U0ALEX0001>');
    const byKey = JSON.stringify(tokenDetails(en, aToken({ createdBy: 'key_DFftvDKqvz' }), 'enabled').blocks);
    expect(byKey).toContain('`key_DFftvDKqvz`');
    expect(byKey).not.toContain('<@key_');
  });
});
