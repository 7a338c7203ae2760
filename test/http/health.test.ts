import { afterAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/testApp.js';
import { startTcpProxy } from '../support/tcpProxy.js';

const app = useTestApp();
const proxies: Array<{ close(): Promise<void> }> = [];
afterAll(async () => Promise.all(proxies.map((proxy) => proxy.close())));

const get = async (base: string, path: string) => {
  const response = await fetch(base + path);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
};
/** /readyz's status once it is 200, or the last one after 5 s (a fresh connection may be slow on a busy machine). */
const readyWithin5s = async (base: string) => {
  let status = 0;
  for (const until = Date.now() + 5_000; status !== 200 && Date.now() < until;) {
    status = (await get(base, '/readyz')).status;
    if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return status;
};

/** /readyz of an instance of `role` that reaches Redis through a proxy: ready, then with the proxy cut. */
const redisCut = async (role: 'web' | 'worker') => {
  const proxy = await startTcpProxy({ host: '127.0.0.1', port: 6379 });
  proxies.push(proxy);
  const { tokenops } = await app.startInstance({ role, env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}` } });
  expect((await get(tokenops.url, '/readyz')).status).toBe(200);
  proxy.cut();
  return { proxy, tokenops, down: await get(tokenops.url, '/readyz') };
};

describe('health and metrics', () => {
  it('/healthz says the process is alive', async () => {
    const response = await get(app.tokenops.url, '/healthz');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ status: 'ok' });
  });

  it('/readyz checks PostgreSQL and Redis for real and reports the worker heartbeat', async () => {
    // The heartbeat scheduler runs its first job at once; give the worker a moment to run it.
    let body: any;
    for (let i = 0; i < 50; i++) {
      const response = await get(app.tokenops.url, '/readyz');
      expect(response.status).toBe(200);
      body = JSON.parse(response.text);
      if (body.worker.lastRunAt) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(body.status).toBe('ready');
    expect(body.checks).toEqual({ database: { ok: true }, redis: { ok: true } });
    expect(body.verification).toMatchObject({
      ok: true,
      cacheServing: expect.any(Boolean),
      feedPolledMsAgo: expect.any(Number),
    });
    expect(body.worker.ok).toBe(true);
    expect(Date.parse(body.worker.lastRunAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('/readyz answers 503 naming the database when PostgreSQL stops answering, and recovers', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
    proxies.push(proxy);
    const url = new URL(app.databaseUrl);
    url.port = String(proxy.port);
    const { tokenops } = await app.startInstance({ role: 'web', env: { DATABASE_URL: url.toString() } });
    expect(await readyWithin5s(tokenops.url)).toBe(200);

    proxy.cut();
    const down = await get(tokenops.url, '/readyz');
    expect(down.status).toBe(503);
    const body = JSON.parse(down.text);
    expect(body.failing).toEqual(['database']);
    expect(body.checks.database.ok).toBe(false);
    expect(body.checks.database.error).toEqual(expect.any(String));
    expect(body.checks.redis.ok).toBe(true);

    proxy.restore();
    expect(await readyWithin5s(tokenops.url)).toBe(200);
  });

  it('/readyz stays 200 but says "degraded" naming Redis when Redis stops answering (verification still works)', async () => {
    const { proxy, tokenops, down } = await redisCut('web');
    expect(down.status).toBe(200);
    const body = JSON.parse(down.text);
    expect(body).toMatchObject({
      status: 'degraded',
      degraded: ['redis'],
      checks: { database: { ok: true }, redis: { ok: false } },
    });
    expect(body.failing).toBeUndefined();
    proxy.restore();
    expect(JSON.parse((await get(tokenops.url, '/readyz')).text).status).toBe('ready');
  });

  it('/readyz of a worker answers 503 naming Redis when Redis stops answering (a worker does nothing without it)', async () => {
    const { down } = await redisCut('worker');
    expect(down.status).toBe(503);
    expect(JSON.parse(down.text).failing).toEqual(['redis']);
  });

  it('/metrics serves Prometheus text with our own series', async () => {
    await get(app.tokenops.url, '/healthz');
    const response = await get(app.tokenops.url, '/metrics');
    expect(response.status).toBe(200);
    expect(response.type).toContain('text/plain');
    expect(response.text).toMatch(
      /tokenops_http_request_duration_seconds_count\{route="GET \/healthz",status="200"\} [1-9]/,
    );
    expect(response.text).toContain('tokenops_process_resident_memory_bytes');
  });

  it('answers unknown paths with 404 and wrong methods with 405, as JSON', async () => {
    expect(await get(app.tokenops.url, '/nope')).toMatchObject({ status: 404, text: '{"error":"not_found"}' });
    const response = await fetch(`${app.tokenops.url}/healthz`, { method: 'DELETE' });
    expect(response.status).toBe(405);
  });
});
