// What every API handler needs of a request: its body, bounded in size, a check of the API key
// it presents, and a throttle on clients that keep presenting wrong ones.
import { hash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { z } from 'zod';
import { ClientBudget } from '../verification/clientBudget.js';
import { sendJson } from './server.js';
import { authorizationOf } from '@tokenops/verify/node';

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

/** What follows `Bearer ` in an Authorization header (its scheme in any case: RFC 7235), else
 *  undefined. */
export const bearerOf = (header: string | undefined): string | undefined =>
  header !== undefined && /^bearer /i.test(header) ? header.slice(7) : undefined;

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
    const header = authorizationOf(req);
    const socket = req.socket as AdmittedSocket;
    if (header !== undefined && socket[AUTHORIZED] === header) return true;
    const ok = check(bearerOf(header));
    // Not enumerable: util.inspect of a socket or request (a debug log) does not print the key.
    if (ok) Object.defineProperty(socket, AUTHORIZED, { value: header, writable: true, configurable: true });
    return ok;
  };
}

/** Wrong or missing keys a client address may send: a burst, then one a second. */
const REFUSED_KEYS = { burst: 20, perSecond: 1 };

/**
 * Per client address, for an API whose key was refused: true when the client has sent too many
 * wrong keys lately and was answered 429 too_many_attempts (the caller answers nothing more);
 * false when the caller should answer its usual 401. Guessing keys then costs time, not just
 * requests; a client presenting a right key is never held back.
 */
export function wrongKeyThrottle(refuse: (res: ServerResponse) => void = tooManyAttempts) {
  const budget = new ClientBudget(REFUSED_KEYS.burst, REFUSED_KEYS.perSecond);
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const client = req.socket.remoteAddress ?? 'unknown';
    if (budget.spend(client)) return false;
    res.setHeader('retry-after', String(budget.retryAfterSeconds(client)));
    refuse(res);
    return true;
  };
}

const tooManyAttempts = (res: ServerResponse) =>
  sendJson(res, 429, {
    error: 'too_many_attempts',
    message: 'Too many requests with a wrong or missing key; wait before retrying.',
  });

/** The raw body, or undefined when it is larger than `maxBytes` (the rest is drained unread). */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => onBody(req, maxBytes, resolve, reject));
}

/** readBody with callbacks, for the verification path: no promise and no microtask per request.
 *  Exactly one of `done` and `failed` is called, once. */
export function onBody(
  req: IncomingMessage,
  maxBytes: number,
  done: (body: Buffer | undefined) => void,
  failed: (error: unknown) => void,
): void {
  let first: Buffer | undefined;
  let more: Buffer[] | undefined;
  let size = 0;
  let settled = false;
  req.on('data', (chunk: Buffer) => {
    if (settled) return;
    size += chunk.length;
    if (size > maxBytes) {
      settled = true;
      first = more = undefined;
      req.resume(); // drain without keeping it
      return done(undefined);
    }
    if (!first) first = chunk;
    else (more ??= [first]).push(chunk);
  });
  req.on('end', () => {
    if (settled) return;
    settled = true;
    done(more ? Buffer.concat(more) : (first ?? Buffer.alloc(0)));
  });
  req.on('error', (error) => {
    if (settled) return;
    settled = true;
    failed(error);
  });
}

/** A JSON body as `schema` reads it; undefined once 400 invalid_body was answered (`expected`: what it should have been). */
export function parsedBody<T extends z.ZodType>(res: ServerResponse, body: Buffer, schema: T, expected: string) {
  try {
    return schema.parse(JSON.parse(body.toString('utf8'))) as z.infer<T>;
  } catch {
    sendJson(res, 400, { error: 'invalid_body', message: expected });
    return undefined;
  }
}
