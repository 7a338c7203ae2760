// The answer to "is this secret valid?", from what storage knows about it, at a given time.
import type { Token } from './tokens.js';
import { effectiveStatus } from './tokens.js';

export type VerifyCode = 'VALID' | 'MALFORMED' | 'NOT_FOUND' | 'DISABLED' | 'REVOKED' | 'EXPIRED';

/** What verification needs of a token, small enough to cache. */
export type VerifiedToken = {
  tokenId: string;
  status: Token['status'];
  expiresAt: Date | null;
  /** When this secret stops working after a reset with a grace period. */
  secretExpiresAt: Date | null;
  /** The public description of the token in the verification answer. */
  summary: {
    id: string;
    label: string;
    owner: { type: 'organization' | 'domain'; organization: string; domain: string | null };
    scopes: string[];
    apiVersion: string;
    expiresAt: string | null;
  };
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
