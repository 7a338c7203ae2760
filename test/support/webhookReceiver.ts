// A webhook receiver for tests: a real HTTP server on a free port that records every request,
// checks its signature with the standardwebhooks package (as a receiver would), and answers as
// the test says (ok, 500, a redirect, or never).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export type Received = {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  type: string;
  verified: boolean;
  path: string;
};
export type Answer = 'ok' | 'fail' | 'redirect' | 'hang';

export async function startReceiver() {
  const received: Received[] = [];
  let secrets: string[] = [];
  let answer: (request: Received, n: number) => Answer = () => 'ok';
  const hanging: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const headers = {
        'webhook-id': String(req.headers['webhook-id']),
        'webhook-timestamp': String(req.headers['webhook-timestamp']),
        'webhook-signature': String(req.headers['webhook-signature']),
      };
      const verified = secrets.some((secret) => {
        try {
          new Webhook(secret).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      const request: Received = {
        id: headers['webhook-id'],
        timestamp: headers['webhook-timestamp'],
        signature: headers['webhook-signature'],
        body,
        type: safeType(body),
        verified,
        path: req.url ?? '',
      };
      received.push(request);
      const what = answer(request, received.length);
      if (what === 'hang') return void hanging.push(res);
      if (what === 'redirect') return void res.writeHead(307, { location: `${url}/elsewhere` }).end();
      res.writeHead(what === 'ok' ? 204 : 500).end(what === 'ok' ? undefined : 'x'.repeat(100_000));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    /** The secrets a signature may be made with (a rotation has two). */
    trust(...list: string[]) {
      secrets = list;
    },
    answer(how: (request: Received, n: number) => Answer) {
      answer = how;
    },
    async waitFor<T>(probe: () => T | undefined, ms = 15_000): Promise<T> {
      const end = Date.now() + ms;
      for (;;) {
        const value = probe();
        if (value) return value;
        if (Date.now() > end) throw new Error('the receiver did not get what was expected in time');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => {
      hanging.forEach((res) => res.destroy());
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function safeType(body: string): string {
  try {
    return (JSON.parse(body) as { type?: string }).type ?? '';
  } catch {
    return '';
  }
}
