// Idempotency-Key on POST (README: Automating tokenops), kept 24 hours in Redis per management key. The first
// request with a key holds it while it runs (a second one meanwhile gets 409); its answer is
// then kept WITHOUT any secret: a replay gets the same status, headers and token, and no secret
// (it was the first caller's to keep). The same key with another request gets 422: requests are
// compared as validated, so a client that re-serializes its retry (other spacing or key order) is
// still the same request. A request whose outcome is unknown (a change sent, its commit not
// confirmed) keeps its key as unknown: a retry would run it again, so it is told to check first.
import { createHash } from 'node:crypto';
import type { RedisClient } from '../../store/redis.js';

const TTL_SECONDS = 86_400;
/** A request that died mid-way frees its key after this long, so a retry is not refused forever. */
const IN_FLIGHT_SECONDS = 60;

type Headers = Record<string, string>;
type Kept =
  | { request: string; state: 'running' }
  | { request: string; state: 'unknown' }
  | { request: string; state: 'done'; status: number; body: unknown; headers?: Headers };

type Claim =
  | {
      kind: 'first';
      finish(status: number, body: unknown, headers?: Headers): Promise<void>;
      abandon(): Promise<void>;
      unknown(): Promise<void>;
    }
  | { kind: 'replay'; status: number; body: unknown; headers?: Headers }
  | { kind: 'unknown' }
  | { kind: 'in_flight' }
  | { kind: 'mismatch' };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** What a kept answer may hold: everything but secrets. */
function withoutSecrets(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const { secret: _secret, ...rest } = body as Record<string, unknown>;
  return rest;
}

export function idempotency(redis: RedisClient, redisPrefix: string) {
  /** `body`: the request as validated, serialized. */
  return async (keyId: string, idempotencyKey: string, method: string, path: string, body: string): Promise<Claim> => {
    const slot = `${redisPrefix}:idem:${keyId}:${sha256(idempotencyKey)}`;
    const request = sha256(`${method} ${path}\n${body}`);
    const running: Kept = { request, state: 'running' };
    const claimed = await redis.set(slot, JSON.stringify(running), 'EX', IN_FLIGHT_SECONDS, 'NX');
    if (claimed) {
      return {
        kind: 'first',
        finish: async (status, answer, headers) => {
          await redis.set(
            slot,
            JSON.stringify({ request, state: 'done', status, body: withoutSecrets(answer), headers } satisfies Kept),
            'EX',
            TTL_SECONDS,
          );
        },
        abandon: async () => {
          await redis.del(slot);
        },
        unknown: async () => {
          await redis.set(slot, JSON.stringify({ request, state: 'unknown' } satisfies Kept), 'EX', TTL_SECONDS);
        },
      };
    }
    const text = await redis.get(slot);
    if (!text) return { kind: 'in_flight' }; // expired between the two commands: let the client retry
    const kept = JSON.parse(text) as Kept;
    if (kept.request !== request) return { kind: 'mismatch' };
    if (kept.state === 'unknown') return { kind: 'unknown' };
    if (kept.state === 'running') return { kind: 'in_flight' };
    return { kind: 'replay', status: kept.status, body: kept.body, headers: kept.headers };
  };
}
export type Idempotency = ReturnType<typeof idempotency>;
