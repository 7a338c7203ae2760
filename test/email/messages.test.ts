// The e-mails developers get (reminders, leaks): what they say of a token is true of its state.
import { describe, expect, it } from 'vitest';
import { leakEmail, reminderEmail } from '../../src/email/messages.js';
import { aToken } from '../slack/unit/fakeArguments.js';

const DAY = 86_400_000;
const expiresAt = new Date('2030-01-10T00:00:00Z');

describe('reminder e-mail', () => {
  it('promises the same secret works again after an extension only where the token is enabled', () => {
    const after = new Date(expiresAt.getTime() + DAY);
    const enabled = reminderEmail(aToken({ expiresAt }), 0, after).text;
    expect(enabled).toContain('the same secret then works again');
    const disabled = reminderEmail(aToken({ expiresAt, status: 'disabled' }), 0, after).text;
    expect(disabled).toContain('This token is disabled and has expired');
    expect(disabled).toContain('extend it and enable it again');
    expect(disabled).not.toContain('works again');
    expect(disabled).toContain('無効化されています（有効期限も切れています）');
  });

  it('states the time left, and a disabled token as disabled before it expires', () => {
    const before = new Date(expiresAt.getTime() - 3 * DAY);
    expect(reminderEmail(aToken({ expiresAt }), 7, before).subject).toContain('expires in 3 days');
    const disabled = reminderEmail(aToken({ expiresAt, status: 'disabled' }), 7, before).text;
    expect(disabled).toContain('This token is disabled: requests with it are refused.');
    expect(disabled).not.toContain('before it stops working');
  });
});

describe('leak e-mail', () => {
  const found = { reporter: 'github' as const, location: 'https://github.com/acme/app/blob/main/.env' };
  const now = new Date('2030-01-01T00:00:00Z');

  it('says a token still works only when it does (LEAK_ACTION=notify)', () => {
    expect(leakEmail(aToken({ expiresAt }), { ...found, action: 'notify' }, now).text).toContain(
      'It still works until an admin resets its secret',
    );
    for (const token of [aToken({ expiresAt, status: 'disabled' }), aToken({ expiresAt: now })]) {
      const text = leakEmail(token, { ...found, action: 'notify' }, now).text;
      expect(text).toContain('It does not work now, as it is disabled or expired.');
      expect(text).not.toContain('still works');
      expect(text).toContain('現在は使えません');
    }
  });

  it('says what is true of a token disabled or revoked before the report, not that the report did it', () => {
    const disabled = leakEmail(aToken({ status: 'disabled' }), { ...found, action: 'disable' }, now).text;
    expect(disabled).toContain('It is disabled. Ask an admin for a replacement');
    expect(disabled).not.toContain('at once');
    const revoked = leakEmail(aToken({ status: 'revoked' }), { ...found, action: 'disable' }, now).text;
    expect(revoked).toContain('It is revoked. Ask an admin for a replacement');
    expect(revoked).toContain('このトークンは取り消されています。');
    const expired = leakEmail(aToken({ status: 'disabled', expiresAt: now }), { ...found, action: 'disable' }, now);
    expect(expired.text).toContain('It is disabled and has expired.');
  });
});
