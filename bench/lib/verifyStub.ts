// A stand-in for tokenops' verification API, for the SDK's memory scenario: VALID for any
// secret, each a token of its own, and a change stream of heartbeats only.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startStub() {
  const streams = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      streams.add(res);
      return void req.on('close', () => streams.delete(res));
    }
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const id = `tok_${createHash('sha256').update(body).digest('hex').slice(0, 10)}`;
      const token = {
        id,
        label: `bench ${id}`,
        owner: { type: 'organization', organization: 'bench', domain: null },
        scopes: ['orders:read', 'orders:write'],
        apiVersion: '2026-01',
        expiresAt: new Date(Date.now() + 90 * 86_400_000).toISOString(),
      };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ valid: true, code: 'VALID', token }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const beat = setInterval(
    () => streams.forEach((res) => res.write(`event: heartbeat\ndata: {"asOf":${Date.now()}}\n\n`)),
    200,
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close() {
      clearInterval(beat);
      server.closeAllConnections();
      server.close();
    },
  };
}
