// RevocationStore over PostgreSQL. Creating a request locks the token row first, as every
// change does (see tokenStore); deciding a request is a change of its token (TokenStore.changeToken).
import { DomainError } from '../domain/errors.js';
import type { RevocationStore } from '../domain/ports.js';
import { writeAudit } from './audit.js';
import type { Db } from './prisma.js';
import { LOCK_TOKEN, TOKEN_BY_ID, TOKENS_BY_IDS, tokenFromRow, type TokenRow } from './sql/tokens.js';
import { readToken, requestFromRow } from './tokenStore.js';

export function createRevocationStore(db: Db): RevocationStore {
  return {
    async create(displayId, fields, audit) {
      return db.$transaction(async (tx) => {
        const token = await readToken(tx, LOCK_TOKEN, displayId);
        if (!token) throw new DomainError('token_not_found');
        if (token.status === 'revoked') throw new DomainError('token_revoked');
        // With the token locked, nobody else can be asking at the same moment.
        const existing = await tx.revocationRequest.findFirst({ where: { tokenId: token.id, state: 'pending' } });
        if (existing) return { request: requestFromRow(existing), token, created: false };
        const request = requestFromRow(
          await tx.revocationRequest.create({ data: { tokenId: token.id, displayId, ...fields } }),
        );
        await writeAudit(tx, [audit(request)], token.id, undefined, token);
        return { request, token, created: true };
      });
    },

    async attachMessage(id, channelId, messageTs) {
      await db.revocationRequest.update({ where: { id }, data: { channelId, messageTs } });
    },

    async discard(id, audit) {
      await db.$transaction(async (tx) => {
        const request = requestFromRow(await tx.revocationRequest.delete({ where: { id } }));
        await writeAudit(tx, [audit(request)]);
      });
    },

    async get(id) {
      const row = await db.revocationRequest.findUnique({ where: { id } });
      if (!row) return null;
      return {
        request: requestFromRow(row),
        token: row.tokenId ? await readToken(db, TOKEN_BY_ID, row.tokenId) : null,
      };
    },

    async due(now) {
      const rows = await db.revocationRequest.findMany({
        where: { state: 'pending', expiresAt: { lte: now } },
        orderBy: { expiresAt: 'asc' },
        take: 1000,
      });
      return rows.map(requestFromRow);
    },

    async pending() {
      const requests = (
        await db.revocationRequest.findMany({ where: { state: 'pending' }, orderBy: { createdAt: 'asc' }, take: 500 })
      ).map(requestFromRow);
      const rows = await db.$queryRawUnsafe<TokenRow[]>(
        TOKENS_BY_IDS,
        requests.flatMap((r) => (r.tokenId ? [r.tokenId] : [])),
      );
      const tokens = new Map(rows.map((row) => [row.id, tokenFromRow(row)]));
      return requests.flatMap((request) => {
        const token = request.tokenId && tokens.get(request.tokenId);
        return token ? [{ request, owner: token.owner, label: token.label }] : [];
      });
    },
  };
}
