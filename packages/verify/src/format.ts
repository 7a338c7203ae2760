// The local checks: a tokenops secret is `<prefix>_` + 30 base62 characters + 6 base62
// characters of CRC32 over everything before them. A secret that fails them is MALFORMED without
// any call (the same rule as tokenops' own; a test holds both to the same answers).
import { crc32 } from 'node:zlib';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CHECKSUM_LENGTH = 6;
const BODY = /^[0-9A-Za-z]{36}$/;

export function hasValidFormat(secret: string, prefix: string): boolean {
  if (
    secret.length !== prefix.length + 37 ||
    !secret.startsWith(`${prefix}_`) ||
    !BODY.test(secret.slice(prefix.length + 1))
  )
    return false;
  const split = secret.length - CHECKSUM_LENGTH;
  let value = crc32(secret.slice(0, split));
  for (let i = secret.length - 1; i >= split; i--) {
    if (secret[i] !== BASE62[value % 62]) return false;
    value = Math.floor(value / 62);
  }
  return true;
}
