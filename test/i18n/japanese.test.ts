// Japanese as a native business user expects it: full-width punctuation after Japanese text,
// and one word per concept (voiding is 破棄, undoing a reset is 元に戻す; 無効化 is disable and
// 取り消し is revoke only).
import { describe, expect, it } from 'vitest';
import { ja } from '../../src/i18n/ja.js';

const sample = new Proxy({}, { get: (_t, key: string) => (['max', 'days', 'from', 'to'].includes(key) ? 3 : `{${key}}`) });
const texts = Object.entries(ja).map(([key, message]) => [key, typeof message === 'function' ? (message as (p: unknown) => string)(sample) : String(message)] as const);
const JAPANESE = '[\\u3040-\\u30ff\\u4e00-\\u9fff]';

describe('Japanese messages', () => {
  it('put full-width punctuation after Japanese text', () => {
    const halfWidth = texts.filter(([, text]) => new RegExp(`${JAPANESE}[:,.!?;()]`).test(text)).map(([key]) => key);
    expect(halfWidth).toEqual([]);
  });

  it('keep one word per concept', () => {
    expect(ja['secret.undelivered']).toBeTypeOf('function');
    const voided = (ja['secret.undelivered'] as (p: unknown) => string)(sample);
    const undone = (ja['secret.undeliveredReset'] as (p: unknown) => string)(sample);
    expect([voided.includes('破棄'), voided.includes('無効化')]).toEqual([true, false]);
    expect([undone.includes('元に戻しました'), undone.includes('取り消')]).toEqual([true, false]);
  });
});
