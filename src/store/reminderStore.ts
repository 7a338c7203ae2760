// Due reminders and the delivery log, over PostgreSQL. Finding due reminders reads the
// next_reminder_at / next_review_at indexes from the start up to now: its cost grows with the
// number of due reminders, not with the number of tokens.
import type { DueToken, Notice, NoticeKey, ReminderStore } from '../domain/ports.js';
import type { Db } from './prisma.js';
import { TOKENS_BY_IDS, tokenFromRow, type TokenRow } from './sql/tokens.js';
import type { Prisma } from '../generated/prisma/client.js';
import { eventBody, publicToken, refusedEvent } from '../domain/events.js';
import { writeEventOncePer, writeTokenEvents } from './events.js';
import {
  DUE_REMINDERS,
  DUE_REVIEWS,
  LIVE_TOKENS_WITH_CONTACT,
  ORPHAN_EPOCH,
  QUEUE_DELIVERIES,
  REFUSED_SINCE,
  SENT_COPIES,
  SENDING,
  SETTLE,
  SET_STALE_KEPT,
  STALE_TOKENS,
  TAKE_QUEUED,
  TOKENS_WITH_EPOCH,
  WAITING_RECIPIENTS,
  setNextDue,
  type DueRow,
  type EpochTokenRow,
  type NoticeRow,
  type StaleRow,
} from './sql/reminders.js';

const dueToken = (row: DueRow): DueToken => ({
  id: row.id,
  status: row.status,
  expiresAt: row.expires_at,
  reminderEpoch: row.reminder_epoch,
  nextReviewAt: row.next_review_at,
  primaryContact: row.primary_contact,
  createdBy: row.created_by,
  developerEmails: row.developer_emails,
});
const key = (notice: NoticeKey, recipient: string) => ({
  tokenId: notice.tokenId,
  kind: notice.kind,
  epoch: notice.epoch,
  threshold: notice.threshold,
  recipient,
});
/** What a claimed notice sent alone logs of its message: the key a rewrite finds it by. */
const message = (notice: NoticeKey) => ('message' in notice ? { digest: notice.message } : {});

/** Queues deliveries (a repeated one stays as it is). */
async function queueIn(client: Pick<Db, '$executeRawUnsafe'>, deliveries: Array<[Notice, string]>) {
  if (!deliveries.length) return;
  const column = <K extends keyof Notice>(k: K) => deliveries.map(([notice]) => notice[k]);
  await client.$executeRawUnsafe(
    QUEUE_DELIVERIES,
    column('tokenId'),
    column('kind'),
    column('epoch'),
    column('threshold'),
    deliveries.map(([, recipient]) => recipient),
  );
}

/** A `token.expiring` event per token entering a reminder threshold (0: it expired), in the
 *  transaction that queues its reminders. */
async function expiringEvents(tx: Prisma.TransactionClient, deliveries: Array<[Notice, string]>, now: Date) {
  const thresholds = new Map(
    deliveries.flatMap(([notice]) => (notice.kind === 'expiry' ? [[notice.tokenId, notice.threshold] as const] : [])),
  );
  if (!thresholds.size) return;
  const rows = await tx.$queryRawUnsafe<TokenRow[]>(TOKENS_BY_IDS, [...thresholds.keys()]);
  await writeTokenEvents(
    tx,
    rows.map(tokenFromRow).map((token) => {
      const threshold = thresholds.get(token.id)!;
      const body = eventBody('token.expiring', now, {
        token: publicToken(token),
        thresholdDays: threshold,
        expired: threshold === 0,
      });
      return { body, tokenId: token.id };
    }),
  );
}

/** The admins of an owner who hold a grant; without an owner, the workspace admins. */
async function grantedAdmins(
  client: Pick<Db, 'roleGrant'>,
  owner: { organizationId: string; domainId?: string | null } | undefined,
) {
  const grants = await client.roleGrant.findMany({
    where: {
      OR: [
        { role: 'workspace_admin' },
        ...(owner ? [{ role: 'org_admin' as const, organizationId: owner.organizationId }] : []),
        ...(owner?.domainId ? [{ role: 'domain_admin' as const, domainId: owner.domainId }] : []),
      ],
    },
    select: { userId: true },
  });
  return [...new Set(grants.map((grant) => grant.userId))];
}

export function createReminderStore(db: Db): ReminderStore {
  return {
    /**
     * Claims up to `limit` due tokens and writes what `plan` decides of them: deliveries per
     * recipient (the outbox the digests read) and each token's next due times, in one
     * transaction, so a crash queues and advances nothing and the next scan finds them again.
     * Concurrent scans skip each other's rows.
     */
    async claimDue(now, limit, plan) {
      return db.$transaction(
        async (tx) => {
          const read = async (sql: string) => (await tx.$queryRawUnsafe<DueRow[]>(sql, now, limit)).map(dueToken);
          const decided = plan({ expiring: await read(DUE_REMINDERS), reviews: await read(DUE_REVIEWS) });
          await queueIn(tx, decided.deliveries);
          await expiringEvents(tx, decided.deliveries, now);
          const update = async (column: 'next_reminder_at' | 'next_review_at', next: Map<string, Date | null>) => {
            if (!next.size) return;
            const ids = [...next.keys()];
            await tx.$executeRawUnsafe(
              setNextDue(column),
              ids,
              ids.map((id) => next.get(id) ?? null),
            );
          };
          await update('next_reminder_at', decided.nextReminderAt);
          await update('next_review_at', decided.nextReviewAt);
          return decided.reminders;
        },
        { timeout: 30_000 },
      );
    },

    async claimStale(now, { unusedSince, listedUntil, workspaceAdmins }, limit) {
      return db.$transaction(
        async (tx) => {
          const rows = await tx.$queryRawUnsafe<StaleRow[]>(STALE_TOKENS, now, unusedSince, limit);
          const admins = new Map<string, string[]>(); // by owner
          const deliveries: Array<[Notice, string]> = [];
          for (const row of rows) {
            const owner = `${row.organization_id}/${row.domain_id}`;
            if (!admins.has(owner))
              admins.set(owner, [
                ...new Set([
                  ...(await grantedAdmins(tx, { organizationId: row.organization_id, domainId: row.domain_id })),
                  ...workspaceAdmins,
                ]),
              ]);
            for (const admin of admins.get(owner)!)
              deliveries.push([{ tokenId: row.id, kind: 'stale', epoch: row.epoch, threshold: 0 }, admin]);
          }
          await queueIn(tx, deliveries);
          if (rows.length)
            await tx.$executeRawUnsafe(
              SET_STALE_KEPT,
              rows.map((row) => row.id),
              listedUntil,
            );
          return rows.length;
        },
        { timeout: 30_000 },
      );
    },

    queueDeliveries: (deliveries) => queueIn(db, deliveries),

    async waitingRecipients() {
      return (await db.$queryRawUnsafe<Array<{ recipient: string }>>(WAITING_RECIPIENTS)).map((row) => row.recipient);
    },

    async takeBatch(recipient, digest, limit) {
      const notice = (row: NoticeRow): Notice => ({
        tokenId: row.token_id,
        kind: row.kind,
        epoch: row.epoch,
        threshold: row.threshold,
      });
      const left = await db.$queryRawUnsafe<NoticeRow[]>(SENDING, recipient, limit);
      if (left.length) {
        const key = left[0]!.digest;
        return { digest: key, resuming: true, notices: left.filter((row) => row.digest === key).map(notice) };
      }
      const taken = await db.$queryRawUnsafe<NoticeRow[]>(TAKE_QUEUED, recipient, digest, limit);
      return { digest, resuming: false, notices: taken.map(notice) };
    },

    async settle(recipient, notices, state, error) {
      if (!notices.length) return;
      await db.$executeRawUnsafe(
        SETTLE,
        recipient,
        notices.map((n) => n.tokenId),
        notices.map((n) => n.kind),
        notices.map((n) => n.epoch),
        notices.map((n) => n.threshold),
        state,
        error ?? null,
      );
    },

    async tokens(tokenIds) {
      const rows = await db.$queryRawUnsafe<EpochTokenRow[]>(TOKENS_WITH_EPOCH, tokenIds);
      return new Map(rows.map((row) => [row.id, { token: tokenFromRow(row), reminderEpoch: row.reminder_epoch }]));
    },

    /** The log's word on a delivery: sent or failed for good, sending (a worker died in the
     *  middle: it may or may not have reached Slack), or undefined (never tried). */
    async deliveryState(notice, recipient) {
      return (
        await db.notification.findUnique({ where: { tokenId_kind_epoch_threshold_recipient: key(notice, recipient) } })
      )?.state;
    },

    /** Marks a delivery as under way, before the send; false when someone else already has. */
    async claim(notice, recipient) {
      const { count } = await db.notification.createMany({
        data: [{ ...key(notice as Notice, recipient), kind: notice.kind, state: 'sending', ...message(notice) }],
        skipDuplicates: true,
      });
      return count === 1;
    },

    /** Written as the send is confirmed (or refused for good). */
    async record(notice, recipient, state, error) {
      const data = { ...key(notice as Notice, recipient), kind: notice.kind };
      await db.notification.upsert({
        where: { tokenId_kind_epoch_threshold_recipient: data },
        create: { ...data, state, error, ...message(notice) },
        update: { state, error },
      });
    },

    async sentCopies(tokenId, kind) {
      return db.$queryRawUnsafe<Array<{ recipient: string; digest: string | null }>>(SENT_COPIES, tokenId, kind);
    },

    async orphanEpoch(tokenId, sameContact) {
      const [row] = await db.$queryRawUnsafe<Array<{ epoch: number }>>(ORPHAN_EPOCH, tokenId, sameContact);
      return row?.epoch ?? 0;
    },

    /** Live tokens whose primary contact is this user. */
    async tokensWithContact(userId) {
      return (await db.$queryRawUnsafe<TokenRow[]>(LIVE_TOKENS_WITH_CONTACT, userId)).map(tokenFromRow);
    },

    async refusedSince(tokenIds, since) {
      if (!tokenIds.length) return new Map();
      const rows = await db.$queryRawUnsafe<Array<{ token_id: string; n: string }>>(REFUSED_SINCE, tokenIds, since);
      return new Map(rows.map((row) => [row.token_id, Number(row.n)]));
    },

    refusalEvent: (token, code, windowMs) =>
      writeEventOncePer(db, refusedEvent(token, code, new Date()), token.id, windowMs),

    /** The admins of an owner who hold a grant (workspace admins from configuration come on top). */
    adminsOf: (owner) =>
      grantedAdmins(
        db,
        owner
          ? { organizationId: owner.organizationId, domainId: owner.type === 'domain' ? owner.domainId : null }
          : undefined,
      ),
  };
}
