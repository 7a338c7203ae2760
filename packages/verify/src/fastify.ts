// Fastify: `app.addHook('onRequest', tokenops(verifier))`; handlers then read `request.tokenops`.
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { memoOf, outcomeFor, scopesOf, type GuardOptions, type Outcome, type TokenopsAuth } from './guard.js';
import type { Verifier } from './verifier.js';

declare module 'fastify' {
  interface FastifyRequest {
    tokenops?: TokenopsAuth;
  }
}

/** `ip` defaults to Fastify's `request.ip` (which honours its trustProxy setting). A hook in
 *  Fastify's callback style: a cached answer lets the request on at once, with no promise. */
export function tokenops(verifier: Verifier, options: GuardOptions<FastifyRequest> = {}) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const ip = options.ip ? options.ip(request) : request.ip;
    let passed = false;
    // A refusal is answered here, and then `done` is not called (Fastify's rule for a hook that replies).
    const settle = (outcome: Outcome) => {
      if (!outcome.ok) return void reply.code(outcome.status).headers(outcome.headers).send(outcome.body);
      request.tokenops = outcome.auth;
      passed = true;
      done();
    };
    const outcome = outcomeFor(
      verifier,
      request.headers.authorization,
      { ip, scopes: scopesOf(options, request) },
      memoOf(request.raw.socket),
    );
    if (!(outcome instanceof Promise)) return settle(outcome);
    // An error before the request was passed on is Fastify's to answer, once; one from further on
    // (none is expected) ends the response.
    outcome.then(settle).catch((error: Error) => {
      if (!passed) return done(error);
      if (!reply.sent) void reply.code(500).send();
    });
  };
}
