// ApprovalStore over PostgreSQL: requests decided under approval policies. Every change locks
// the request row (SELECT … FOR UPDATE) first, so clicks, expiries and issuers apply one after
// the other; issuing a token locks the request and links the token in the same transaction.
import type { Prisma } from '../generated/prisma/client.js';
import type { ApprovalRule } from '../domain/approvals.js';
import { DomainError } from '../domain/errors.js';
import type { ApprovalRequest, ApprovalStore, PostedMessage, RequestedToken } from '../domain/ports.js';
import { writeAudit } from './audit.js';
import { LOCK_APPROVAL_REQUEST } from './sql/approvals.js';
import type { Db } from './prisma.js';
import { LOCK_TOKEN } from './sql/tokens.js';
import { insertTokenRow, isUniqueViolation, readToken } from './tokenStore.js';
import { MINUTE_MS } from '../domain/time.js';

type Row = Prisma.ApprovalRequestGetPayload<object>;
type Tx = Prisma.TransactionClient;

const fromRow = (row: Row): ApprovalRequest => ({
  ...row,
  kind: row.kind as ApprovalRequest['kind'],
  state: row.state as ApprovalRequest['state'],
  input: row.input as unknown as RequestedToken,
  rule: row.rule as unknown as ApprovalRule,
  messages: row.messages as unknown as PostedMessage[],
});

async function lock(tx: Tx, id: string): Promise<ApprovalRequest | null> {
  const [locked] = await tx.$queryRawUnsafe<{ id: string }[]>(LOCK_APPROVAL_REQUEST, id);
  return locked ? fromRow(await tx.approvalRequest.findUniqueOrThrow({ where: { id } })) : null;
}

export function createApprovalStore(db: Db): ApprovalStore {
  return {
    async create(fields, audit) {
      return db.$transaction(async (tx) => {
        const row = await tx.approvalRequest.create({
          data: {
            ...fields,
            input: fields.input as unknown as Prisma.InputJsonValue,
            rule: fields.rule as unknown as Prisma.InputJsonValue,
          },
        });
        const request = fromRow(row);
        await writeAudit(tx, [audit(request)]);
        return request;
      });
    },

    async createForToken(fields, audit) {
      return db.$transaction(async (tx) => {
        const token = await readToken(tx, LOCK_TOKEN, fields.input.displayId);
        if (!token) throw new DomainError('token_not_found');
        if (token.status === 'revoked') throw new DomainError('token_revoked');
        // With the token locked, nobody else can be asking at the same moment.
        const existing = await tx.approvalRequest.findFirst({
          where: { kind: fields.kind, state: 'pending', input: { path: ['displayId'], equals: token.displayId } },
        });
        if (existing) return { request: fromRow(existing), created: false };
        const request = fromRow(
          await tx.approvalRequest.create({
            data: {
              ...fields,
              input: fields.input as unknown as Prisma.InputJsonValue,
              rule: fields.rule as unknown as Prisma.InputJsonValue,
            },
          }),
        );
        await writeAudit(tx, [audit(request)], token.id, undefined, token);
        return { request, created: true };
      });
    },

    async get(id) {
      const row = await db.approvalRequest.findUnique({ where: { id } });
      return row ? fromRow(row) : null;
    },

    async update(id, decide) {
      return db.$transaction(async (tx) => {
        const locked = await lock(tx, id);
        if (!locked) return null;
        const change = decide(locked);
        if (!change) return { request: locked, changed: false };
        const row = await tx.approvalRequest.update({ where: { id }, data: change.patch });
        await writeAudit(tx, change.audit);
        return { request: fromRow(row), changed: true };
      });
    },

    async addMessages(id, messages) {
      await db.$transaction(async (tx) => {
        const locked = await lock(tx, id);
        if (locked)
          await tx.approvalRequest.update({ where: { id }, data: { messages: [...locked.messages, ...messages] } });
      });
    },

    async issue(id, token, digest, audit, schedule) {
      try {
        return await db.$transaction(async (tx) => {
          const locked = await lock(tx, id);
          if (!locked || locked.state !== 'approved' || locked.tokenId || locked.deliveredAt) return null;
          const made = await insertTokenRow(tx, token, digest, audit, schedule);
          // Its secret's digest: confirming the secret records the delivery (SECRET_DELIVERED).
          await tx.approvalRequest.update({
            where: { id },
            data: { tokenId: made.id, displayId: made.displayId, secretDigest: digest },
          });
          return made;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new DomainError('label_taken', 'label', { label: token.label });
        throw error;
      }
    },

    async ofRequester(userId, limit) {
      return (
        await db.approvalRequest.findMany({
          where: { requestedBy: userId },
          orderBy: { createdAt: 'desc' },
          take: limit,
        })
      ).map(fromRow);
    },

    async pending(limit) {
      return (
        await db.approvalRequest.findMany({ where: { state: 'pending' }, orderBy: { createdAt: 'asc' }, take: limit })
      ).map(fromRow);
    },

    async due(now) {
      return (
        await db.approvalRequest.findMany({
          where: { state: 'pending', expiresAt: { lte: now } },
          orderBy: { expiresAt: 'asc' },
          take: 500,
        })
      ).map(fromRow);
    },

    async pendingChanges(limit) {
      return (
        await db.approvalRequest.findMany({
          where: { state: 'pending', kind: { in: ['revoke', 'reset', 'extend'] } },
          orderBy: { createdAt: 'asc' },
          take: limit,
        })
      ).map(fromRow);
    },

    async escalationsDue(now) {
      // Few pending requests name an escalation: filtered here rather than with JSON in SQL.
      const rows = await db.approvalRequest.findMany({
        where: { state: 'pending', escalatedAt: null },
        orderBy: { createdAt: 'asc' },
        take: 500,
      });
      return rows.map(fromRow).filter((request) => {
        const minutes = request.rule.escalateAfterMinutes;
        return (
          minutes !== undefined &&
          request.rule.escalateTo.length > 0 &&
          request.createdAt.getTime() + minutes * MINUTE_MS <= now.getTime()
        );
      });
    },

    async undeliveredResets(limit, decidedBefore) {
      const rows = await db.approvalRequest.findMany({
        where: {
          kind: 'reset',
          state: 'approved',
          tokenId: { not: null },
          deliveredAt: null,
          decidedAt: { lt: decidedBefore },
        },
        orderBy: { decidedAt: 'asc' },
        take: limit,
      });
      const found: Array<{ request: ApprovalRequest; voided: boolean }> = [];
      for (const row of rows) {
        if (row.secretDigest !== null) {
          // Its secret decides: confirming it would have recorded the delivery, so a secret no
          // longer there was voided; one still pending is on its way, or waits for the sweep.
          const secret = await db.tokenSecret.findUnique({ where: { digest: row.secretDigest } });
          if (!secret?.pendingSince) found.push({ request: fromRow(row), voided: !secret });
          continue;
        }
        // Carried out before requests kept their secret's digest: judged by the token's secrets.
        const tokenId = row.tokenId!;
        // Still on its way, or not yet voided by the sweep: its outcome is not known yet.
        if (await db.tokenSecret.count({ where: { tokenId, pendingSince: { not: null } } })) continue;
        const voids = await db.auditEvent.count({
          where: { tokenId, action: 'token.reset.void', createdAt: { gte: row.decidedAt! } },
        });
        found.push({ request: fromRow(row), voided: voids > 0 });
      }
      return found;
    },

    async undelivered(limit, decidedBefore) {
      return (
        await db.approvalRequest.findMany({
          where: { state: 'approved', tokenId: null, deliveredAt: null, decidedAt: { lt: decidedBefore } },
          orderBy: { decidedAt: 'asc' },
          take: limit,
        })
      ).map(fromRow);
    },
  };
}
