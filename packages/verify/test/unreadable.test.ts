// An answer from tokenops that cannot be read is VerificationUnavailable, like no answer at all:
// a body cut after its headers, one that stalls past the deadline, a 200 that is not JSON or not
// a verification. The node:http guard, written as the README shows, then answers 503 with
// Retry-After (an error of another kind would end such a server: an unhandled rejection).
// Against a stand-in for tokenops that answers as the test says, served under a path: the check
// of answers against tokenops' OpenAPI document (test/support/openapiCheck.ts) leaves these
// answers, wrong on purpose, to the verifier.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret } from '../../../src/domain/secret.js';
import { createVerifier, VerificationUnavailable, type Verifier } from '../src/index.js';
import { nodeGuard } from '../src/node.js';

const ANSWERS = {
  'a body cut after the headers': (res: http.ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
    res.write('{"valid":true,"code":"VAL');
    setTimeout(() => res.destroy(), 20);
  },
  'a body that stalls past the deadline': (res: http.ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
    res.write('{"valid":true,"code":"VAL');
  },
  'a 200 that is not JSON (a proxy’s page)': (res: http.ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Bad gateway</body></html>');
  },
  'JSON that is no verification': (res: http.ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('null');
  },
};
type Fault = keyof typeof ANSWERS;
let fault: Fault;

const tokenops = http.createServer((req, res) => {
  if (req.method === 'GET') return void res.writeHead(404).end(); // no change stream: every call asks
  req.resume().on('end', () => ANSWERS[fault](res));
});
let verifier: Verifier;
let api: http.Server;
let apiUrl: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => tokenops.listen(0, '127.0.0.1', resolve));
  verifier = createVerifier({
    url: `http://127.0.0.1:${(tokenops.address() as AddressInfo).port}/stand-in`,
    apiKey: 'k',
    timeoutMs: 500,
  });
  const guard = nodeGuard(verifier, { scopes: ['orders:read'] });
  api = http.createServer(async (req, res) => {
    if (!(await guard(req, res))) return; // as the README writes it
    res.end('in');
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterAll(() => {
  verifier.close();
  for (const server of [tokenops, api]) {
    server.closeAllConnections();
    server.close();
  }
});

describe('an answer that cannot be read', () => {
  for (const name of Object.keys(ANSWERS) as Fault[]) {
    it(`is VerificationUnavailable, and the guard's 503, for ${name}`, async () => {
      fault = name;
      const error = await verifier.verify(generateSecret('tko')).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(VerificationUnavailable);
      const response = await fetch(apiUrl, {
        headers: { authorization: `Bearer ${generateSecret('tko')}` },
        signal: AbortSignal.timeout(5_000),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(await response.json()).toMatchObject({ error: 'unavailable' });
    });
  }
});
