import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/domain/permissions.js';
import { generateSecret } from '../../../src/domain/secret.js';
import { useTestApp } from '../../../test/support/testApp.js';
import { seedTenants, tokenInput } from '../../../test/support/tenants.js';
import { startHttpGateway } from '../../../test/support/httpGateway.js';
import { createVerifier, VerificationUnavailable, type Verifier } from '../src/index.js';
import { nodeGuard, type TokenopsRequest } from '../src/node.js';
import { tokenops as expressTokenops } from '../src/express.js';
import { tokenops as fastifyTokenops } from '../src/fastify.js';
import { tokenops as honoTokenops, type TokenopsVariables } from '../src/hono.js';

const app = useTestApp();
let admin: Actor;
let verifier: Verifier;

beforeAll(async () => {
  admin = (await seedTenants(app.tokenops)).root;
  verifier = createVerifier({ url: app.tokenops.url, apiKey: 'test-verify-key-1' });
  while (!verifier.stats().streamCurrent) await new Promise((resolve) => setTimeout(resolve, 20));
});
afterAll(() => verifier.close());

/** A new token, once its creation's change has passed (answers asked for within 1 s of a change are not cached). */
async function create(label: string, scopes = ['orders:read']) {
  const issued = await app.tokenops.tokens.create(admin, tokenInput('org:acme', label, { scopes }));
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  return issued;
}

/** A server whose one route answers the token's id, behind each middleware. */
type Served = { port: number; close(): Promise<unknown> };
const listening = async (server: http.Server): Promise<Served> => {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
};
const servers: Record<string, (verifier: Verifier) => Promise<Served>> = {
  'node:http': (verifier) =>
    listening(
      http.createServer((req, res) =>
        nodeGuard(verifier)(req, res, () => res.end((req as TokenopsRequest).tokenops!.tokenId)),
      ),
    ),
  Express: (verifier) => {
    const app = express();
    app.use(expressTokenops(verifier));
    app.get('/', (req, res) => void res.send(req.tokenops!.tokenId));
    return listening(http.createServer(app));
  },
  Fastify: async (verifier) => {
    const app = Fastify();
    app.addHook('onRequest', fastifyTokenops(verifier));
    app.get('/', async (request) => request.tokenops!.tokenId);
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
  },
  Hono: async (verifier) => {
    const app = new Hono<TokenopsVariables>();
    app.use(honoTokenops(verifier));
    app.get('/', (c) => c.text(c.get('tokenops').tokenId));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as http.Server;
    await new Promise((resolve) => server.once('listening', resolve));
    return listening(server);
  },
};

describe('createVerifier', () => {
  it('answers a malformed secret locally, without a call', async () => {
    const before = verifier.stats().fromServer;
    expect(await verifier.verify('tko_nope')).toEqual({ valid: false, code: 'MALFORMED' });
    // Its checksum's last character changed (one secret in 62 ends in '0' already).
    const secret = generateSecret('tko');
    const broken = secret.slice(0, -1) + (secret.endsWith('0') ? '1' : '0');
    expect(await verifier.verify(broken)).toMatchObject({ code: 'MALFORMED' });
    expect(verifier.stats().fromServer).toBe(before);
  });

  it('answers as POST /v1/tokens/verify does, then from its cache', async () => {
    const { token, secret } = await create('Cached');
    const first = await verifier.verify(secret, { ip: '203.0.113.7' });
    const server = await (
      await fetch(`${app.tokenops.url}/v1/tokens/verify`, {
        method: 'POST',
        headers: { authorization: 'Bearer test-verify-key-1' },
        body: JSON.stringify({ token: secret }),
      })
    ).json();
    expect(first).toEqual(server);
    expect(first).toMatchObject({ valid: true, code: 'VALID', token: { id: token.displayId } });
    const before = verifier.stats();
    expect(await verifier.verify(secret, { ip: '203.0.113.7' })).toEqual(first);
    expect(verifier.stats()).toMatchObject({ fromServer: before.fromServer, fromCache: before.fromCache + 1 });
  });

  it('asks tokenops again after revisitMs, once, in the background, so that a token used only through the cache is seen in use', async () => {
    const revisiting = createVerifier({ url: app.tokenops.url, apiKey: 'test-verify-key-1', revisitMs: 1_000 });
    const settled = async () => {
      for (let waited = 0; waited < 2_000 && revisiting.stats().fromServer === asked; waited += 20)
        await new Promise((resolve) => setTimeout(resolve, 20));
    };
    let asked = 0;
    try {
      while (!revisiting.stats().streamCurrent) await new Promise((resolve) => setTimeout(resolve, 20));
      const { token, secret } = await create('Revisited');
      expect((await revisiting.verify(secret)).code).toBe('VALID');
      asked = revisiting.stats().fromServer;
      // Within the second: from the cache. Past it: still from the cache, and tokenops is asked
      // again beside it, once however many hits come at that moment; it records the use.
      expect((await revisiting.verify(secret)).code).toBe('VALID');
      expect(revisiting.stats().fromServer).toBe(asked);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const hits = revisiting.stats().fromCache;
      const burst = await Promise.all(Array.from({ length: 20 }, () => revisiting.verify(secret)));
      expect(burst.map((answer) => answer.code)).toEqual(Array(20).fill('VALID'));
      expect(revisiting.stats().fromCache).toBe(hits + 20);
      await settled();
      expect(revisiting.stats().fromServer).toBe(asked + 1);
      // The answer it brought back is served for another second, without asking.
      expect((await revisiting.verify(secret)).code).toBe('VALID');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(revisiting.stats().fromServer).toBe(asked + 1);
      await new Promise((resolve) => setTimeout(resolve, 2_500)); // past the test app's usage write
      // tokenops counted both calls it answered (not the hits): the token is seen in use.
      const usage = await app.tokenops.tokens.usageOf(await app.tokenops.tokens.show(admin, token.displayId));
      expect(usage?.last24h.VALID).toBe(2);
    } finally {
      revisiting.close();
    }
  });

  it('works out missing scopes from the cached token', async () => {
    const { secret } = await create('Scoped', ['orders:read']);
    await verifier.verify(secret);
    const before = verifier.stats().fromServer;
    expect(await verifier.verify(secret, { scopes: ['orders:read', 'orders:write'] })).toMatchObject({
      valid: false,
      code: 'INSUFFICIENT_SCOPE',
      missingScopes: ['orders:write'],
    });
    expect(await verifier.verify(secret, { scopes: ['orders:read'] })).toMatchObject({ valid: true });
    expect(verifier.stats().fromServer).toBe(before);
  });

  it('does not cache unknown secrets: a secret that starts working is seen at once', async () => {
    const before = verifier.stats().fromServer;
    const unknown = generateSecret('tko');
    expect(await verifier.verify(unknown)).toEqual({ valid: false, code: 'NOT_FOUND' });
    expect(await verifier.verify(unknown)).toEqual({ valid: false, code: 'NOT_FOUND' });
    expect(verifier.stats().fromServer).toBe(before + 2);
  });

  for (const [change, code] of [
    ['disable', 'DISABLED'],
    ['revoke', 'REVOKED'],
    ['delete', 'NOT_FOUND'],
  ] as const) {
    it(`stops answering VALID within 1 s of a ${change}`, async () => {
      const { token, secret } = await create(`Changed ${change}`);
      await verifier.verify(secret);
      expect(await verifier.verify(secret)).toMatchObject({ code: 'VALID' });
      await app.tokenops.tokens[change](admin, token.displayId);
      const acknowledged = Date.now();
      for (;;) {
        const answer = await verifier.verify(secret);
        if (answer.code !== 'VALID') {
          expect(answer.code).toBe(code);
          break;
        }
        expect(Date.now() - acknowledged).toBeLessThan(1_000);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    });
  }

  it.each(Object.keys(servers))(
    'through the %s middleware, one kept-alive connection that changes tokens is answered for each, and a revocation is honoured within 1 s',
    async (name) => {
      const a = await create(`${name} connection A`);
      const b = await create(`${name} connection B`);
      const server = await servers[name]!(verifier);
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const ports = new Set<number>();
      const call = (authorization?: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = http.get(
            {
              port: server.port,
              host: '127.0.0.1',
              agent,
              headers: authorization ? { authorization } : {},
            },
            (res) => {
              let body = '';
              res.on('data', (chunk) => (body += chunk)).on('end', () => resolve({ status: res.statusCode!, body }));
            },
          );
          req.on('socket', (socket) => socket.once('connect', () => ports.add(socket.localPort!)));
          req.on('error', reject);
        });
      try {
        const before = verifier.stats().fromCache;
        // A's answer is asked for and cached, then served again from the cache on the same connection.
        for (let i = 0; i < 3; i++)
          expect(await call(`Bearer ${a.secret}`)).toEqual({ status: 200, body: a.token.displayId });
        expect(await call(`Bearer ${b.secret}`)).toEqual({ status: 200, body: b.token.displayId });
        expect((await call(`Bearer ${generateSecret('tko')}`)).status).toBe(401);
        expect((await call()).status).toBe(401);
        expect(await call(`Bearer ${a.secret}`)).toEqual({ status: 200, body: a.token.displayId });
        expect(await call(`bearer ${b.secret}`)).toEqual({ status: 200, body: b.token.displayId });
        expect(verifier.stats().fromCache).toBeGreaterThanOrEqual(before + 4);
        // A memo that another secret left is no answer for this one (a caller may not reset it).
        const [memo, ip] = [{}, '127.0.0.1'];
        expect(verifier.cached!(a.secret, { ip }, memo)?.token?.id).toBe(a.token.displayId);
        expect(verifier.cached!(b.secret, { ip }, memo)?.token?.id).toBe(b.token.displayId);
        await app.tokenops.tokens.revoke(admin, a.token.displayId);
        const acknowledged = Date.now();
        while ((await call(`Bearer ${a.secret}`)).status === 200) {
          expect(Date.now() - acknowledged).toBeLessThan(1_000);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        expect(await call(`Bearer ${a.secret}`)).toMatchObject({ status: 401 });
        expect(await call(`Bearer ${b.secret}`)).toEqual({ status: 200, body: b.token.displayId });
        expect(ports.size).toBe(1); // every call went over the one connection
      } finally {
        agent.destroy();
        await server.close();
      }
    },
  );

  it('finds tokenops below a base URL with a path (a gateway serving it under /tokenops), its change stream too', async () => {
    const gateway = await startHttpGateway(app.tokenops.url, { prefix: '/tokenops' });
    const prefixed = createVerifier({ url: gateway.url, apiKey: 'test-verify-key-1' });
    try {
      const { token, secret } = await create('Behind a gateway');
      for (let i = 0; i < 100 && !prefixed.stats().streamCurrent; i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(prefixed.stats().streamCurrent).toBe(true);
      expect(await prefixed.verify(secret)).toMatchObject({ code: 'VALID', token: { id: token.displayId } });
      expect(await prefixed.verify(secret)).toMatchObject({ code: 'VALID' });
      expect(prefixed.stats()).toMatchObject({ fromServer: 1, fromCache: 1 });
    } finally {
      prefixed.close();
      await gateway.close();
    }
  });

  it('throws VerificationUnavailable when tokenops cannot answer, or refuses the key', async () => {
    const { secret } = await create('Unreachable');
    const dead = createVerifier({ url: 'http://127.0.0.1:9', apiKey: 'test-verify-key-1', timeoutMs: 500 });
    const refused = createVerifier({ url: app.tokenops.url, apiKey: 'wrong' });
    try {
      await expect(dead.verify(secret)).rejects.toBeInstanceOf(VerificationUnavailable);
      await expect(refused.verify(secret)).rejects.toThrow(/refused the verification API key/);
    } finally {
      dead.close();
      refused.close();
    }
  });
});
