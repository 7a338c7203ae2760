// What every API handler needs of a request: its body, bounded in size, and a check of the API
// key it presents.
import { hash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

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
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
