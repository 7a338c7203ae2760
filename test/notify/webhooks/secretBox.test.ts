// Signing secrets at rest: sealed, bound to their endpoint, and still opened after
// TOKEN_HASH_SECRET is rotated (the old value in TOKEN_HASH_SECRET_PREVIOUS).
import { describe, expect, it } from 'vitest';
import { newSigningSecret } from '../../../src/domain/webhooks.js';
import { SecretBox } from '../../../src/notify/webhooks/secretBox.js';

const OLD = 'old-token-hash-secret-0123456789abcdef';
const NEW = 'new-token-hash-secret-fedcba9876543210';

describe('sealed signing secrets', () => {
  it('open only for their endpoint, and hold nothing readable', () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const box = new SecretBox(NEW);
    const sealed = box.seal(secret, 'whk_one');
    expect(sealed).not.toContain(secret.slice(6, 20));
    expect(box.seal(secret, 'whk_one')).not.toBe(sealed); // a fresh nonce each time
    expect(box.open(sealed, 'whk_one')).toBe(secret);
    expect(() => box.open(sealed, 'whk_two')).toThrow();
    expect(() => new SecretBox('another-secret-entirely-0123456789').open(sealed, 'whk_one')).toThrow();
  });

  it('survive a rotation of TOKEN_HASH_SECRET', () => {
    const secret = newSigningSecret();
    const sealed = new SecretBox(OLD).seal(secret, 'whk_one');
    expect(new SecretBox(NEW, [OLD]).open(sealed, 'whk_one')).toBe(secret);
  });
});
