// node:http: `if (!(await guard(req, res))) return;` then `req.tokenops` holds the token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, scopesOf, type GuardOptions, type TokenopsAuth } from './guard.js';
import type { Verifier } from './verifier.js';

export type TokenopsRequest = IncomingMessage & { tokenops?: TokenopsAuth };

/** Resolves true with `req.tokenops` set, or false once it has answered the refusal. */
export function nodeGuard(verifier: Verifier, options: GuardOptions<IncomingMessage> = {}) {
  return async (req: TokenopsRequest, res: ServerResponse): Promise<boolean> => {
    const ip = options.ip ? options.ip(req) : req.socket.remoteAddress;
    const outcome = await authenticate(verifier, req.headers.authorization, { ip, scopes: scopesOf(options, req) });
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
  };
}
