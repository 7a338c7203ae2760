// The weekly digest of unused tokens (STALE_TOKEN_DAYS): each listed token with a button to ask
// for its revocation as far as a Slack message holds them, and a footer of its own.
import { describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { checkBlocks } from '@tokenops/slack-emulator';
import { ownerText, translator, type Language } from '../../../src/i18n/index.js';
import {
  answeredItem,
  DIGEST_SIZE,
  expiryReminder,
  REMINDER_EXTEND_ACTION,
  reminderDigest,
  STALE_KEEP_ACTION,
  STALE_REVOKE_ACTION,
  type DigestItem,
} from '../../../src/slack/views/reminder.js';
import { extendedText } from '../../../src/slack/views/token.js';
import type { Token } from '../../../src/domain/tokens.js';
import { aToken } from '../unit/fakeArguments.js';

const now = new Date('2030-06-03T09:00:00Z');
const item = (kind: DigestItem['kind'], i: number, label = `Token ${i}`): DigestItem => ({
  token: aToken({
    label,
    displayId: `tok_${kind.slice(0, 3)}${String(i).padStart(6, '0')}`,
    expiresAt: new Date(now.getTime() + 5 * 86_400_000),
  }),
  kind,
  threshold: kind === 'stale' ? 30 : 7,
});
const stale = (n: number, label?: string) => Array.from({ length: n }, (_, i) => item('stale', i, label));

/** The tokens given Revoke and Keep buttons, by their ids. */
const buttoned = (blocks: KnownBlock[]) =>
  blocks
    .filter((block) => block.type === 'actions')
    .map((block) => (block as { elements: Array<{ action_id: string; value: string }> }).elements)
    .filter((elements) => elements.map((e) => e.action_id).join() === `${STALE_REVOKE_ACTION},${STALE_KEEP_ACTION}`)
    .map((elements) => elements[0]!.value);
/** Every item given buttons (`kind:id`), in the message's order. */
const answerable = (blocks: KnownBlock[]) =>
  blocks.flatMap((block) =>
    block.type === 'actions' && block.block_id?.startsWith('reminder_actions:')
      ? [block.block_id.slice('reminder_actions:'.length)]
      : [],
  );
const footer = (blocks: KnownBlock[]) =>
  blocks
    .filter((block) => block.type === 'context')
    .flatMap((block) => (block as { elements: Array<{ text: string }> }).elements.map((e) => e.text));

describe.each<Language>(['en', 'ja'])('a digest of unused tokens in %s', (language) => {
  const t = translator(language);

  it('gives every listed token its Revoke and Keep buttons when the message holds them (12 tokens)', () => {
    const items = stale(12);
    const digest = reminderDigest(t, items, now);
    expect(buttoned(digest.blocks)).toEqual(items.map((i) => i.token.displayId));
    expect(checkBlocks(digest.blocks, 'message')).toEqual([]);
  });

  it('has a footer of its own: what Keep does, and the list that shows them all; not the expiry advice', () => {
    const [hint, ...more] = footer(reminderDigest(t, stale(12), now).blocks);
    expect(more).toEqual([]);
    expect(hint).toBe(t('stale.hint', { days: 30 }));
    expect(hint).toContain('`/token list unused:30d status:enabled`');
    expect(hint).not.toContain('/token extend');
    if (language === 'en')
      expect(hint).toBe(
        'Unused tokens: *Keep it* leaves a token out of these lists for at least 30 days; one you neither keep nor revoke is listed again next week. `/token list unused:30d status:enabled` lists every token of yours unused that long.',
      );
    else
      expect(hint).toBe(
        '未使用のトークン：「引き続き使用」を選んだトークンは、少なくとも 30 日間は未使用のトークンとして通知しません。「取り消し」も「引き続き使用」も選ばなかったトークンは、来週また通知します。`/token list unused:30d status:enabled` で、30 日以上使われていないトークンをすべて表示できます。',
      );
  });

  it.each([
    ['ordinary names', 'Warehouse sync', 22],
    ['names escaped at length', '*_~`<&'.repeat(11), 18],
  ])('beyond the 50 blocks a message holds (%s), lists the rest and says how to revoke them', (_, label, least) => {
    const items = stale(DIGEST_SIZE, label);
    const digest = reminderDigest(t, items, now);
    expect(checkBlocks(digest.blocks, 'message')).toEqual([]);
    const withButtons = buttoned(digest.blocks);
    expect(withButtons.length).toBeGreaterThanOrEqual(least);
    expect(withButtons).toEqual(items.slice(0, withButtons.length).map((i) => i.token.displayId));
    const rest = JSON.stringify(digest.blocks.filter((block) => block.block_id?.startsWith('digest_rest:')));
    for (const { token } of items.slice(withButtons.length)) expect(rest).toContain(token.displayId);
    expect(footer(digest.blocks)).toEqual([t('stale.hint', { days: 30 }), t('stale.rest')]);
    expect(t('stale.rest')).toContain('`/token revoke &lt;id&gt;`');
  });

  it('beside expiry reminders: theirs advice for their lines, its own for unused tokens', () => {
    const expiring = Array.from({ length: 12 }, (_, i) => item('expiry', i));
    const digest = reminderDigest(t, [...expiring, ...stale(5)], now);
    expect(checkBlocks(digest.blocks, 'message')).toEqual([]);
    expect(answerable(digest.blocks)).toHaveLength(17); // all fit: every one has its buttons
    expect(footer(digest.blocks)).toEqual([t('stale.hint', { days: 30 })]);
  });

  it('says of an unused token that is called but always refused that something still calls it, with buttons or as a line', () => {
    const called = { ...item('stale', 1), refused: 1234 };
    const digest = reminderDigest(t, [called, item('stale', 2)], now);
    const text = JSON.stringify(digest.blocks);
    expect(buttoned(digest.blocks)).toEqual([called.token.displayId, item('stale', 2).token.displayId]);
    expect(text).toContain(
      language === 'en'
        ? 'has had no accepted verification for 30 days or more, yet its policy refused 1,234 verifications of it in the last 30 days: something still calls it with this secret.'
        : 'は 30 日以上、受け付けられた検証がありませんが、過去 30 日間に、許可する IP・スコープ・レート制限の設定により 1,234 回の検証が拒否されています。',
    );
    expect(text.match(/no accepted verification|受け付けられた検証がありません/g)).toHaveLength(1); // the other is idle
    // Beyond the buttons a message holds, as a line that says the same.
    const many = reminderDigest(t, [...stale(DIGEST_SIZE), { ...item('stale', DIGEST_SIZE + 1), refused: 7 }], now);
    expect(JSON.stringify(many.blocks)).toContain(
      language === 'en'
        ? `(\`${item('stale', DIGEST_SIZE + 1).token.displayId}\`): no accepted verification; 7 refused in the last 30 days.`
        : `（\`${item('stale', DIGEST_SIZE + 1).token.displayId}\`、受け付けられた検証なし、過去 30 日間の拒否 7 回）`,
    );
  });

  it('counts tokens, not items, in its heading: one token expiring and unused is one token', () => {
    const twice = item('expiry', 1);
    const digest = reminderDigest(t, [twice, { ...twice, kind: 'stale', threshold: 30 }, item('expiry', 2)], now);
    expect(answerable(digest.blocks)).toHaveLength(3); // each item keeps its own buttons
    expect(digest.text).toBe(t('digest.intro', { count: 2 }));
    const one = reminderDigest(t, [twice, { ...twice, kind: 'stale', threshold: 30 }], now);
    expect(answerable(one.blocks)).toHaveLength(2);
    expect(one.text).toBe(
      language === 'en'
        ? ':bell: One of your API tokens needs your attention.'
        : ':bell: 1 件の API トークンについてご確認をお願いします。',
    );
  });

  it('gives the buttons to the most urgent first, yet keeps a few unused tokens answerable (Keep is only a button)', () => {
    const expiring = Array.from({ length: 20 }, (_, i) => item('expiry', i));
    // The nearest expiry comes first whatever the order queued.
    expiring[19] = { ...expiring[19]!, threshold: 1 };
    const unused = stale(8);
    const digest = reminderDigest(t, [...unused, ...expiring], now);
    expect(checkBlocks(digest.blocks, 'message')).toEqual([]);
    const withButtons = answerable(digest.blocks);
    const expiries = withButtons.filter((id) => id.startsWith('expiry:'));
    expect(expiries.length).toBeGreaterThanOrEqual(10);
    expect(expiries[0]).toBe(`expiry:${expiring[19]!.token.displayId}`);
    expect(buttoned(digest.blocks)).toEqual(unused.slice(0, 5).map((i) => i.token.displayId));
    const rest = JSON.stringify(digest.blocks.filter((block) => block.block_id?.startsWith('digest_rest:')));
    for (const { token } of expiring.filter((e) => !expiries.includes(`expiry:${e.token.displayId}`)))
      expect(rest).toContain(token.displayId);
    for (const { token } of unused.slice(5)) expect(rest).toContain(token.displayId);
    expect(footer(digest.blocks)).toEqual([t('digest.hint'), t('stale.hint', { days: 30 }), t('stale.rest')]);
  });

  it('beside many expiries, every unused token of a few keeps its buttons, and no footer offers what is not there', () => {
    const expiring = Array.from({ length: 30 }, (_, i) => item('expiry', i));
    const digest = reminderDigest(t, [...expiring, ...stale(3)], now);
    expect(checkBlocks(digest.blocks, 'message')).toEqual([]);
    expect(buttoned(digest.blocks)).toHaveLength(3);
    expect(footer(digest.blocks)).toEqual([t('digest.hint'), t('stale.hint', { days: 30 })]);
  });

  it('keeps the other tokens answerable once one is kept', () => {
    const items = stale(12);
    const digest = reminderDigest(t, items, now);
    const kept = answeredItem(t, digest, { kind: 'stale', id: items[11]!.token.displayId }, 'kept')!;
    expect(buttoned(kept.blocks)).toEqual(items.slice(0, 11).map((i) => i.token.displayId));
  });
});

describe.each<Language>(['en', 'ja'])(
  'an expiry reminder to a reader who does not administer the token, in %s',
  (language) => {
    const t = translator(language);
    const requested = (threshold: number): DigestItem => ({ ...item('expiry', 1), threshold, reader: 'other' });

    it('sends them to its admins, with no button that would refuse them', () => {
      const token = requested(7).token;
      const admins = t('owner.admin', { owner: ownerText(t, token.owner) });
      const expiring = reminderDigest(t, [requested(7)], now);
      expect(answerable(expiring.blocks)).toEqual([]);
      expect(expiring.text).toContain(admins);
      expect(expiring.text).toContain(t('time.left', { days: 5, hours: 0 }));
      const expired = reminderDigest(t, [requested(0)], now);
      expect(answerable(expired.blocks)).toEqual([]);
      expect(expired.text).toContain(admins);
      for (const { blocks } of [expiring, expired]) expect(checkBlocks(blocks, 'message')).toEqual([]);
      // An admin's reminder of the same token offers the buttons, and never the advice to ask.
      const own = reminderDigest(t, [{ ...requested(7), reader: 'admin' }], now);
      expect(answerable(own.blocks)).toEqual([`expiry:${token.displayId}`]);
      expect(own.text).not.toContain(admins);
    });

    it('in a digest: the admin’s items keep their buttons, the footer says whom to ask, and answering the others does not call it all answered', () => {
      const mine = item('expiry', 2);
      const digest = reminderDigest(t, [requested(7), mine], now);
      expect(answerable(digest.blocks)).toEqual([`expiry:${mine.token.displayId}`]);
      const answered = answeredItem(t, digest, { kind: 'expiry', id: mine.token.displayId }, 'extended')!;
      expect(JSON.stringify(answered.blocks)).not.toContain(t('digest.answered'));
      expect(JSON.stringify(answered.blocks)).toContain('tok_exp000001');
    });
  },
);

describe.each<Language>(['en', 'ja'])(
  'an expiry reminder to its primary contact who administers nothing, in %s',
  (language) => {
    const t = translator(language);
    const held = (threshold: number, i = 1): DigestItem => ({ ...item('expiry', i), threshold, reader: 'contact' });
    const buttons = (blocks: KnownBlock[]) =>
      blocks.flatMap((block) =>
        block.type === 'actions'
          ? (block as { elements: Array<{ action_id: string; text: { text: string } }> }).elements.map((e) => [
              e.action_id,
              e.text.text,
            ])
          : [],
      );

    it('offers to ask for the extension alone, and says who approves it, expiring or expired', () => {
      const admins = t('owner.admin', { owner: ownerText(t, held(7).token.owner) });
      for (const threshold of [7, 0]) {
        const message = reminderDigest(t, [held(threshold)], now);
        expect(buttons(message.blocks)).toEqual([[REMINDER_EXTEND_ACTION, t('op.askExtend')]]);
        expect(message.text).toContain(admins);
        expect(checkBlocks(message.blocks, 'message')).toEqual([]);
      }
      expect(reminderDigest(t, [held(7)], now).text).toContain(t('time.left', { days: 5, hours: 0 }));
      // Answered (the request asked), the reminder is done.
      const answered = answeredItem(
        t,
        reminderDigest(t, [held(7)], now),
        { kind: 'expiry', id: held(7).token.displayId },
        'asked',
      )!;
      expect(answered.text).toBe('asked');
    });

    it('in a digest: each such item keeps its button, and the items listed as lines say how to ask', () => {
      const digest = reminderDigest(t, [held(7, 1), held(0, 2), item('expiry', 3)], now);
      expect(answerable(digest.blocks)).toHaveLength(3);
      const long = reminderDigest(
        t,
        Array.from({ length: 30 }, (_, i) => held(7, i)),
        now,
      );
      expect(checkBlocks(long.blocks, 'message')).toEqual([]);
      expect(footer(long.blocks)).toEqual([t('digest.hintContact')]);
    });
  },
);

describe('an expiry reminder of a disabled token', () => {
  const [en, ja] = [translator('en'), translator('ja')];
  const disabled = (expiresAt: Date) => aToken({ label: 'Paused', status: 'disabled', expiresAt });
  const soon = new Date(now.getTime() + 3 * 86_400_000);
  const past = new Date(now.getTime() - 86_400_000);

  it('says an extension alone will not make it work, to every reader, where an enabled one promises the secret works', () => {
    const promise = expiryReminder(en, aToken({ expiresAt: past }), 0, now).text;
    expect(promise).toContain('the same secret works again');
    for (const reader of ['admin', 'contact', 'other'] as const) {
      const expired = expiryReminder(en, disabled(past), 0, now, reader).text;
      expect(expired).toContain('It is also disabled');
      expect(expired).toContain('enable it again');
      expect(expired).not.toContain('the same secret works again');
      const expiring = expiryReminder(en, disabled(soon), 7, now, reader).text;
      expect(expiring).toContain('expires in 3 days');
      expect(expiring).toContain('It is disabled now');
      expect(expiring).not.toMatch(/keep(s)? (it )?working/);
      expect(expiryReminder(ja, disabled(past), 0, now, reader).text).toContain('無効化もされています');
      expect(expiryReminder(ja, disabled(soon), 7, now, reader).text).toContain('現在このトークンは無効化されています');
    }
  });

  it('and an extension of it says it is still disabled', () => {
    const extended = (token: Token) => ({ ...token, previousExpiresAt: past });
    const text = extendedText(en, extended(disabled(soon)));
    expect(text).toContain('It is still disabled: enable it for its secret to work.');
    expect(extendedText(ja, extended(disabled(soon)))).toContain('無効化されたままです');
    expect(extendedText(en, extended(aToken({ expiresAt: soon })))).not.toContain('disabled');
  });
});
