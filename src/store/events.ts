// The events outbox's writer: rows written in the transaction of the change they report (see
// writeAudit), each numbered per token in commit order (event_counters), so the relay and the
// deliveries can keep a token's events in order.
import type { Prisma } from '../generated/prisma/client.js';
import type { AuditDraft } from '../domain/audit.js';
import { eventOfAudit, eventTypeOf, type EventBody } from '../domain/events.js';
import type { Token } from '../domain/tokens.js';
import type { Db } from './prisma.js';
import { LOCK_TOKEN_EVENT_TYPE, RECENT_TOKEN_EVENT, WRITE_TOKEN_EVENTS } from './sql/events.js';
import { TOKEN_BY_ID, tokenFromRow, type TokenRow } from './sql/tokens.js';

type Client = Db | Prisma.TransactionClient;

/** Events about tokens, in one statement however many (a reminder scan writes one per due token). */
export async function writeTokenEvents(db: Client, events: Array<{ body: EventBody; tokenId: string }>): Promise<void> {
  if (!events.length) return;
  await db.$executeRawUnsafe(
    WRITE_TOKEN_EVENTS,
    events.map((event) => event.tokenId),
    events.map((event) => event.body.type),
    events.map((event) => JSON.stringify(event.body)),
  );
}

/** One event: about a token (numbered as above) or, for a `webhook.test` ping, to one endpoint. */
export async function writeEvent(
  db: Client,
  body: EventBody,
  target: { tokenId?: string; endpointId?: string } = {},
): Promise<void> {
  if (target.tokenId) return writeTokenEvents(db, [{ body, tokenId: target.tokenId }]);
  await db.event.create({
    data: { type: body.type, endpointId: target.endpointId ?? null, body: JSON.stringify(body) },
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
