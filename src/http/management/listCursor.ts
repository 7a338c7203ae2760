// GET /v1/tokens' cursor, opaque to clients: the last token listed, so that tokens created or
// removed between two pages shift nothing (a keyset page, not an offset), and the filters it was
// listed under, since a position under other filters means nothing.
import { createHash } from 'node:crypto';
import type { ListKey } from '../../domain/ports.js';
import { storable } from '../../domain/time.js';
import type { ListFilter } from '../../domain/tokenService.js';
import type { Token } from '../../domain/tokens.js';
import { ProblemError } from './problems.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filters in a few characters (a cursor is at most 200). */
const digestOf = (filter: ListFilter) =>
  createHash('sha256').update(JSON.stringify(filter)).digest('base64url').slice(0, 22);

export const cursorOf = (token: Token, filter: ListFilter) =>
  Buffer.from(JSON.stringify({ t: token.createdAt.toISOString(), i: token.id, f: digestOf(filter) })).toString(
    'base64url',
  );

/** Where the page after `cursor` starts; a problem for a cursor this API never gave, or gave under other filters. */
export function keyOf(cursor: string, filter: ListFilter): ListKey {
  let parsed: { t?: unknown; i?: unknown; f?: unknown } | null;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    parsed = null;
  }
  const { t, i, f } = parsed ?? {};
  const createdAt = new Date(typeof t === 'string' ? t : NaN);
  if (typeof i !== 'string' || !UUID.test(i) || !storable(createdAt) || createdAt.toISOString() !== t)
    throw new ProblemError('invalid-request', 'The cursor is not one this API gave.');
  if (f !== digestOf(filter))
    throw new ProblemError(
      'invalid-request',
      'The cursor was given under other filters: send the status, created, org, domain and q of the request that gave it, or no cursor to start again.',
    );
  return { createdAt, id: i };
}
