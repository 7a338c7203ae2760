// The reminder store's port and the records it carries (re-exported by ports.ts, where every
// storage port is found): due reminders claimed by a scan, and the delivery log they go through.
import type { Owner } from './permissions.js';
import type { Token } from './tokens.js';

/** A due reminder: one per token, kind and threshold. */
export type Notice = {
  tokenId: string;
  kind: 'expiry' | 'review' | 'leak' | 'stale';
  epoch: number;
  threshold: number;
};
/** A notice sent alone (a deactivated primary contact's): `message`, the key of its DM, logged as its digest. */
export type NoticeKey = Notice | (Omit<Notice, 'kind'> & { kind: 'orphaned_contact'; message: string });

/** A token a scan found due, as the store read it (locked until the plan is written). */
export type DueToken = {
  id: string;
  status: string;
  expiresAt: Date | null;
  reminderEpoch: number;
  nextReviewAt: Date | null;
  primaryContact: string;
  createdBy: string;
  developerEmails: string[];
};

/** What a scan does: the deliveries to queue (a notice and a recipient each), each token's next
 *  due times (null: none), and how many reminders that is. */
export type DuePlan = {
  deliveries: Array<[Notice, string]>;
  nextReminderAt: Map<string, Date | null>;
  nextReviewAt: Map<string, Date | null>;
  reminders: number;
};

export interface ReminderStore {
  /** Claims up to `limit` tokens due at `now` (expiry reminders, contact reviews) and writes
   *  what `plan` decides of them (planDue): the deliveries, one per recipient (the outbox), and
   *  each token's next due times, in one transaction; returns how many reminders. */
  claimDue(
    now: Date,
    limit: number,
    plan: (due: { expiring: DueToken[]; reviews: DueToken[] }) => DuePlan,
  ): Promise<number>;
  /** Claims up to `limit` tokens unused since `unusedSince` and not kept past `now`: queues one
   *  delivery per admin of each one's owner and marks it as listed until `listedUntil`, in one
   *  transaction (a repeated scan finds them listed); returns how many tokens. */
  claimStale(
    now: Date,
    window: { unusedSince: Date; listedUntil: Date; workspaceAdmins: string[] },
    limit: number,
  ): Promise<number>;
  /** Queues deliveries of a claimed reminder (a repeated one stays as it is). */
  queueDeliveries(deliveries: Array<[Notice, string]>): Promise<void>;
  /** Everyone with reminders queued, or left mid-send by a worker that died. */
  waitingRecipients(): Promise<string[]>;
  /** A recipient's next batch: what a dead attempt left mid-send (`resuming`, under its digest
   *  key), else up to `limit` queued reminders, marked as sending under `digest`. */
  takeBatch(
    recipient: string,
    digest: string,
    limit: number,
  ): Promise<{ digest: string; resuming: boolean; notices: Notice[] }>;
  /** Ends deliveries of a batch: sent, failed for good, skipped (the token changed since), or
   *  back to queued (Slack refused before posting). */
  settle(
    recipient: string,
    notices: Notice[],
    state: 'sent' | 'failed' | 'skipped' | 'queued',
    error?: string,
  ): Promise<void>;
  /** Tokens by id, with their reminder epoch (absent: deleted). */
  tokens(tokenIds: string[]): Promise<Map<string, { token: Token; reminderEpoch: number }>>;
  /** sent or failed for good, sending (a worker died in the middle), or undefined (never tried). */
  deliveryState(notice: Notice, recipient: string): Promise<string | undefined>;
  /** Marks a delivery as under way, before the send; false when someone else already has. */
  claim(notice: NoticeKey, recipient: string): Promise<boolean>;
  /** Written as the send is confirmed (or refused for good). */
  record(notice: NoticeKey, recipient: string, state: 'sent' | 'failed', error?: string): Promise<void>;
  /** The digests that carried a token's reminders of `kind` (or its notices of a deactivated
   *  primary contact) to Slack users, sent in the last 90 days, newest first (at most 500): where
   *  every recipient's copy is (an orphaned contact's notice: its own key). `digest` null: sent
   *  by the release before digests, or an orphaned contact's notice from before its key was logged. */
  sentCopies(
    tokenId: string,
    kind: 'expiry' | 'review' | 'stale' | 'orphaned_contact',
  ): Promise<Array<{ recipient: string; digest: string | null }>>;
  /** The epoch of a token's notices that its primary contact is gone: that of the latest ones
   *  when their message keys start with `sameContact` (a repeated report of that orphaning), else
   *  the next one (a contact chosen since was deactivated too). */
  orphanEpoch(tokenId: string, sameContact: string): Promise<number>;
  /** Live tokens whose primary contact is this user. */
  tokensWithContact(userId: string): Promise<Token[]>;
  /** Verifications refused by a token's policy (FORBIDDEN, INSUFFICIENT_SCOPE, RATE_LIMITED) since
   *  `since`, by token id (a token none were refused for is absent). */
  refusedSince(tokenIds: string[], since: Date): Promise<Map<string, number>>;
  /** A token.refused event, unless the token had one within `windowMs`: true when written. */
  refusalEvent(token: Token, code: 'FORBIDDEN' | 'RATE_LIMITED', windowMs: number): Promise<boolean>;
  /** The admins of an owner who hold a grant (workspace admins from configuration come on top);
   *  null: workspace admins only. */
  adminsOf(owner: Owner | null): Promise<string[]>;
}

/** Where a message is: its conversation and its ts. */
export type MessagePlace = { channel: string; ts: string };

/** What a copy recorded in AskedCopies asks about: a token's pasted secret ("disable it?"), or a
 *  request its requester may withdraw. */
export const askedAbout = {
  pasted: (tokenId: string) => `pasted:${tokenId}`,
  request: (requestId: string) => `request:${requestId}`,
};

/**
 * Copies of a question asked by DM outside the reminder digests (a pasted secret's "disable it?"
 * to each admin, a requester's Withdraw): where each one is, so that once the question is
 * answered, by any path, every copy is rewritten to say so. Not tied to the token: the copies of
 * a deleted token's notice are found too. A copy is forgotten once rewritten, or after 90 days.
 */
export interface AskedCopies {
  /** Records a copy of `subject` (askedAbout) sent to `recipient` (again: nothing changes). */
  add(subject: string, recipient: string, place: MessagePlace): Promise<void>;
  /** The copies of `subject` of the last 90 days, newest first (at most 500). */
  of(subject: string): Promise<Array<MessagePlace & { recipient: string }>>;
  /** Forgets copies rewritten (or gone from Slack). */
  forget(places: MessagePlace[]): Promise<void>;
}
