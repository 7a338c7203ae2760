// Due reminders and the delivery log, over PostgreSQL. Finding due reminders reads the
// next_reminder_at / next_review_at indexes from the start up to now: its cost grows with the
// number of due reminders, not with the number of tokens.
import { planExpiryReminder, reviewRound } from '../domain/reminders.js';
import type { Owner } from '../domain/permissions.js';
import type { Token } from '../domain/tokens.js';
import { toToken, withOwner } from './tokenStore.js';
import type { Db } from './prisma.js';

export type Notice = { tokenId: string; kind: 'expiry' | 'review' | 'leak'; epoch: number; threshold: number };
type Row = { id: string; expires_at: Date | null; reminder_epoch: number; status: string; next_review_at: Date | null };

const DAY_MS = 86_400_000;
const key = (notice: Notice, recipient: string) => ({ tokenId: notice.tokenId, kind: notice.kind, epoch: notice.epoch, threshold: notice.threshold, recipient });

export function createReminderStore(db: Db) {
  return {
    /**
     * Claims up to `limit` due reminders: hands them to `enqueue` and advances each token's
     * schedule in one transaction, so a failed enqueue advances nothing and the next scan
     * finds them again. Concurrent scans skip each other's rows.
     */
    async claimDue(now: Date, settings: { thresholds: number[]; reviewDays: number }, limit: number, enqueue: (notices: Notice[]) => Promise<void>) {
      return db.$transaction(
        async (tx) => {
          const expiring = await tx.$queryRaw<Row[]>`
            SELECT id, expires_at, reminder_epoch, status::text, next_review_at FROM tokens
            WHERE next_reminder_at <= ${now} ORDER BY next_reminder_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
          const reviews = await tx.$queryRaw<Row[]>`
            SELECT id, expires_at, reminder_epoch, status::text, next_review_at FROM tokens
            WHERE next_review_at <= ${now} ORDER BY next_review_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
          const notices: Notice[] = [];
          const nextReminder = new Map<string, Date | null>();
          for (const row of expiring) {
            if (row.status === 'revoked' || !row.expires_at) {
              nextReminder.set(row.id, null);
              continue;
            }
            const plan = planExpiryReminder(row.expires_at, settings.thresholds, now);
            if (plan.threshold >= 0) notices.push({ tokenId: row.id, kind: 'expiry', epoch: row.reminder_epoch, threshold: plan.threshold });
            nextReminder.set(row.id, plan.next);
          }
          const nextReview = new Map<string, Date | null>();
          for (const row of reviews) {
            const live = row.status !== 'revoked' && (!row.expires_at || row.expires_at > now);
            if (live) notices.push({ tokenId: row.id, kind: 'review', epoch: reviewRound(row.next_review_at!), threshold: 0 });
            nextReview.set(row.id, live ? new Date(now.getTime() + settings.reviewDays * DAY_MS) : null);
          }
          if (notices.length) await enqueue(notices);
          const update = async (column: 'next_reminder_at' | 'next_review_at', next: Map<string, Date | null>) => {
            if (!next.size) return;
            const ids = [...next.keys()];
            const times = ids.map((id) => next.get(id) ?? null);
            await tx.$executeRawUnsafe(
              `UPDATE tokens AS t SET ${column} = v.at FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, at) WHERE t.id = v.id`,
              ids,
              times,
            );
          };
          await update('next_reminder_at', nextReminder);
          await update('next_review_at', nextReview);
          return notices.length;
        },
        { timeout: 30_000 },
      );
    },

    async token(tokenId: string): Promise<{ token: Token; reminderEpoch: number } | null> {
      const row = await db.token.findUnique({ where: { id: tokenId }, include: withOwner });
      return row && { token: toToken(row), reminderEpoch: row.reminderEpoch };
    },

    /** The log's word on a delivery: sent or failed for good, sending (a worker died in the
     *  middle: it may or may not have reached Slack), or undefined (never tried). */
    async deliveryState(notice: Notice, recipient: string): Promise<string | undefined> {
      return (await db.notification.findUnique({ where: { tokenId_kind_epoch_threshold_recipient: key(notice, recipient) } }))?.state;
    },

    /** Marks a delivery as under way, before the send; false when someone else already has. */
    async claim(notice: Notice | (Omit<Notice, 'kind'> & { kind: 'orphaned_contact' }), recipient: string): Promise<boolean> {
      const { count } = await db.notification.createMany({ data: [{ ...key(notice as Notice, recipient), kind: notice.kind, state: 'sending' }], skipDuplicates: true });
      return count === 1;
    },

    /** Written as the send is confirmed (or refused for good). */
    async record(notice: Notice | (Omit<Notice, 'kind'> & { kind: 'orphaned_contact' }), recipient: string, state: 'sent' | 'failed', error?: string) {
      const data = { ...key(notice as Notice, recipient), kind: notice.kind };
      await db.notification.upsert({
        where: { tokenId_kind_epoch_threshold_recipient: data },
        create: { ...data, state, error },
        update: { state, error },
      });
    },

    /** Live tokens whose primary contact is this user. */
    async tokensWithContact(userId: string): Promise<Token[]> {
      const rows = await db.token.findMany({ where: { primaryContact: userId, status: { not: 'revoked' } }, include: withOwner, take: 1000 });
      return rows.map(toToken);
    },

    /** The admins of an owner who hold a grant (workspace admins from configuration come on top). */
    async adminsOf(owner: Owner): Promise<string[]> {
      const grants = await db.roleGrant.findMany({
        where: {
          OR: [
            { role: 'workspace_admin' },
            { role: 'org_admin', organizationId: owner.organizationId },
            ...(owner.type === 'domain' ? [{ role: 'domain_admin' as const, domainId: owner.domainId }] : []),
          ],
        },
        select: { userId: true },
      });
      return [...new Set(grants.map((grant) => grant.userId))];
    },

    /** The contact says the token is still needed: audited, and asked again a period later. */
    async keep(displayId: string, actor: string, reviewDays: number) {
      const next = new Date(Date.now() + reviewDays * DAY_MS);
      return db.$transaction(async (tx) => {
        const token = await tx.token.update({ where: { displayId }, data: { nextReviewAt: next } });
        await tx.auditEvent.create({ data: { actor, action: 'token.review.keep', outcome: 'ok', tokenId: token.id, displayId } });
        return next;
      });
    },
  };
}

export type ReminderStore = ReturnType<typeof createReminderStore>;
