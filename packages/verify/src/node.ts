// node:http: `if (!(await guard(req, res))) return;` then `req.tokenops` holds the token. Or, with
// no promise at all on a cached answer, `guard(req, res, () => handle(req, res))`: `next` is called
// at once when the answer is cached, later when tokenops is asked, never when refused.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { memoOf, outcomeFor, scopesOf, type GuardOptions, type Outcome, type TokenopsAuth } from './guard.js';
import type { Verifier } from './verifier.js';

export type TokenopsRequest = IncomingMessage & { tokenops?: TokenopsAuth };

const YES = Promise.resolve(true);
const NO = Promise.resolve(false);

type NodeGuard = {
  /** Resolves true with `req.tokenops` set, or false once it has answered the refusal. */
  (req: TokenopsRequest, res: ServerResponse): Promise<boolean>;
  /** Calls `next` with `req.tokenops` set; a refusal is answered and `next` never called. An error
   *  that is no verification answer (none is expected), or a throw from `next` once tokenops was
   *  asked, is answered 500. */
  (req: TokenopsRequest, res: ServerResponse, next: () => void): void;
};

/** `req.headers.authorization` (the first one sent), read from the raw list: `req.headers` is an
 *  object node:http builds on first read, a measurable part of a cached verification that needs
 *  no other header. tokenops' own verification endpoint reads its key this way too. */
export function authorizationOf(req: IncomingMessage): string | undefined {
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 13 && (name === 'authorization' || name.toLowerCase() === 'authorization')) return raw[i + 1];
  }
  return undefined;
}

export function nodeGuard(verifier: Verifier, options: GuardOptions<IncomingMessage> = {}): NodeGuard {
  return ((req: TokenopsRequest, res: ServerResponse, next?: () => void): Promise<boolean> | void => {
    const ip = options.ip ? options.ip(req) : req.socket.remoteAddress;
    const outcome = outcomeFor(
      verifier,
      authorizationOf(req),
      { ip, scopes: scopesOf(options, req) },
      memoOf(req.socket),
    );
    if (!next) {
      if (outcome instanceof Promise) return outcome.then((settled) => admit(req, res, settled));
      return admit(req, res, outcome) ? YES : NO;
    }
    if (!(outcome instanceof Promise)) {
      if (admit(req, res, outcome)) next();
      return;
    }
    // A throw after the answer (from `next` too) must not become an unhandled rejection that
    // ends the process: 500 when nothing was sent yet, else the connection is closed.
    outcome
      .then((settled) => admit(req, res, settled) && next())
      .catch(() => (res.headersSent ? res.destroy() : res.writeHead(500).end()));
  }) as NodeGuard;
}

function admit(req: TokenopsRequest, res: ServerResponse, outcome: Outcome): boolean {
  if (outcome.ok) {
    req.tokenops = outcome.auth;
    return true;
  }
  const body = JSON.stringify(outcome.body);
  res.writeHead(outcome.status, {
    ...outcome.headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
  return false;
}
