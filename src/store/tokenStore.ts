// TokenStore over PostgreSQL. Each method is one transaction; a change locks the token row
// (SELECT … FOR UPDATE), then its pending revocation request, in that order everywhere, so
// concurrent operations on one token apply one after the other and never deadlock.
import type { Prisma } from '../generated/prisma/client.js';
import { LINK_APPROVED_CHANGE, SECRET_DELIVERED } from './sql/approvals.js';
import { randomUUID } from 'node:crypto';
import { DomainError, UnavailableError } from '../domain/errors.js';
import type { AuditDraft, ChangeResult, NewToken, RevocationRequest, Schedule, TokenStore } from '../domain/ports.js';
import type { Token } from '../domain/tokens.js';
import { auditOf, writeAudit } from './audit.js';
import type { Db } from './prisma.js';
import { readUsage } from './sql/usage.js';
import {
  FIND_BY_DIGESTS,
  LOCK_PENDING_REVOCATION,
  LOCK_SECRET,
  LOCK_TOKEN,
  STALE_PENDING_SECRETS,
  TOKEN_BY_DISPLAY_ID,
  TOKEN_BY_ID,
  TOKENS_OF_CONTACT,
  grantFromRow,
  grantsOfStatement,
  listStatement,
  countStatement,
  tokenFromRow,
  type GrantRow,
  type TokenRow,
} from './sql/tokens.js';
import type pg from 'pg';
import { deadline, msLeft, withDeadline } from './requestDeadline.js';

const UNIQUE_VIOLATION = 'P2002';
export const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === UNIQUE_VIOLATION;

type Tx = Prisma.TransactionClient;

/** Reads one token through the token mapper, inside a transaction or not. */
export async function readToken(db: Db | Tx, text: string, key: string): Promise<Token | null> {
  const rows = await db.$queryRawUnsafe<TokenRow[]>(text, key);
  return rows[0] ? tokenFromRow(rows[0]) : null;
}

/** Inserts a token with its first (pending) secret and its audit entries, inside `tx`. */
export async function insertTokenRow(
  tx: Tx,
  token: NewToken,
  digest: string,
  audit: AuditDraft[],
  schedule: Schedule,
  marker?: string,
): Promise<Token> {
  const { id } = await tx.token.create({
    data: {
      displayId: token.displayId,
      label: token.label,
      description: token.description,
      organizationId: token.owner.organizationId,
      domainId: token.owner.type === 'domain' ? token.owner.domainId : null,
      apiVersion: token.apiVersion,
      scopes: token.scopes,
      primaryContact: token.primaryContact,
      developerEmails: token.developerEmails,
      allowedIps: token.allowedIps,
      rateLimit: token.rateLimit,
      expiresAt: token.expiresAt,
      createdBy: token.createdBy,
      nextReminderAt: schedule.nextReminderAt,
      nextReviewAt: schedule.nextReviewAt,
      secrets: { create: { digest, pendingSince: new Date() } },
    },
    select: { id: true },
  });
  const made = (await readToken(tx, TOKEN_BY_ID, id))!;
  await writeAudit(tx, audit, id, marker, made);
  return made;
}

export const requestFromRow = (row: Prisma.RevocationRequestGetPayload<object>): RevocationRequest => ({ ...row });

/** The unique index tokens_live_label_key's own test: a live token of the owner, whatever its case. */
const LABEL_TAKEN = `SELECT 1 FROM tokens WHERE organization_id = $1::uuid AND domain_id IS NOT DISTINCT FROM $2::uuid
  AND lower(label) = lower($3) AND status <> 'revoked' LIMIT 1`;

export function createTokenStore(db: Db, pool: pg.Pool): TokenStore {
  return {
    async grantsOf(userId) {
      const { rows } = await pool.query<GrantRow>(grantsOfStatement(userId));
      return rows.map(grantFromRow);
    },

    async labelTaken(owner, label) {
      const domainId = owner.type === 'domain' ? owner.domainId : null;
      return (await db.$queryRawUnsafe<unknown[]>(LABEL_TAKEN, owner.organizationId, domainId, label)).length > 0;
    },
    async findOwner(ref) {
      if (ref.type === 'organization') {
        const org = await db.organization.findUnique({ where: { slug: ref.slug } });
        return org && { type: 'organization', organizationId: org.id, organizationSlug: org.slug };
      }
      const domain = await db.domain.findUnique({ where: { name: ref.name }, include: { organization: true } });
      return (
        domain && {
          type: 'domain',
          organizationId: domain.organizationId,
          organizationSlug: domain.organization.slug,
          domainId: domain.id,
          domainName: domain.name,
        }
      );
    },

    async insertToken(token, digest, audit, schedule) {
      const marker = randomUUID();
      let made: Token | undefined;
      try {
        return await db.$transaction(
          async (tx) => (made = await insertTokenRow(tx, token, digest, audit, schedule, marker)),
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new DomainError('label_taken', 'label', { label: token.label });
        if (made && (await committed(db, marker))) return made;
        throw error;
      }
    },

    async changeToken(displayId, decide) {
      const marker = randomUUID();
      let made: ChangeResult | undefined;
      try {
        return await db.$transaction(async (tx) => {
          const before = await readToken(tx, LOCK_TOKEN, displayId);
          if (!before) throw new DomainError('token_not_found');
          // One pending request per token at most (a partial unique index).
          const [locked] = await tx.$queryRawUnsafe<{ id: string }[]>(LOCK_PENDING_REVOCATION, before.id);
          const pending = locked
            ? requestFromRow(await tx.revocationRequest.findUniqueOrThrow({ where: { id: locked.id } }))
            : null;
          const change = decide(before, pending);
          if (!change) return { before, after: before, request: pending };
          let request = pending;
          if (change.settle) {
            const { requestId, state, decidedBy, outcomeReason } = change.settle;
            request = requestFromRow(
              await tx.revocationRequest.update({
                where: { id: requestId },
                data: { state, decidedBy, outcomeReason, decidedAt: new Date() },
              }),
            );
          }
          if (change.leakApplied !== undefined)
            await tx.leak.update({ where: { id: change.leakApplied }, data: { appliedAt: new Date() } });
          if (change.approved) {
            // Carried out once: a second executor finds the request linked and changes nothing.
            const linked = await tx.$executeRawUnsafe(
              LINK_APPROVED_CHANGE,
              change.approved,
              before.id,
              before.displayId,
              change.newSecret?.digest ?? null,
            );
            if (linked !== 1) throw new DomainError('request_not_found');
          }
          let after: Token | null = null;
          if (change.remove) {
            await tx.token.delete({ where: { id: before.id } });
          } else {
            if (change.newSecret)
              await tx.tokenSecret.create({
                data: { tokenId: before.id, digest: change.newSecret.digest, pendingSince: new Date() },
              });
            const data: Prisma.TokenUpdateInput = { ...change.update };
            if (change.rearmReminders !== undefined)
              Object.assign(data, { nextReminderAt: change.rearmReminders, reminderEpoch: { increment: 1 } });
            if (change.nextReviewAt) data.nextReviewAt = change.nextReviewAt;
            if (change.staleKeptUntil) data.staleKeptUntil = change.staleKeptUntil;
            const touches = Object.keys(data).length > 0 || change.newSecret;
            if (touches)
              await tx.token.update({
                where: { id: before.id },
                data: Object.keys(data).length ? data : { updatedAt: new Date() },
                select: { id: true },
              });
            after = touches ? await readToken(tx, TOKEN_BY_ID, before.id) : before;
          }
          await writeAudit(tx, change.audit, before.id, marker, after ?? before);
          const result = { before, after, request };
          if (change.audit.length) made = result; // found by its first audit entry
          return result;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new DomainError('label_taken', 'label');
        if (made && (await committed(db, marker))) return made;
        throw error;
      }
    },

    confirmSecret(digest, oldSecretsUntil) {
      return db.$transaction(async (tx) => {
        const secret = await lockSecret(tx, digest);
        if (!secret) return false;
        if (!secret.pending) return true;
        const now = new Date();
        const tokenId = secret.token_id;
        const valid = { tokenId, pendingSince: null, NOT: { digest } };
        await tx.tokenSecret.deleteMany({ where: { ...valid, expiresAt: { lte: now } } });
        // The others end now, or at the end of the grace period; one already ending sooner keeps its end.
        const until = oldSecretsUntil ?? now;
        await tx.tokenSecret.updateMany({
          where: { ...valid, OR: [{ expiresAt: null }, { expiresAt: { gt: until } }] },
          data: { expiresAt: until },
        });
        await tx.tokenSecret.update({ where: { digest }, data: { pendingSince: null } });
        // A token or a reset a request asked for: delivered with its secret, so no crash can leave it in doubt.
        await tx.$executeRawUnsafe(SECRET_DELIVERED, digest);
        return true;
      });
    },

    voidPendingSecret(digest, olderThanMs, audit) {
      return db.$transaction(async (tx) => {
        const secret = await lockSecret(tx, digest);
        if (!secret?.pending || (olderThanMs !== null && (secret.stale_ms ?? 0) < olderThanMs)) return null;
        const token = (await readToken(tx, TOKEN_BY_ID, secret.token_id))!;
        const held = await tx.tokenSecret.count({ where: { tokenId: token.id, pendingSince: null } });
        const voided = { token, removed: held === 0 };
        if (voided.removed) await tx.token.delete({ where: { id: token.id } });
        else await tx.tokenSecret.delete({ where: { digest } });
        await writeAudit(tx, audit(voided), token.id, undefined, token);
        return voided;
      });
    },

    async stalePendingSecrets(olderThanMs, limit) {
      const { rows } = await pool.query<{ digest: string }>(STALE_PENDING_SECRETS, [olderThanMs, limit]);
      return rows.map((row) => row.digest);
    },

    getToken: (displayId) => readToken(db, TOKEN_BY_DISPLAY_ID, displayId),

    usageOf: (tokenId, now) => readUsage(pool, tokenId, now),

    // One query, straight through the pool.
    async listTokens(query) {
      const { rows } = await pool.query<TokenRow>(listStatement(query));
      return rows.map(tokenFromRow);
    },

    async tokensOfContact(userId, except, limit) {
      const values = [userId, except.organizationIds, except.domainIds, limit];
      const { rows } = await pool.query<TokenRow>(TOKENS_OF_CONTACT, values);
      return rows.map(tokenFromRow);
    },
    async countTokens(query) {
      const { rows } = await pool.query<{ n: number }>(countStatement(query));
      return rows[0]!.n;
    },

    recordAudit: (draft) => writeAudit(db, [draft]),

    auditOf: (displayId) => auditOf(db, displayId),

    // For leak reports: one round trip (Prisma's include would make one per relation).
    async findByDigests(digests) {
      const { rows } = await pool.query<TokenRow & { secret_expires_at: Date | null }>({
        text: FIND_BY_DIGESTS,
        values: [digests],
      });
      const row = rows[0];
      return row ? { token: tokenFromRow(row), secretExpiresAt: row.secret_expires_at } : null;
    },
  };
}

/** How long finding out whether an unanswered commit took effect may take, retries included. */
const FIND_OUT_MS = 500;

/**
 * Whether the transaction that wrote the audit entry `marker` committed, asked when its COMMIT
 * went unanswered (a connection lost, a deadline passed). Asked on a fresh connection, under a
 * short deadline of its own; the request's record is told what was found. outcome_unknown when
 * the database cannot say: the caller must not claim either way.
 */
async function committed(db: Db, marker: string): Promise<boolean> {
  const request = deadline();
  const found = await withDeadline(FIND_OUT_MS, async () => {
    for (;;) {
      try {
        return (await db.auditEvent.count({ where: { id: marker } })) > 0;
      } catch {
        if ((msLeft() ?? 0) < 100) return undefined;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  });
  if (found === undefined) throw new UnavailableError('outcome_unknown');
  if (request) {
    request.inDoubt = Math.max(0, request.inDoubt - 1);
    request.committed ||= found;
  }
  return found;
}

/** Locks the token of a secret (token row first, as every change does), with the secret. */
async function lockSecret(tx: Tx, digest: string) {
  const [row] = await tx.$queryRawUnsafe<{ token_id: string; pending: boolean; stale_ms: number | null }[]>(
    LOCK_SECRET,
    digest,
  );
  return row ?? null;
}
