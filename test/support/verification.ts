// Calling the verification API from tests, and instances whose PostgreSQL and/or Redis links go
// through TCP proxies the test controls.
import { afterAll, beforeAll } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import type { Tokenops } from '../../src/tokenops.js';
import { useTestApp, type TestApp } from './testApp.js';
import { startTcpProxy, type TcpProxy } from './tcpProxy.js';
import { seedTenants } from './tenants.js';

/** A test file's app with its tenants seeded (`seeded.admin`: the root workspace admin), and the
 *  TCP proxies its tests open (`instanceBehind`), closed after all of them. */
export function useVerificationApp() {
  const app = useTestApp();
  const proxies: TcpProxy[] = [];
  const seeded = {} as { admin: Actor };
  beforeAll(async () => {
    seeded.admin = (await seedTenants(app.tokenops)).root;
  });
  afterAll(() => Promise.all(proxies.map((proxy) => proxy.close())));
  return { app, proxies, seeded };
}

export const VERIFY_KEY = 'test-verify-key-2';

export async function verify(instance: Pick<Tokenops, 'url'>, body: unknown, key: string | null = VERIFY_KEY) {
  const response = await fetch(`${instance.url}/v1/tokens/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

export const codeOf = async (instance: Pick<Tokenops, 'url'>, secret: string) =>
  (await verify(instance, { token: secret })).body.code as string | undefined;

/** Verifies `secret` on `instance` until it answers `code`; returns the ms since `since`. */
export const timeUntil = (
  instance: Pick<Tokenops, 'url'>,
  secret: string,
  code: string,
  since: number,
  giveUpMs = 3_000,
) => timeUntilAnswer(instance, { token: secret }, (answer) => answer.code === code, since, giveUpMs, code);

/** Sends `request` to `instance` until the answer satisfies `accept`; returns the ms since `since`. */
export async function timeUntilAnswer(
  instance: Pick<Tokenops, 'url'>,
  request: object,
  accept: (answer: any) => boolean,
  since: number,
  giveUpMs = 3_000,
  what = 'the expected answer',
) {
  for (;;) {
    if (accept((await verify(instance, request)).body)) return Date.now() - since;
    if (Date.now() - since > giveUpMs) throw new Error(`still not ${what} after ${giveUpMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A web instance whose database and/or Redis links go through proxies; closed by `closeAll`. */
export async function instanceBehind(app: TestApp, links: { db?: boolean; redis?: boolean }, opened: TcpProxy[]) {
  const db = links.db ? await startTcpProxy({ host: '127.0.0.1', port: 5432 }) : undefined;
  const redis = links.redis ? await startTcpProxy({ host: '127.0.0.1', port: 6379 }) : undefined;
  opened.push(...[db, redis].filter((proxy) => proxy !== undefined));
  const env: Record<string, string> = {};
  if (db) {
    const url = new URL(app.databaseUrl);
    url.port = String(db.port);
    env.DATABASE_URL = url.toString();
  }
  if (redis) env.REDIS_URL = `redis://127.0.0.1:${redis.port}`;
  const { tokenops, logs } = await app.startInstance({ role: 'web', env });
  return { tokenops, logs, db: db!, redis: redis! };
}
