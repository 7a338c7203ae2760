// Answers near their end are not served from the cache: within 5 s of the token's expiry or of
// its secret's (a reset's grace period), tokenops decides. Against a stand-in for tokenops whose
// answers end when the test says, with a change stream of heartbeats.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret } from '../../../src/domain/secret.js';
import { createVerifier, type Verifier } from '../src/index.js';

let ends: { token: number | null; secret?: number } = { token: null };
const server = http.createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const beat = () => res.write(`event: heartbeat\ndata: {"asOf":${Date.now()}}\n\n`);
    beat();
    const timer = setInterval(beat, 100);
    return void req.on('close', () => clearInterval(timer));
  }
  req.resume().on('end', () => {
    const expiresAt = ends.token === null ? null : new Date(ends.token).toISOString();
    const token = {
      id: `tok_${Date.now()}`,
      label: 'x',
      owner: { type: 'organization', organization: 'acme', domain: null },
      scopes: [],
      apiVersion: '2026-01',
      expiresAt,
    };
    res.writeHead(200, {
      'content-type': 'application/json',
      ...(ends.secret ? { 'tokenops-secret-expires-at': new Date(ends.secret).toISOString() } : {}),
    });
    res.end(JSON.stringify({ valid: true, code: 'VALID', token }));
  });
});
let verifier: Verifier;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  verifier = createVerifier({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiKey: 'k' });
  await verifier.verify(generateSecret('tko')); // the first call loads fetch: the loop stalls a while
  // Past that, and past the stream's first connection: it drops the cache as a reset does, and
  // answers asked for within 1 s of it are not kept.
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  while (!verifier.stats().streamCurrent) await new Promise((resolve) => setTimeout(resolve, 20));
});
afterAll(() => {
  verifier.close();
  server.closeAllConnections();
  server.close();
});

/** How many of three verifications of a new secret went to tokenops. */
async function asked(): Promise<number> {
  while (!verifier.stats().streamCurrent) await new Promise((resolve) => setTimeout(resolve, 20));
  const secret = generateSecret('tko');
  const before = verifier.stats().fromServer;
  for (let i = 0; i < 3; i++) {
    expect(await verifier.verify(secret)).toMatchObject({ code: 'VALID' });
  }
  return verifier.stats().fromServer - before;
}

describe('cached answers and expiry', () => {
  it('serves from the cache a token that never expires, or expires later than 5 s from now', async () => {
    ends = { token: null };
    expect(await asked()).toBe(1);
    ends = { token: Date.now() + 60_000 };
    expect(await asked()).toBe(1);
  });

  it('asks tokenops within 5 s of the token’s expiry, or of its secret’s', async () => {
    ends = { token: Date.now() + 4_000 };
    expect(await asked()).toBe(3);
    ends = { token: null, secret: Date.now() + 4_000 };
    expect(await asked()).toBe(3);
    ends = { token: Date.now() + 60_000, secret: Date.now() + 60_000 };
    expect(await asked()).toBe(1);
  });
});
