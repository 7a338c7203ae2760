// Signing secrets at rest: AES-256-GCM under a key derived (HKDF-SHA256) from TOKEN_HASH_SECRET,
// bound to the endpoint's id. Keys of TOKEN_HASH_SECRET_PREVIOUS still open what they sealed,
// so rotating that variable does not break endpoints.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const keyFrom = (secret: string) => Buffer.from(hkdfSync('sha256', secret, 'tokenops', 'webhook signing secrets', 32));

export class SecretBox {
  private readonly keys: Buffer[];

  constructor(current: string, previous: string[] = []) {
    this.keys = [current, ...previous].map(keyFrom);
  }

  seal(plain: string, boundTo: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0]!, iv).setAAD(Buffer.from(boundTo));
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), sealed]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** Throws when no key opens it (sealed under a key no longer configured, or tampered with). */
  open(box: string, boundTo: string): string {
    const [version, iv, tag, sealed] = box.split('.');
    if (version !== VERSION || !iv || !tag || sealed === undefined) throw new Error('not a sealed signing secret');
    for (const key of this.keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
          .setAAD(Buffer.from(boundTo))
          .setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        // the next key, if any
      }
    }
    throw new Error(
      'no configured key opens this signing secret (TOKEN_HASH_SECRET changed without TOKEN_HASH_SECRET_PREVIOUS?)',
    );
  }
}
