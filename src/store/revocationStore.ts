// RevocationStore over PostgreSQL. Settling locks the request row first, so concurrent
// clicks queue up and every one after the first finds the request already decided.
import type { Prisma } from '../generated/prisma/client.js';
import type { Decision, RevocationRequest, RevocationStore } from '../domain/revocations.js';
import type { Owner } from '../domain/permissions.js';
import { toToken, withOwner } from './tokenStore.js';
import type { Db } from './prisma.js';

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002';
const ACTIONS = { approved: 'revocation.approve', rejected: 'revocation.reject', expired: 'revocation.expire' } as const;

export function createRevocationStore(db: Db): RevocationStore {
  const audit = (tx: Prisma.TransactionClient, data: { actor: string; action: string; reason?: string | null; tokenId: string | null; displayId: string; requestId: string }) =>
    tx.auditEvent.create({
      data: { actor: data.actor, action: data.action, outcome: 'ok', reason: data.reason ?? undefined, tokenId: data.tokenId, displayId: data.displayId, snapshot: { requestId: data.requestId } },
    });

  return {
    async create(token, requestedBy, reason, expiresAt) {
      const existing = async () => {
        const request = await db.revocationRequest.findFirst({ where: { tokenId: token.id, state: 'pending' } });
        return request && { request: request as RevocationRequest, created: false };
      };
      const found = await existing();
      if (found) return found;
      try {
        return await db.$transaction(async (tx) => {
          const request = await tx.revocationRequest.create({ data: { tokenId: token.id, displayId: token.displayId, requestedBy, reason, expiresAt } });
          await audit(tx, { actor: requestedBy, action: 'revocation.request', reason, tokenId: token.id, displayId: token.displayId, requestId: request.id });
          return { request: request as RevocationRequest, created: true };
        });
      } catch (error) {
        // Another admin asked at the same moment: theirs is the one.
        if (isUniqueViolation(error)) return (await existing())!;
        throw error;
      }
    },

    async attachMessage(id, channelId, messageTs) {
      await db.revocationRequest.update({ where: { id }, data: { channelId, messageTs } });
    },

    async discard(id, actor, why) {
      await db.$transaction(async (tx) => {
        const request = await tx.revocationRequest.delete({ where: { id } });
        await audit(tx, { actor, action: 'revocation.discard', reason: why, tokenId: request.tokenId, displayId: request.displayId, requestId: id });
      });
    },

    async get(id) {
      const row = await db.revocationRequest.findUnique({ where: { id }, include: { token: { include: withOwner } } });
      if (!row) return null;
      const { token, ...request } = row;
      return { request: request as RevocationRequest, token: token && toToken(token) };
    },

    async settle(id, actor, state, reason): Promise<Decision> {
      return db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT id FROM revocation_requests WHERE id = ${id}::uuid FOR UPDATE`;
        const current = await tx.revocationRequest.findUniqueOrThrow({ where: { id } });
        if (current.tokenId) await tx.$queryRaw`SELECT id FROM tokens WHERE id = ${current.tokenId}::uuid FOR UPDATE`;
        const tokenRow = current.tokenId ? await tx.token.findUnique({ where: { id: current.tokenId }, include: withOwner }) : null;
        if (current.state !== 'pending') return { request: current as RevocationRequest, token: tokenRow && toToken(tokenRow), decidedNow: false };

        // The token went away or was revoked by other means: nothing is left to decide.
        const closedBecause = !tokenRow ? 'token_deleted' : tokenRow.status === 'revoked' ? 'revoked_directly' : undefined;
        const now = new Date();
        const request = await tx.revocationRequest.update({
          where: { id },
          data: closedBecause
            ? { state: 'closed', outcomeReason: closedBecause, decidedAt: now }
            : { state, decidedBy: state === 'expired' ? null : actor, decidedAt: now, outcomeReason: reason ?? null },
        });
        await audit(tx, { actor, action: closedBecause ? 'revocation.close' : ACTIONS[state], reason: closedBecause ?? reason, tokenId: current.tokenId, displayId: current.displayId, requestId: id });
        let token = tokenRow && toToken(tokenRow);
        if (!closedBecause && state === 'approved' && tokenRow) {
          token = toToken(await tx.token.update({ where: { id: tokenRow.id }, data: { status: 'revoked', statusReason: current.reason }, include: withOwner }));
          await tx.auditEvent.create({
            data: {
              actor,
              action: 'token.revoke',
              outcome: 'ok',
              tokenId: tokenRow.id,
              displayId: tokenRow.displayId,
              changes: { status: { before: tokenRow.status, after: 'revoked' } },
              snapshot: { requestId: id, requestedBy: current.requestedBy },
            },
          });
        }
        return { request: request as RevocationRequest, token, decidedNow: !closedBecause };
      });
    },

    async due(now) {
      return (await db.revocationRequest.findMany({ where: { state: 'pending', expiresAt: { lte: now } }, take: 1000 })) as RevocationRequest[];
    },

    async pending() {
      const rows = await db.revocationRequest.findMany({ where: { state: 'pending' }, include: { token: { include: withOwner } }, orderBy: { createdAt: 'asc' }, take: 500 });
      return rows.flatMap(({ token, ...request }) => (token ? [{ request: request as RevocationRequest, owner: toToken(token).owner as Owner }] : []));
    },
  };
}
