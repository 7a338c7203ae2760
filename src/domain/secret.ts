// Token secrets: `<prefix>_` + 30 base62 characters of CSPRNG randomness + 6 base62 characters
// of CRC32 over everything before them. The checksum lets anyone reject a mistyped or made-up
// secret without a lookup, and lets secret scanners recognise leaks. Only an HMAC digest of a
// secret is ever stored.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 30;
const CHECKSUM_LENGTH = 6;

/** Unbiased: bytes of 248 and above (62 × 4) are thrown away rather than folded. */
export function randomBase62(length: number): string {
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

const shapes = new Map<string, RegExp>();

export function hasValidFormat(secret: string, prefix: string): boolean {
  let shape = shapes.get(prefix);
  if (!shape) {
    shape = new RegExp(`^${prefix}_[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}$`);
    shapes.set(prefix, shape);
  }
  if (!shape.test(secret)) return false;
  const split = secret.length - CHECKSUM_LENGTH;
  return checksum(secret.slice(0, split)) === secret.slice(split);
}

export function digestSecret(secret: string, key: string): string {
  return createHmac('sha256', key).update(secret).digest('hex');
}

export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export const generateDisplayId = () => `tok_${randomBase62(10)}`;
export const isDisplayId = (text: string) => /^tok_[0-9A-Za-z]{10}$/.test(text);
