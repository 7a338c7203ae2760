// Each middleware in its real framework, over real HTTP, with a verifier that answers as tokenops
// does for a few fixed secrets.
import http from 'node:http';
import { inspect } from 'node:util';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { afterAll, describe, expect, it } from 'vitest';
import {
  VerificationUnavailable,
  type VerifiedToken,
  type VerifyAnswer,
  type Verifier,
  type VerifyRequest,
} from '../src/index.js';
import { nodeGuard, type TokenopsRequest } from '../src/node.js';
import { tokenops as expressTokenops } from '../src/express.js';
import { tokenops as fastifyTokenops } from '../src/fastify.js';
import { tokenops as honoTokenops, type TokenopsVariables } from '../src/hono.js';

const token: VerifiedToken = {
  id: 'tok_0123456789',
  label: 'Shop',
  owner: { type: 'domain', organization: 'acme', domain: 'shop.acme.test' },
  scopes: ['orders:read'],
  apiVersion: '2026-01',
  expiresAt: null,
};
const answers: Record<string, VerifyAnswer> = {
  valid: { valid: true, code: 'VALID', token },
  disabled: { valid: false, code: 'DISABLED' },
  forbidden: { valid: false, code: 'FORBIDDEN', token },
  scoped: { valid: false, code: 'INSUFFICIENT_SCOPE', token, missingScopes: ['orders:write'] },
};
/** Spent until 30 s from the question. */
const limited = (): VerifyAnswer => ({
  valid: false,
  code: 'RATE_LIMITED',
  token,
  rateLimit: { limit: 10, remaining: 0, resetAt: new Date(Date.now() + 30_000).toISOString() },
});
const asked: VerifyRequest[] = [];
const verifier: Verifier = {
  async verify(secret, request = {}) {
    asked.push(request);
    if (secret === 'down') throw new VerificationUnavailable('tokenops could not be reached in time', 2);
    if (secret === 'limited') return limited();
    return answers[secret] ?? { valid: false, code: 'NOT_FOUND' };
  },
  stats: () => ({ cached: 0, streamCurrent: true, fromCache: 0, fromServer: 0 }),
  close: () => undefined,
};
const options = { scopes: ['orders:read'] };

const servers: Array<() => Promise<unknown>> = [];
afterAll(() => Promise.all(servers.map((close) => close())));
const listen = async (server: http.Server) => {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

const apps: Record<string, () => Promise<string>> = {
  'node:http': async () => {
    const guard = nodeGuard(verifier, options);
    return listen(
      http.createServer(async (req, res) => {
        if (!(await guard(req, res))) return;
        res.end(JSON.stringify((req as typeof req & { tokenops: unknown }).tokenops));
      }),
    );
  },
  'node:http, with a callback': async () => {
    const guard = nodeGuard(verifier, options);
    return listen(
      http.createServer((req, res) =>
        guard(req, res, () => res.end(JSON.stringify((req as typeof req & { tokenops: unknown }).tokenops))),
      ),
    );
  },
  Express: async () => {
    const app = express();
    app.use(expressTokenops(verifier, options));
    app.get('/', (req, res) => void res.json(req.tokenops));
    return listen(http.createServer(app));
  },
  Fastify: async () => {
    const app = Fastify();
    app.addHook('onRequest', fastifyTokenops(verifier, options));
    app.get('/', async (request) => request.tokenops);
    await app.listen({ port: 0, host: '127.0.0.1' });
    servers.push(() => app.close());
    return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  },
  Hono: async () => {
    const app = new Hono<TokenopsVariables>();
    app.use(honoTokenops(verifier, options));
    app.get('/', (c) => c.json(c.get('tokenops')));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as http.Server;
    await new Promise((resolve) => server.once('listening', resolve));
    return listen(server);
  },
};

describe.each(Object.keys(apps))('%s middleware', (name) => {
  let url: string;
  const get = async (secret?: string, scheme = 'Bearer') => {
    url ??= await apps[name]!();
    const response = await fetch(url, { headers: secret ? { authorization: `${scheme} ${secret}` } : {} });
    return { status: response.status, headers: response.headers, body: await response.json() };
  };

  it("lets a VALID token in, with its id, owner and scopes on the request, passing the client's address and the scopes", async () => {
    asked.length = 0;
    const { status, body } = await get('valid');
    expect(status).toBe(200);
    expect(body).toMatchObject({ tokenId: token.id, owner: token.owner, scopes: token.scopes });
    expect(asked).toEqual([{ ip: expect.stringMatching(/127\.0\.0\.1$/), scopes: ['orders:read'] }]);
  });

  it('takes the Bearer scheme in any case (RFC 7235)', async () => {
    for (const scheme of ['bearer', 'BEARER', 'bEaReR']) {
      expect(await get('valid', scheme)).toMatchObject({ status: 200, body: { tokenId: token.id } });
    }
  });

  it('answers 401 with WWW-Authenticate when no token is sent, or the token does not work', async () => {
    const missing = await get();
    expect(missing).toMatchObject({ status: 401, body: { error: 'missing_token' } });
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    const disabled = await get('disabled');
    expect(disabled).toMatchObject({ status: 401, body: { error: 'disabled', message: 'The token is disabled.' } });
    expect(disabled.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
  });

  it('answers 403 for an address or scope the token is not allowed', async () => {
    expect(await get('forbidden')).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    const scoped = await get('scoped');
    expect(scoped).toMatchObject({ status: 403, body: { error: 'insufficient_scope' } });
    expect(scoped.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope", scope="orders:write"');
  });

  it('answers 429 with Retry-After until the window resets, and 503 with Retry-After when tokenops cannot say', async () => {
    const limited = await get('limited');
    expect(limited).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
    const down = await get('down');
    expect(down).toMatchObject({ status: 503, body: { error: 'unavailable' } });
    expect(down.headers.get('retry-after')).toBe('2');
  });
});

describe('node:http guard with a callback', () => {
  const request = (authorization?: string) =>
    ({
      rawHeaders: authorization ? ['Authorization', authorization] : [],
      socket: { remoteAddress: '10.0.0.1' },
    }) as unknown as http.IncomingMessage;
  const response = () => {
    const written: { status?: number; body?: string } = {};
    const res = {
      writeHead: (status: number) => ((written.status = status), res),
      end: (body?: string) => void (written.body = body),
    };
    return { res: res as unknown as http.ServerResponse, written };
  };
  const cachedVerifier: Verifier = {
    ...verifier,
    cached: (secret) => (secret === 'valid' ? answers.valid : undefined),
  };

  it('calls next before it returns when the answer is cached, with the token on the request', () => {
    const guard = nodeGuard(cachedVerifier);
    const req: TokenopsRequest = request('Bearer valid');
    let called = false;
    guard(req, response().res, () => (called = true));
    expect(called).toBe(true);
    expect(req.tokenops?.tokenId).toBe(token.id);
  });

  it('keeps the token its connection presented last out of util.inspect of the request or socket (a debug log)', () => {
    const secret = 'tko_InspectMe0123456789';
    const guard = nodeGuard({ ...verifier, cached: (asked) => (asked === secret ? answers.valid : undefined) });
    const first: TokenopsRequest = request(`Bearer ${secret}`);
    guard(first, response().res, () => undefined);
    expect(first.tokenops?.tokenId).toBe(token.id);
    // The same connection's next request, logged as it comes in: the memo is there, unprinted.
    const next = { ...request(), socket: first.socket } as TokenopsRequest;
    for (const shown of [inspect(first.socket, { depth: 10 }), inspect(next, { depth: 10 })])
      expect(shown).not.toContain('InspectMe');
    guard(next, response().res, () => undefined);
    expect(next.tokenops).toBeUndefined();
  });

  it('never calls next for a refusal, cached or asked, and answers it', async () => {
    const guard = nodeGuard(cachedVerifier);
    let called = false;
    const missing = response();
    guard(request(), missing.res, () => (called = true));
    expect(missing.written.status).toBe(401);
    const disabled = response();
    guard(request('Bearer disabled'), disabled.res, () => (called = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(disabled.written.status).toBe(401);
    expect(called).toBe(false);
  });

  it('answers 500 when next throws after tokenops was asked, instead of an unhandled rejection', async () => {
    const guard = nodeGuard(verifier); // no cached answers: tokenops is asked
    const { res, written } = response();
    (res as unknown as { headersSent: boolean }).headersSent = false;
    guard(request('Bearer valid'), res, () => {
      throw new Error('the handler failed');
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(written.status).toBe(500);
  });
});

describe('Express and Fastify with a cached answer', () => {
  // Asking tokenops would refuse: what lets the request in is the cached answer alone.
  const cachedOnly: Verifier = {
    ...verifier,
    verify: async () => ({ valid: false, code: 'DISABLED' }),
    cached: (secret) => (secret === 'valid' ? answers.valid : undefined),
  };
  const headers = { authorization: 'Bearer valid' };

  it('Express calls next before the middleware returns, with the token on the request', () => {
    const req = { headers, ip: '10.0.0.1' } as unknown as express.Request;
    let called = false;
    expressTokenops(cachedOnly, options)(req, {} as express.Response, () => (called = true));
    expect(called).toBe(true);
    expect(req.tokenops?.tokenId).toBe(token.id);
  });

  it('Fastify’s hook calls done before it returns, with the token on the request', () => {
    const request = { headers, ip: '10.0.0.1', raw: {} } as unknown as Parameters<
      ReturnType<typeof fastifyTokenops>
    >[0];
    let done = false;
    fastifyTokenops(cachedOnly, options)(request, {} as Parameters<ReturnType<typeof fastifyTokenops>>[1], () => {
      done = true;
    });
    expect(done).toBe(true);
    expect(request.tokenops?.tokenId).toBe(token.id);
  });

  it('await a hand-made verifier that answers with another kind of thenable', async () => {
    const thenable: Verifier = {
      ...verifier,
      verify: (secret) =>
        ({
          then: (resolve: (answer: VerifyAnswer) => unknown) =>
            resolve(secret === 'valid' ? answers.valid! : { valid: false, code: 'NOT_FOUND' }),
        }) as unknown as Promise<VerifyAnswer>,
    };
    const req = { headers, ip: '10.0.0.1' } as unknown as express.Request;
    const passed = await new Promise((resolve) =>
      expressTokenops(thenable, options)(req, {} as express.Response, (error?: unknown) => resolve(error ?? 'next')),
    );
    expect([passed, req.tokenops?.tokenId]).toEqual(['next', token.id]);
  });

  it('both answer a refusal that had to be asked, over real HTTP', async () => {
    const app = express();
    app.use(expressTokenops(cachedOnly, options));
    app.get('/', (req, res) => void res.json(req.tokenops));
    const expressUrl = await listen(http.createServer(app));
    const fastify = Fastify();
    fastify.addHook('onRequest', fastifyTokenops(cachedOnly, options));
    fastify.get('/', async (request) => request.tokenops);
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    servers.push(() => fastify.close());
    const fastifyUrl = `http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}`;
    for (const url of [expressUrl, fastifyUrl]) {
      const admitted = await fetch(url, { headers });
      expect([admitted.status, ((await admitted.json()) as { tokenId: string }).tokenId]).toEqual([200, token.id]);
      const refused = await fetch(url, { headers: { authorization: 'Bearer other' } });
      expect(refused.status).toBe(401);
      await refused.body?.cancel();
    }
  });
});
