// The management routes' handling of Idempotency-Key and of dependencies that do not answer,
// against real Redis, with operations that fail as the store can: an outcome not known (the
// change sent, its commit unconfirmed) must never run twice under one key.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UnavailableError } from '../../../src/domain/errors.js';
import { idempotency } from '../../../src/http/management/idempotency.js';
import { managementRoutes, type Gate } from '../../../src/http/management/routes.js';
import type { Operation, tokenOperations } from '../../../src/http/management/tokens.js';
import { createLogger } from '../../../src/observability/logger.js';
import { createRedis, type RedisClient } from '../../../src/store/redis.js';
import { REDIS_URL } from '../../support/databases.js';

const caller = { key: { id: 'key-1' }, actor: { userId: 'key-1', grants: [] }, language: 'en' };
const gate = (async () => caller) as unknown as Gate;
const logger = createLogger({ level: 'silent', tokenPrefix: 'tko' });
let redis: RedisClient;
let runs = 0;
/** A create whose first run ends with its outcome unknown, and later ones succeed. */
const create: Operation = {
  schema: z.object({ label: z.string() }),
  run: async () => {
    if (runs++ === 0) throw new UnavailableError('outcome_unknown');
    return { status: 201, body: { id: 'tok_1' } };
  },
};

/** `route` of `routes` served, with `params` as its path's. */
async function serve(
  routes: ReturnType<typeof managementRoutes>,
  route = 'POST /v1/tokens',
  params: Record<string, string> = {},
) {
  const server = http.createServer((req, res) => void routes[route]!(req, res, params));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Not under /v1: the answers of this fake operation are not the OpenAPI document's.
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fake/create`;
  const post = async (key: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ label: 'x' }),
    });
    return { status: res.status, body: (await res.json()) as { type?: string; detail?: string } };
  };
  return { post, close: () => new Promise((resolve) => server.close(resolve)) };
}

beforeAll(() => {
  redis = createRedis(REDIS_URL);
});
afterAll(() => redis.quit());

describe('management routes with an Idempotency-Key', () => {
  it('keep a request whose outcome is unknown as unknown: a retry with its key is told to check, not run again', async () => {
    runs = 0;
    const routes = managementRoutes({
      gate,
      operations: { create } as unknown as ReturnType<typeof tokenOperations>,
      idempotency: idempotency(redis, `test${randomBytes(3).toString('hex')}`),
      logger,
    });
    const { post, close } = await serve(routes);
    try {
      const first = await post('deploy-1');
      expect(first).toMatchObject({ status: 503, body: { type: 'urn:tokenops:problem:outcome-unknown' } });
      expect(first.body.detail).toContain('Please check (GET /v1/tokens) before trying again.'); // no id yet
      const retry = await post('deploy-1');
      expect(retry).toMatchObject({ status: 503, body: { type: 'urn:tokenops:problem:outcome-unknown' } });
      expect(runs).toBe(1); // not run again under the same key
      expect(await post('deploy-2')).toMatchObject({ status: 201, body: { id: 'tok_1' } }); // a new key runs
    } finally {
      await close();
    }
  });

  it('answer 503 unavailable, running nothing, when Redis cannot check the key', async () => {
    runs = 1;
    const down = createRedis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, enableOfflineQueue: false });
    down.on('error', () => undefined);
    const routes = managementRoutes({
      gate,
      operations: { create } as unknown as ReturnType<typeof tokenOperations>,
      idempotency: idempotency(down, 'down'),
      logger,
    });
    const { post, close } = await serve(routes);
    try {
      expect(await post('deploy-3')).toMatchObject({ status: 503, body: { type: 'urn:tokenops:problem:unavailable' } });
      expect(runs).toBe(1);
    } finally {
      await close();
      down.disconnect();
    }
  });
});

describe('management routes with a fault of their own', () => {
  it('answer 500 as a problem document, not bare JSON', async () => {
    const broken: Operation = {
      schema: z.object({ label: z.string() }),
      run: () => Promise.reject(new TypeError('a bug')),
    };
    const routes = managementRoutes({
      gate,
      operations: { create: broken } as unknown as ReturnType<typeof tokenOperations>,
      idempotency: idempotency(redis, `test${randomBytes(3).toString('hex')}`),
      logger,
    });
    const { post, close } = await serve(routes);
    try {
      expect(await post('bug-1')).toMatchObject({ status: 500, body: { type: 'urn:tokenops:problem:internal-error' } });
    } finally {
      await close();
    }
  });
});

describe('management routes’ problem details', () => {
  it('name the token of the path where the error does not (an outcome unknown)', async () => {
    const disable: Operation = {
      schema: z.object({}),
      run: async () => {
        throw new UnavailableError('outcome_unknown');
      },
    };
    const routes = managementRoutes({
      gate,
      operations: { disable } as unknown as ReturnType<typeof tokenOperations>,
      idempotency: idempotency(redis, `test${randomBytes(3).toString('hex')}`),
      logger,
    });
    const { post, close } = await serve(routes, 'POST /v1/tokens/{id}/disable', { id: 'tok_AbCdEf1234' });
    try {
      const answer = await post('disable-1');
      expect(answer).toMatchObject({ status: 503, body: { type: 'urn:tokenops:problem:outcome-unknown' } });
      expect(answer.body.detail).toContain('Please check (GET /v1/tokens/tok_AbCdEf1234) before trying again.');
    } finally {
      await close();
    }
  });
});
