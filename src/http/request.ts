// What every API handler needs of a request: its body, bounded in size, and a check of the API
// key it presents.
import { hash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

// One-shot hashing: no Hash object per call, on the path of every verification.
const sha256 = (text: string) => hash('sha256', text, 'buffer');

/** Compares against every key, in constant time per key, whatever the lengths. */
export function keyChecker(keys: string[]) {
  const digests = keys.map(sha256);
  return (presented: string | undefined) => {
    const digest = sha256(presented ?? '');
    let ok = false;
    for (const key of digests) ok = timingSafeEqual(key, digest) || ok;
    return ok && digests.length > 0 && presented !== undefined;
  };
}

const AUTHORIZED = Symbol('authorization header this connection was admitted with');
type AdmittedSocket = Socket & { [AUTHORIZED]?: string };

/**
 * Whether a request's `Authorization: Bearer <key>` names one of `keys`. A connection remembers
 * the header it was admitted with, and its next requests with the same header skip the hashing:
 * API clients keep connections alive, so that is nearly every request. The shortcut compares
 * only against what this connection itself sent with a valid key, so it tells no one anything.
 */
export function bearerChecker(keys: string[]) {
  const check = keyChecker(keys);
  return (req: IncomingMessage) => {
    const header = req.headers.authorization;
    const socket = req.socket as AdmittedSocket;
    if (header !== undefined && socket[AUTHORIZED] === header) return true;
    const ok = check(header?.startsWith('Bearer ') ? header.slice(7) : undefined);
    if (ok) socket[AUTHORIZED] = header;
    return ok;
  };
}

/** The raw body, or undefined when it is larger than `maxBytes` (the rest is drained unread). */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        resolve(undefined);
        req.resume(); // drain without keeping it
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
