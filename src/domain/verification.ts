// The answer to "is this secret valid?", from what storage knows about it, at a given time.
import type { Token } from './tokens.js';
import { effectiveStatus } from './tokens.js';
import type { AllowList, RateLimit } from './policy.js';
import type { VerifiedToken as TokenSummary, VerifyCode, VerifyRequest } from '@tokenops/verify/answer';

/** The answer codes, in the order they are checked (README: HTTP endpoints, Governing use): the first
 *  that applies is the answer. The SDK declares the answer (codes and token summary) for both sides. */
export { VERIFY_CODES, type VerifyCode } from '@tokenops/verify/answer';
/** What the calling API says about one call: the end client's address and the scopes it needs. */
export type { VerifyRequest } from '@tokenops/verify/answer';

/** What verification needs of a token, small enough to cache. */
export type VerifiedToken = {
  tokenId: string;
  status: Token['status'];
  expiresAt: Date | null;
  /** When this secret stops working after a reset with a grace period. */
  secretExpiresAt: Date | null;
  /** Verify-time policy (README: Governing use), compiled once; null: no restriction. */
  allowList: AllowList | null;
  rateLimit: RateLimit | null;
  /** The public description of the token in the verification answer. */
  summary: TokenSummary;
};

export function verdict(found: VerifiedToken | null, now: Date): VerifyCode {
  if (!found) return 'NOT_FOUND';
  // A secret replaced by a reset is unknown once its grace period is over.
  if (found.secretExpiresAt && found.secretExpiresAt <= now) return 'NOT_FOUND';
  const status = effectiveStatus(found, now);
  if (status === 'revoked') return 'REVOKED';
  if (status === 'expired') return 'EXPIRED';
  if (status === 'disabled') return 'DISABLED';
  return 'VALID';
}

/** The policy checks after the status (README: Governing use), before the rate limit, which only a request
 *  that passes them may spend from. */
export function policyVerdict(
  token: VerifiedToken,
  request: VerifyRequest,
): { code: 'FORBIDDEN' } | { code: 'INSUFFICIENT_SCOPE'; missingScopes: string[] } | null {
  if (token.allowList && !token.allowList.allows(request.ip)) return { code: 'FORBIDDEN' };
  const { scopes } = request;
  if (!scopes?.length) return null;
  // Checked before any array (or closure) is made: nearly every request asks only for scopes its token has.
  const has = token.summary.scopes;
  for (const scope of scopes)
    if (!has.includes(scope))
      return {
        code: 'INSUFFICIENT_SCOPE',
        missingScopes: [...new Set(scopes.filter((asked) => !has.includes(asked)))],
      };
  return null;
}
