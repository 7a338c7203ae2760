// node:http: `if (!(await guard(req, res))) return;` then `req.tokenops` holds the token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { outcomeFor, scopesOf, type GuardOptions, type Outcome, type TokenopsAuth } from './guard.js';
import type { Verifier } from './verifier.js';

export type TokenopsRequest = IncomingMessage & { tokenops?: TokenopsAuth };

const YES = Promise.resolve(true);
const NO = Promise.resolve(false);

/** Resolves true with `req.tokenops` set, or false once it has answered the refusal. */
export function nodeGuard(verifier: Verifier, options: GuardOptions<IncomingMessage> = {}) {
  return (req: TokenopsRequest, res: ServerResponse): Promise<boolean> => {
    const ip = options.ip ? options.ip(req) : req.socket.remoteAddress;
    const outcome = outcomeFor(verifier, req.headers.authorization, { ip, scopes: scopesOf(options, req) });
    if (outcome instanceof Promise) return outcome.then((settled) => admit(req, res, settled));
    return admit(req, res, outcome) ? YES : NO;
  };
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
