// Token secrets: `<prefix>_` + 30 base62 characters of CSPRNG randomness + 6 base62 characters
// of CRC32 over everything before them. The checksum lets anyone reject a mistyped or made-up
// secret without a lookup, and lets secret scanners recognise leaks. Only an HMAC digest of a
// secret is ever stored.
import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { crc32 } from 'node:zlib';

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 30;
const CHECKSUM_LENGTH = 6;
/** Characters after `<prefix>_`. */
export const SECRET_BODY_LENGTH = RANDOM_LENGTH + CHECKSUM_LENGTH;

/** Unbiased: bytes of 248 and above (62 × 4) are thrown away rather than folded. */
export function randomBase62(length: number): string {
  if (!Number.isSafeInteger(length) || length < 0)
    throw new RangeError('randomBase62 needs a whole, non-negative length');
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

function checksum(text: string): string {
  let value = crc32(text);
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

export function generateSecret(prefix: string): string {
  const body = `${prefix}_${randomBase62(RANDOM_LENGTH)}`;
  return body + checksum(body);
}

// One compiled pattern per prefix; there is one prefix per deployment (TOKEN_PREFIX).
const shapes = new Map<string, RegExp>();
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Cheap enough to run before any lookup: a shape test and one CRC32 over ~40 bytes. */
export function hasValidFormat(secret: string, prefix: string): boolean {
  let shape = shapes.get(prefix);
  if (!shape) {
    shape = new RegExp(`^${escapeRegExp(prefix)}_[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}$`);
    shapes.set(prefix, shape);
  }
  if (!shape.test(secret)) return false;
  const split = secret.length - CHECKSUM_LENGTH;
  return checksum(secret.slice(0, split)) === secret.slice(split);
}

// The HMAC key imported once per key (there are one or two per deployment): importing it on
// every call was a third of a verification's hashing time.
const hmacKeys = new Map<string, KeyObject>();

export function digestSecret(secret: string, key: string): string {
  let keyObject = hmacKeys.get(key);
  if (!keyObject) {
    keyObject = createSecretKey(Buffer.from(key, 'utf8'));
    hmacKeys.set(key, keyObject);
  }
  return createHmac('sha256', keyObject).update(secret).digest('hex');
}

/** Constant time for equal lengths; digests of one kind always have equal lengths. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Management API keys have the same format under a prefix of their own (`tkomk_…` for `tko`),
 *  so a scanner tells them apart and a key is never mistaken for a token (or verified as one). */
export const managementKeyPrefix = (tokenPrefix: string) => `${tokenPrefix}mk`;

const DISPLAY_ID = /^tok_[0-9A-Za-z]{10}$/;
const KEY_DISPLAY_ID = /^key_[0-9A-Za-z]{10}$/;

/** The public handle of a management key. */
export const generateKeyDisplayId = () => `key_${randomBase62(10)}`;
export const isKeyDisplayId = (text: string) => KEY_DISPLAY_ID.test(text);

/** The public handle of a token: shown everywhere, so it carries nothing of the secret. */
export function generateDisplayId(): string {
  return `tok_${randomBase62(10)}`;
}

export function isDisplayId(text: string): boolean {
  return DISPLAY_ID.test(text);
}
