// The values that messages of several parts put into words, typed once for both catalogs.
import type { AuditAction } from '../domain/audit.js';

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
  /** Why, as a person typed it. */
  reason?: string;
  /** The token a copy was made of. */
  source?: string;
  /** A leak: who found it (in words) and where. */
  reporter?: string;
  location?: string;
  /** Why a revocation request was closed without a decision. */
  closedBecause?: 'deleted' | 'revoked';
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
