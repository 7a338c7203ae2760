// Fastify: `app.addHook('onRequest', tokenops(verifier))`; handlers then read `request.tokenops`.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, scopesOf, type GuardOptions, type TokenopsAuth } from './guard.js';
import type { Verifier } from './verifier.js';

declare module 'fastify' {
  interface FastifyRequest {
    tokenops?: TokenopsAuth;
  }
}

/** `ip` defaults to Fastify's `request.ip` (which honours its trustProxy setting). */
export function tokenops(verifier: Verifier, options: GuardOptions<FastifyRequest> = {}) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const ip = options.ip ? options.ip(request) : request.ip;
    const outcome = await authenticate(verifier, request.headers.authorization, {
      ip,
      scopes: scopesOf(options, request),
    });
    if (outcome.ok) {
      request.tokenops = outcome.auth;
      return;
    }
    await reply.code(outcome.status).headers(outcome.headers).send(outcome.body);
  };
}
