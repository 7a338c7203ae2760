// Due reminders and the delivery log, over PostgreSQL. Finding due reminders reads the
// next_reminder_at / next_review_at indexes from the start up to now: its cost grows with the
// number of due reminders, not with the number of tokens.
import { planExpiryReminder, reviewRound } from '../domain/reminders.js';
import type { Notice, NoticeKey, ReminderStore } from '../domain/ports.js';
import type { Db } from './prisma.js';
import { TOKEN_SELECT, tokenFromRow, type TokenRow } from './sql/tokens.js';
import { DUE_REMINDERS, DUE_REVIEWS, setNextDue, type DueRow } from './sql/reminders.js';


const TOKEN_WITH_EPOCH = `${TOKEN_SELECT.replace('SELECT', 'SELECT t.reminder_epoch,')} WHERE t.id = $1::uuid`;
const LIVE_TOKENS_WITH_CONTACT = `${TOKEN_SELECT} WHERE t.primary_contact = $1 AND t.status <> 'revoked' LIMIT 1000`;

const DAY_MS = 86_400_000;
const key = (notice: NoticeKey, recipient: string) => ({ tokenId: notice.tokenId, kind: notice.kind, epoch: notice.epoch, threshold: notice.threshold, recipient });

export function createReminderStore(db: Db): ReminderStore {
  return {
    /**
     * Claims up to `limit` due reminders: hands them to `enqueue` and advances each token's
     * schedule in one transaction, so a failed enqueue advances nothing and the next scan
     * finds them again. Concurrent scans skip each other's rows.
     */
    async claimDue(now: Date, settings: { thresholds: number[]; reviewDays: number }, limit: number, enqueue: (notices: Notice[]) => Promise<void>) {
      return db.$transaction(
        async (tx) => {
          const expiring = await tx.$queryRawUnsafe<DueRow[]>(DUE_REMINDERS, now, limit);
          const reviews = await tx.$queryRawUnsafe<DueRow[]>(DUE_REVIEWS, now, limit);
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
            await tx.$executeRawUnsafe(setNextDue(column), ids, times);
          };
          await update('next_reminder_at', nextReminder);
          await update('next_review_at', nextReview);
          return notices.length;
        },
        { timeout: 30_000 },
      );
    },

    async token(tokenId) {
      const [row] = await db.$queryRawUnsafe<Array<TokenRow & { reminder_epoch: number }>>(TOKEN_WITH_EPOCH, tokenId);
      return row ? { token: tokenFromRow(row), reminderEpoch: row.reminder_epoch } : null;
    },

    /** The log's word on a delivery: sent or failed for good, sending (a worker died in the
     *  middle: it may or may not have reached Slack), or undefined (never tried). */
    async deliveryState(notice, recipient) {
      return (await db.notification.findUnique({ where: { tokenId_kind_epoch_threshold_recipient: key(notice, recipient) } }))?.state;
    },

    /** Marks a delivery as under way, before the send; false when someone else already has. */
    async claim(notice, recipient) {
      const { count } = await db.notification.createMany({ data: [{ ...key(notice as Notice, recipient), kind: notice.kind, state: 'sending' }], skipDuplicates: true });
      return count === 1;
    },

    /** Written as the send is confirmed (or refused for good). */
    async record(notice, recipient, state, error) {
      const data = { ...key(notice as Notice, recipient), kind: notice.kind };
      await db.notification.upsert({
        where: { tokenId_kind_epoch_threshold_recipient: data },
        create: { ...data, state, error },
        update: { state, error },
      });
    },

    /** Live tokens whose primary contact is this user. */
    async tokensWithContact(userId) {
      return (await db.$queryRawUnsafe<TokenRow[]>(LIVE_TOKENS_WITH_CONTACT, userId)).map(tokenFromRow);
    },

    /** The admins of an owner who hold a grant (workspace admins from configuration come on top). */
    async adminsOf(owner) {
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
  };
}

