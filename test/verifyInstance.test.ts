// A verification-only instance (`node dist/main.js verify`, README: Running at scale): it answers
// verifications and serves the change stream like a web instance, honours a change made elsewhere
// within 1 s, hands refusal notices to the workers, records usage, reports readiness, stops
// cleanly, and serves nothing else; its process never loads Slack, Prisma or the job worker.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import type { Actor } from '../src/domain/permissions.js';
import { sql } from './support/databases.js';
import { startProcess, type Instance } from './support/processes.js';
import { seedTenants, tokenInput, USERS } from './support/tenants.js';
import { useTestApp } from './support/testApp.js';
import { timeUntil, verify, VERIFY_KEY } from './support/verification.js';

const app = useTestApp(); // role all: its worker delivers what the verify instance hands on
let admin: Actor;
let instance: Instance;

beforeAll(async () => {
  admin = (await seedTenants(app.tokenops)).root;
  instance = await startProcess(app, 'verify', { LOG_LEVEL: 'info', SHUTDOWN_DRAIN_SECONDS: '0' });
}, 90_000);
afterAll(() => instance?.stop('SIGKILL'));

const create = (label: string, more: Record<string, unknown> = {}) =>
  app.tokenops.tokens.create(admin, tokenInput('org:acme', label, more));
const settle = () => new Promise((resolve) => setTimeout(resolve, 400)); // the feed has seen the token made

describe('a verify instance', () => {
  it('answers verifications as a web instance does, and honours a disable made elsewhere within 1 s', async () => {
    const { secret, token } = await create('verified alone', { rateLimit: '100/min' });
    await settle();
    const first = await verify(instance, { token: secret });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      valid: true,
      code: 'VALID',
      token: { id: token.displayId },
      rateLimit: { limit: 100, remaining: 99 },
    });
    expect(await verify(app.tokenops, { token: secret })).toMatchObject({ body: { code: 'VALID' } });
    const changedAt = Date.now();
    await app.tokenops.tokens.disable(admin, token.displayId);
    expect(await timeUntil(instance, secret, 'DISABLED', changedAt)).toBeLessThan(1_000);
    expect((await verify(instance, { token: secret }, 'wrong-key-0123456789')).status).toBe(401);
  });

  it('serves the change stream to the SDK', async () => {
    const controller = new AbortController();
    const response = await fetch(`${instance.url}/v1/tokens/changes`, {
      headers: { authorization: `Bearer ${VERIFY_KEY}` },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    controller.abort();
  });

  it('serves nothing else: no Slack events, no management API, no scanners', async () => {
    // Through node:http: the tests' fetch holds answers to the OpenAPI document, which describes a
    // web instance, where these routes exist.
    const status = (route: string) =>
      new Promise<number>((resolve, reject) => {
        const [method, path] = route.split(' ');
        http
          .request(`${instance.url}${path}`, { method }, (res) => resolve(res.resume().statusCode!))
          .on('error', reject)
          .end(method === 'POST' ? '{}' : undefined);
      });
    const routes = [
      'POST /slack/events',
      'GET /v1/tokens',
      'POST /v1/tokens',
      'GET /v1/audit',
      'POST /v1/secret-scanning/github',
    ];
    expect(await Promise.all(routes.map(status))).toEqual([404, 404, 404, 404, 404]);
  });

  it('hands a FORBIDDEN refusal to the workers, who tell the primary contact once', async () => {
    const { secret, token } = await create('fenced', { allowedIps: '10.0.0.0/8', primaryContact: USERS.shopAdmin });
    await settle();
    for (let i = 0; i < 3; i++)
      expect((await verify(instance, { token: secret, ip: '192.0.2.1' })).body.code).toBe('FORBIDDEN');
    const told = () =>
      app.fake
        .conversation(app.fake.dmOf(USERS.shopAdmin), USERS.shopAdmin)
        .filter((m) => String(m.text).includes(token.displayId) && String(m.text).includes('FORBIDDEN'));
    await app.fake.waitFor(() => told().length > 0 || undefined, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // nothing more comes
    expect(told()).toHaveLength(1);
  });

  it('reports readiness: the database, Redis, the cache and the clock', async () => {
    const response = await fetch(`${instance.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ready',
      checks: { database: { ok: true }, redis: { ok: true } },
      verification: { ok: true, cacheServing: true },
      clock: { ok: true },
    });
    expect(await (await fetch(`${instance.url}/metrics`)).text()).toContain('tokenops_verifications_total');
  });

  it('stops cleanly on SIGTERM, writing the usage it still held', async () => {
    const { secret, token } = await create('used then stopped');
    await settle();
    for (let i = 0; i < 3; i++) expect((await verify(instance, { token: secret })).body.code).toBe('VALID');
    expect(await instance.stop('SIGTERM')).toBe(0);
    const counts = await sql(
      app.databaseUrl,
      `SELECT sum(count)::int AS n FROM token_usage u JOIN tokens t ON t.id = u.token_id WHERE t.display_id = $1 AND code = 'VALID'`,
      [token.displayId],
    );
    expect(counts).toEqual([{ n: 3 }]);
    expect(instance.logs.some((line) => line.includes('"tokenops stopped"'))).toBe(true);
  });
});

describe('the verify process', () => {
  it("starts without Slack's secrets, and warns of what makes it useless or unsafe, as the other roles do", async () => {
    const keyless = await startProcess(app, 'verify', {
      VERIFY_API_KEYS: '',
      SLACK_BOT_TOKEN: '',
      SLACK_SIGNING_SECRET: '',
      SLACK_APP_TOKEN: '',
    });
    try {
      expect(keyless.logs.join('\n')).toContain('VERIFY_API_KEYS is empty: POST /v1/tokens/verify refuses every call');
    } finally {
      await keyless.stop('SIGKILL');
    }
  }, 60_000);

  it('imports nothing of Slack, Prisma or the job queue until it has a refusal to hand on, and then the queue alone', async () => {
    const bundled = await build({
      entryPoints: ['src/main.ts'],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      outdir: 'unused',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const outputs = bundled.metafile.outputs;
    const chunkOf = (entry: string) =>
      Object.keys(outputs).find((file) => outputs[file]!.entryPoint === entry || file.includes(entry))!;
    /** What loading `file` loads at once: its static imports, followed. */
    const staticImports = (file: string, seen = new Set<string>()): Set<string> => {
      for (const imported of outputs[file]!.imports) {
        if (imported.kind !== 'import-statement' || seen.has(imported.path)) continue;
        seen.add(imported.path);
        if (outputs[imported.path]) staticImports(imported.path, seen);
      }
      return seen;
    };
    const verifyChunk = Object.keys(outputs).find((file) => /verifyInstance-\w+\.js$/.test(file));
    expect(verifyChunk).toBeDefined();
    const loaded = [...staticImports(chunkOf('src/main.ts')), ...staticImports(verifyChunk!)];
    expect(loaded).toEqual(expect.arrayContaining(['pg', 'ioredis']));
    expect(loaded.filter((path) => /bolt|web-api|prisma|bullmq|nodemailer/.test(path))).toEqual([]);
    // …and handing on a refusal loads the job queue, still nothing of Slack or Prisma.
    const lazy = outputs[verifyChunk!]!.imports.filter((imported) => imported.kind === 'dynamic-import');
    expect(lazy.length).toBeGreaterThanOrEqual(2);
    const onRefusal = lazy.flatMap((imported) => [imported.path, ...staticImports(imported.path)]);
    expect(onRefusal).toContain('bullmq');
    expect(onRefusal.filter((path) => /bolt|web-api|prisma|nodemailer/.test(path))).toEqual([]);
    const sources = onRefusal.flatMap((path) => Object.keys(outputs[path]?.inputs ?? {}));
    expect(sources).toEqual(expect.arrayContaining(['src/jobs/queue.ts', 'src/jobs/refusalNotices.ts']));
    expect(sources.filter((source) => /^src\/(slack|notify|i18n|store\/prisma)/.test(source))).toEqual([]);
  });
});
