// The verification answer, as POST /v1/tokens/verify gives it (tokenops README: HTTP endpoints).

/** The answer codes, in the order tokenops checks them: the first that applies is the answer.
 *  tokenops itself takes them from here (`@tokenops/verify/answer`), so the two never differ. */
export const VERIFY_CODES = [
  'VALID',
  'MALFORMED',
  'NOT_FOUND',
  'DISABLED',
  'REVOKED',
  'EXPIRED',
  'FORBIDDEN',
  'INSUFFICIENT_SCOPE',
  'RATE_LIMITED',
] as const;
export type VerifyCode = (typeof VERIFY_CODES)[number];

/** The public description of a token in an answer. */
export type VerifiedToken = {
  id: string;
  label: string;
  owner: { type: 'organization' | 'domain'; organization: string; domain: string | null };
  scopes: string[];
  apiVersion: string;
  expiresAt: string | null;
};

export type RateLimit = { limit: number; remaining: number; resetAt: string };

export type VerifyAnswer = {
  valid: boolean;
  code: VerifyCode;
  /** On VALID, FORBIDDEN, INSUFFICIENT_SCOPE and RATE_LIMITED. */
  token?: VerifiedToken;
  missingScopes?: string[];
  /** For a token with a rate limit, whatever the code. */
  rateLimit?: RateLimit;
};

export type VerifyRequest = { ip?: string; scopes?: string[] };

/** The answer could not be known: tokenops did not answer in time, refused the key, sent an
 *  answer that could not be read, or the change stream is silent and the server unreachable.
 *  Never a reason to let a request in. */
export class VerificationUnavailable extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(message);
    this.name = 'VerificationUnavailable';
  }
}
