// The events outbox's writer: rows written in the transaction of the change they report (see
// writeAudit), each numbered per token in commit order (event_counters), so the relay and the
// deliveries can keep a token's events in order.
import type { Prisma } from '../generated/prisma/client.js';
import type { AuditDraft } from '../domain/audit.js';
import { eventOfAudit, eventTypeOf, type EventBody } from '../domain/events.js';
import type { Token } from '../domain/tokens.js';
import type { Db } from './prisma.js';
import { LOCK_TOKEN_EVENT_TYPE, NEXT_TOKEN_SEQ, RECENT_TOKEN_EVENT } from './sql/events.js';
import { TOKEN_BY_ID, tokenFromRow, type TokenRow } from './sql/tokens.js';

type Client = Db | Prisma.TransactionClient;

/** The next event number of a token. The upserted row stays locked until the transaction ends:
 *  a concurrent change of the same token waits, and gets the next number. */
async function nextTokenSeq(db: Client, tokenId: string): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ last: number }[]>(NEXT_TOKEN_SEQ, tokenId);
  return row!.last;
}

export async function writeEvent(
  db: Client,
  body: EventBody,
  target: { tokenId?: string; endpointId?: string } = {},
): Promise<void> {
  const tokenSeq = target.tokenId ? await nextTokenSeq(db, target.tokenId) : null;
  await db.event.create({
    data: {
      type: body.type,
      tokenId: target.tokenId ?? null,
      tokenSeq,
      endpointId: target.endpointId ?? null,
      body: JSON.stringify(body),
    },
  });
}

/** Writes the event unless the token has had one of its type within `windowMs` (token.refused, at most
 *  one a period: README, Events: signed webhooks): true when written. A retried job writes it once. */
export async function writeEventOncePer(db: Db, body: EventBody, tokenId: string, windowMs: number): Promise<boolean> {
  return db.$transaction(async (tx) => {
    // Two writers for the same token and type queue here, so the second sees the first's row.
    await tx.$executeRawUnsafe(LOCK_TOKEN_EVENT_TYPE, `${body.type}:${tokenId}`);
    const [recent] = await tx.$queryRawUnsafe<unknown[]>(RECENT_TOKEN_EVENT, tokenId, body.type, windowMs / 1000);
    if (recent) return false;
    await writeEvent(tx, body, { tokenId });
    return true;
  });
}

/** The events of audited changes; `subject` is the token as it is after them (before a delete);
 *  when not given it is read in the same transaction. */
export async function writeAuditEvents(
  db: Client,
  drafts: AuditDraft[],
  tokenId: string | undefined,
  subject?: Token,
): Promise<void> {
  const at = new Date();
  for (const draft of drafts) {
    if (!eventTypeOf(draft)) continue;
    const id = draft.tokenId ?? tokenId;
    const token = subject ?? (id ? await readSubject(db, id) : undefined);
    const body = eventOfAudit(draft, token, at);
    if (body) await writeEvent(db, body, { tokenId: id });
  }
}

async function readSubject(db: Client, id: string): Promise<Token | undefined> {
  const [row] = await db.$queryRawUnsafe<TokenRow[]>(TOKEN_BY_ID, id);
  return row ? tokenFromRow(row) : undefined;
}
