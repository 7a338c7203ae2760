// Hono: `app.use(tokenops(verifier))`; handlers then read `c.get('tokenops')`.
import type { Context, MiddlewareHandler } from 'hono';
import { memoOf, outcomeFor, scopesOf, type GuardOptions, type TokenopsAuth } from './guard.js';
import type { Verifier } from './verifier.js';

export type TokenopsVariables = { Variables: { tokenops: TokenopsAuth } };

type NodeBindings = { incoming?: { socket?: { remoteAddress?: string } } };

/** `ip` defaults to the socket's address under @hono/node-server; give it on other runtimes. A
 *  cached answer is used without waiting on a promise of its own; under @hono/node-server, a
 *  connection's repeated token is not hashed again (guard.ts, memoOf). */
export function tokenops(
  verifier: Verifier,
  options: GuardOptions<Context> = {},
): MiddlewareHandler<TokenopsVariables> {
  return async (c, next) => {
    const socket = (c.env as NodeBindings | undefined)?.incoming?.socket;
    const ip = options.ip ? options.ip(c) : socket?.remoteAddress;
    const found = outcomeFor(
      verifier,
      c.req.header('authorization'),
      { ip, scopes: scopesOf(options, c) },
      memoOf(socket), // none on runtimes without one
    );
    const outcome = found instanceof Promise ? await found : found;
    if (!outcome.ok) return c.json(outcome.body, outcome.status, outcome.headers);
    c.set('tokenops', outcome.auth);
    await next();
  };
}
