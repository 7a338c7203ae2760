// @tokenops/verify: verify tokenops API tokens inside your API. Middleware per framework is in
// @tokenops/verify/node, /express, /fastify and /hono.
export { createVerifier, type SecretMemo, type Verifier, type VerifierOptions } from './verifier.js';
export {
  VerificationUnavailable,
  type RateLimit,
  type VerifiedToken,
  type VerifyAnswer,
  type VerifyCode,
  type VerifyRequest,
} from './answer.js';
export { authenticate, type Outcome, type GuardOptions, type TokenopsAuth } from './guard.js';
