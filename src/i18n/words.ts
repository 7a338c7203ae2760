// The values that messages of several parts put into words, typed once for both catalogs.
import type { AuditAction } from '../domain/audit.js';
import type { ErrorCode } from '../domain/errors.js';
import type { ApprovalRequest } from '../domain/ports.js';

/**
 * One history entry, as the catalogs need it to say what happened. Every value is optional:
 * entries written by older versions lack some, and the sentence must still read whole.
 */
export type AuditWords = {
  action: AuditAction;
  /** The changed fields, already a list in the reader's language. */
  fields?: string;
  /** API versions before and after. */
  from?: string;
  to?: string;
  /** A date (reset: until when the old secret works; extend: the new expiry), and whether it is past now. */
  until?: string;
  passed?: boolean;
  /** Extended to never expire. */
  never?: boolean;
  /** An "extension" to an expiry earlier than the one it had (the command sets any the policy allows). */
  earlier?: boolean;
  /** Why, as a person typed it. */
  reason?: string;
  /** The token a copy was made of. */
  source?: string;
  /** A leak: who found it (in words) and where. */
  reporter?: string;
  location?: string;
  /** A request (request.*) for a change of the token under an approval policy, not for a new token. */
  change?: 'revoke' | 'reset' | 'extend';
  /** A request failed because its secret reached nobody (the token voided, or the reset undone). */
  undelivered?: boolean;
  /** Why a revocation request was closed without a decision. */
  closedBecause?: 'deleted' | 'revoked' | 'not_posted';
  /** A Slack error code. */
  error?: string;
  /** Tenants: a user, a role in words, an organization or domain name. */
  user?: string;
  role?: string;
  organization?: string;
  domain?: string;
};

/** A refusal's code and the values it was refused with (older entries have none). */
export type RefusalWords = { code: string; params: Record<string, string | number | undefined> };

/** A text, or a function of the values it puts into words. */
export type Worded<P> = string | ((p: P) => string);
export const say = <P>(text: Worded<P>, p: P) => (typeof text === 'function' ? text(p) : text);

/** What each language says of a history entry: by action, what was done (a phrase after the
 *  actor) and what was tried when it was refused; by refusal code, why. */
export type AuditTexts = {
  did: Record<AuditAction, Worded<AuditWords>>;
  tried: Record<AuditAction, string>;
  why: Record<ErrorCode, Worded<RefusalWords['params']>>;
};

/** What an entry did, in a language's words. */
export const didText = (did: AuditTexts['did'], entry: AuditWords) => say(did[entry.action], entry);

/** One refusal reason in a language's words; a code it has no words for (from an older version) as itself. */
export const reasonIn = (why: AuditTexts['why'], p: RefusalWords) =>
  p.code in why ? say(why[p.code as ErrorCode], p.params) : p.code;

export type RequestState = ApprovalRequest['state'];

/** The `request.state.<state>` messages, from a language's name for each state. */
export const stateMessages = (names: Record<RequestState, string>) =>
  Object.fromEntries(Object.entries(names).map(([state, name]) => [`request.state.${state}`, name])) as {
    [S in RequestState as `request.state.${S}`]: string;
  };
