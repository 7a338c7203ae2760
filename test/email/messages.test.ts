// The reminder e-mail developers get: what it tells them to do is true of the token's state.
import { describe, expect, it } from 'vitest';
import { reminderEmail } from '../../src/email/messages.js';
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
