// Express: `app.use(tokenops(verifier))`; handlers then read `req.tokenops`.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { memoOf, outcomeFor, scopesOf, type GuardOptions, type Outcome, type TokenopsAuth } from './guard.js';
import type { Verifier } from './verifier.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      tokenops?: TokenopsAuth;
    }
  }
}

/** `ip` defaults to Express's `req.ip` (which honours its "trust proxy" setting). A cached
 *  answer calls `next` at once, with no promise. */
export function tokenops(verifier: Verifier, options: GuardOptions<Request> = {}): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const ip = options.ip ? options.ip(req) : req.ip;
    let passed = false;
    const settle = (outcome: Outcome) => {
      if (!outcome.ok) return void res.status(outcome.status).set(outcome.headers).json(outcome.body);
      req.tokenops = outcome.auth;
      passed = true;
      next();
    };
    const outcome = outcomeFor(
      verifier,
      req.headers.authorization,
      { ip, scopes: scopesOf(options, req) },
      memoOf(req.socket),
    );
    if (!(outcome instanceof Promise)) return settle(outcome);
    // An error before the request was passed on goes to Express's error handling, once; one from
    // further on (none is expected: Express catches its handlers' throws) ends the response.
    outcome.then(settle).catch((error: unknown) => {
      if (!passed) return next(error);
      if (res.headersSent) res.destroy();
      else res.status(500).end();
    });
  };
}
