// A leaked secret, reported by a secret scanner (GitHub, GitLab): it gets LEAK_ACTION at once
// (revoke, disable or notify), its audit trail says where it leaked and who reported it, and
// its owners are told. A leaked management key is handed to the key service (KeyLeaks). One ledger row per secret makes repeated and concurrent reports act
// once. The reporter learns nothing but a label.
import { findSecretShapes, truncate, withoutUnsafeCharacters } from './text.js';
import type { AuditDraft } from './audit.js';
import type { Leak, LeakAction, LeakLedger, LeakReporter } from './ports.js';
import { LEAK_ACTOR } from './permissions.js';
import { digestSecret, hasValidFormat, managementKeyPrefix } from './secret.js';
import type { TokenService } from './tokenService.js';
import type { Token } from './tokens.js';

// The records live with the ports; here too for the callers that speak of leaks.
export type { Leak, LeakAction } from './ports.js';

export type LeakLabel = 'true_positive' | 'false_positive';

/** What people told of a leak hear of its token, as it is when they are told (it may have changed
 *  since the report): revoked by the report, or since; disabled (by the report or before it:
 *  either way, enabling it again would bring the leaked secret back), and expired too (then no
 *  reset can replace its secret); not working (disabled or expired, a `notify` report changing
 *  nothing); or still working. */
export type LeakState = 'revokedNow' | 'revoked' | 'disabled' | 'disabledExpired' | 'inactive' | 'works';

export function leakState(token: Pick<Token, 'status'>, action: LeakAction, expired: boolean): LeakState {
  if (action === 'revoke') return 'revokedNow'; // whatever the token's state: the one action that always applies
  if (token.status === 'revoked') return 'revoked';
  if (token.status === 'disabled' && action === 'disable') return expired ? 'disabledExpired' : 'disabled';
  if (token.status === 'disabled') return 'inactive';
  return expired ? 'inactive' : 'works';
}

type LeakReport = {
  secret: string;
  reporter: LeakReporter;
  /** Where it leaked: a URL or a path. */
  location?: string;
  /** What the reporter found it in (GitHub's `source`: commit, issue_comment…). */
  origin?: string;
};

/** A reported secret that is no token's: the label when it is a management key's (apiKeys.ts
 *  acts on it), null when it is nobody's. */
/** A management key's leak: its label, and whether this report applied the action (false: the
 *  key was reported before). Null when no key has this digest. */
type KeyLeaks = (
  digest: string,
  leak: Pick<Leak, 'reporter' | 'location' | 'origin' | 'action'>,
) => Promise<{ label: LeakLabel; applied: boolean } | null>;

/** The one lookup of a token by its secret's digest, under any of `digests` (the current key's
 *  first, then previous keys') in one round trip; the composition root decides what backs it. */
type FindSecret = (digests: string[]) => Promise<{ token: Token; secretExpiresAt: Date | null } | null>;

const CLAIM_STALE_MS = 10_000;
/** A leak whose notices were not queued this long after it was applied is queued by the sweep. */
const NOTICES_LATE_MS = 30_000;

type LeakServiceOptions = {
  tokens: TokenService;
  ledger: LeakLedger;
  findSecret: FindSecret;
  action: LeakAction;
  tokenPrefix: string;
  hashSecret: string;
  /** Keys of before a rotation: a secret not re-keyed yet is found under one of them. */
  previousHashSecrets?: string[];
  /** Management keys (`<prefix>mk_…`): a leaked one is acted on too. */
  keys?: KeyLeaks;
  /** Told once the action is applied, to tell the token's owners (a queued job; idempotent). */
  onLeak?: (leak: Leak) => Promise<unknown>;
  /** Told when someone who does not administer a token pasted its working secret, for its admins
   *  to hear of it (a queued job, deduplicated per person and token for an hour). */
  onPastedByOther?: (paste: PastedByOther) => Promise<unknown>;
  now?: () => Date;
};

/** What a leak's status reason and audit say, in the stored (English) record. */
const leakReason = (leak: Pick<Leak, 'reporter' | 'location'>) =>
  truncate(`Leaked: ${REPORTED_BY[leak.reporter]}${leak.location ? ` at ${leak.location}` : ''}`, 500);

/** Where a secret posted in Slack was seen, as the leak records it. */
export const slackLeakLocation = (channel: string, ts: string) => `Slack conversation ${channel}, message ${ts}`;
/** The conversation of a secret posted in Slack, from where its leak says it was. */
export const slackLeakChannel = (leak: Pick<Leak, 'reporter' | 'location'>) =>
  leak.reporter === 'slack'
    ? /^Slack conversation ([CGD][A-Z0-9]{2,}), message /.exec(leak.location ?? '')?.[1]
    : undefined;

const REPORTED_BY: Record<LeakReporter, string> = {
  github: 'reported by GitHub secret scanning',
  gitlab: 'reported by GitLab secret detection',
  slack: 'posted in a Slack conversation',
};

/** A token's secret or a management key: the right prefix and shape, and a checksum that adds up. */
const isOurs = (candidate: string, prefix: string) =>
  hasValidFormat(candidate, prefix) || hasValidFormat(candidate, managementKeyPrefix(prefix));

/** Our secrets in a text (a Slack message): tokens' and management keys'. Nothing is looked up
 *  for anything else. */
export function secretsIn(text: string, prefix: string): string[] {
  return [...new Set(findSecretShapes(text, prefix).filter((candidate) => isOurs(candidate, prefix)))];
}

/** Who pasted which token's working secret: its id and theirs, never the secret. */
export type PastedByOther = { tokenId: string; by: string };

export class LeakService {
  private readonly now: () => Date;

  constructor(private readonly options: LeakServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  get action(): LeakAction {
    return this.options.action;
  }

  /**
   * true_positive: a secret of a token that could work (now or again), or one already reported.
   * false_positive: malformed, unknown, or of a token revoked or replaced before the report.
   */
  async report(report: LeakReport): Promise<LeakLabel> {
    const digests = this.digestsOf(report.secret);
    return digests ? this.reportDigests(digests, report) : 'false_positive';
  }

  /** A secret's digests: under the current key (the leak's id), then under the keys of before a
   *  rotation. Null for what is not one of our secrets. What a report needs, without the secret. */
  digestsOf(secret: string): string[] | null {
    if (!isOurs(secret, this.options.tokenPrefix)) return null;
    return [this.options.hashSecret, ...(this.options.previousHashSecrets ?? [])].map((key) =>
      digestSecret(secret, key),
    );
  }

  /** A report of the secret with these digests (digestsOf): as `report`, the secret long gone
   *  (a report confirmed later, such as Slack's report_leak shortcut). */
  async reportDigests(digests: string[], report: Omit<LeakReport, 'secret'>): Promise<LeakLabel> {
    return (await this.reportOutcome(digests, report)).label;
  }

  /** As reportDigests, and whether this report applied LEAK_ACTION: false for a secret reported
   *  before (handled, and its people told, then), so that a reply does not claim it again. */
  async reportOutcome(
    digests: string[],
    report: Omit<LeakReport, 'secret'>,
  ): Promise<{ label: LeakLabel; applied: boolean }> {
    const digest = digests[0]!; // the leak's id, whatever key it is stored under
    const found = await this.find(digests);
    const where = {
      reporter: report.reporter,
      // As the reporter sent them, but storable and showable: no NUL or control characters.
      location: truncate(withoutUnsafeCharacters(report.location ?? ''), 2_000) || null,
      origin: truncate(withoutUnsafeCharacters(report.origin ?? ''), 100) || null,
      action: this.options.action,
    };
    if (!found) return (await this.options.keys?.(digest, where)) ?? { label: 'false_positive', applied: false };
    const replaced = found.secretExpiresAt !== null && found.secretExpiresAt <= this.now();
    if (found.token.status === 'revoked' || replaced)
      return { label: (await this.options.ledger.known(digest)) ? 'true_positive' : 'false_positive', applied: false };

    const { state, leak } = await this.options.ledger.claim(
      digest,
      { tokenId: found.token.id, displayId: found.token.displayId, ...where },
      CLAIM_STALE_MS,
    );
    if (state === 'claimed') await this.apply(leak);
    return { label: 'true_positive', applied: state === 'claimed' };
  }

  /** The token whose working secret someone pasted into Slack (it is in Slack's history now):
   *  enabled, not replaced, not expired. Nothing for anything else. */
  async pasted(secret: string): Promise<Token | null> {
    const digests = this.digestsOf(secret);
    const found = digests && (await this.find(digests));
    if (!found || found.token.status !== 'enabled') return null;
    const now = this.now();
    if (
      (found.secretExpiresAt && found.secretExpiresAt <= now) ||
      (found.token.expiresAt && found.token.expiresAt <= now)
    )
      return null;
    return found.token;
  }

  /** Someone who does not administer `token` pasted its working secret (`pasted`): they cannot
   *  disable or replace it, so its admins are told. */
  async pastedByOther(token: Token, userId: string): Promise<void> {
    await this.options.onPastedByOther?.({ tokenId: token.id, by: userId });
  }

  /** The secret's record under the current key, or one of before a rotation. */
  private find(digests: string[]) {
    return this.options.findSecret(digests);
  }

  /** The action and the leak's record, in one transaction (TokenService.applyLeak). */
  private async apply(leak: Leak): Promise<void> {
    const audit: AuditDraft = {
      actor: LEAK_ACTOR.userId,
      action: 'token.leak',
      outcome: 'ok',
      tokenId: leak.tokenId,
      displayId: leak.displayId,
      reason: `${leak.reporter}: ${leak.location ?? 'no location given'}`.slice(0, 2_000),
      changes: {
        leak: {
          before: null,
          after: { reporter: leak.reporter, location: leak.location, origin: leak.origin, action: leak.action },
        },
      },
    };
    await this.options.tokens.applyLeak(leak, leakReason(leak), audit);
    // Applied before anyone is told: the reporter's answer (GitHub waits 10 s at most) must not
    // wait for the job queue. The notices follow, from the ledger if need be (an outbox).
    void this.queueNotices(leak);
  }

  /** Queues the owners' notices and records that; a failure is left to queueLateNotices. */
  private async queueNotices(leak: Leak): Promise<boolean> {
    try {
      await this.options.onLeak?.(leak);
      await this.options.ledger.noticesQueued(leak.id);
      return true;
    } catch {
      return false;
    }
  }

  /** The outbox's sweep: queues the notices that were not (Redis was down, a process died).
   *  Returns how many leaks it queued. */
  async queueLateNotices(): Promise<number> {
    let queued = 0;
    for (const leak of await this.options.ledger.awaitingNotices(NOTICES_LATE_MS, 100))
      if (await this.queueNotices(leak)) queued++;
    return queued;
  }
}
