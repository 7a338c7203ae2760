import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendJsonThisTurn } from '../../src/http/turnWrites.js';

type Arrival = { req: IncomingMessage; res: ServerResponse };
let server: http.Server | undefined;

/** A server that hands each request to the test; its port. */
async function serve(arrived: (arrival: Arrival) => void): Promise<number> {
  server = http.createServer((req, res) => arrived({ req, res }));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A request's body as the client read it (node:http: the suite's fetch checks answers against the API's description). */
function get(port: number, agent?: http.Agent): { done: Promise<string>; abort(): void } {
  const request = http.get({ port, host: '127.0.0.1', path: '/', agent });
  const done = new Promise<string>((resolve, reject) => {
    request.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () =>
        resolve(`${res.statusCode} ${res.headers['content-type']} ${res.headers['content-length']} ${text}`),
      );
    });
    request.on('error', reject);
  });
  return { done, abort: () => request.destroy() };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe('sendJsonThisTurn', () => {
  it('writes the answer once the turn ends, not before', async () => {
    const seen: boolean[] = [];
    const port = await serve(({ res }) => {
      sendJsonThisTurn(res, '"answer"');
      seen.push(res.writableEnded);
      setImmediate(() => seen.push(res.writableEnded)); // queued after the write
    });
    expect(await get(port).done).toBe('200 application/json; charset=utf-8 8 "answer"');
    expect(seen).toEqual([false, true]);
  });

  it('writes the answers decided in one turn together, each to its own client', async () => {
    const waiting: Arrival[] = [];
    const endedAtOnce: boolean[] = [];
    const port = await serve((arrival) => {
      waiting.push(arrival);
      if (waiting.length < 3) return;
      for (const [i, { res }] of waiting.entries()) sendJsonThisTurn(res, `"answer ${i}"`);
      endedAtOnce.push(...waiting.map(({ res }) => res.writableEnded));
    });
    const first = get(port);
    await new Promise((resolve) => setTimeout(resolve, 50)); // arrives first
    const answers = await Promise.all([first.done, get(port).done, get(port).done]);
    const bodies = answers.map((answer) => answer.split(' ').slice(-2).join(' '));
    expect(bodies[0]).toBe('"answer 0"');
    expect(bodies.slice(1).sort()).toEqual(['"answer 1"', '"answer 2"']);
    expect(endedAtOnce).toEqual([false, false, false]);
  });

  it('writes the others when a client left before its answer', async () => {
    const waiting: Arrival[] = [];
    let left: () => void;
    const gone = new Promise<void>((resolve) => (left = resolve));
    const port = await serve((arrival) => {
      waiting.push(arrival);
      if (waiting.length === 1) return void arrival.res.on('close', left);
      for (const { res } of waiting) sendJsonThisTurn(res, '"answer"');
    });
    const leaving = get(port);
    leaving.done.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    leaving.abort();
    await gone;
    expect(await get(port).done).toBe('200 application/json; charset=utf-8 8 "answer"');
    expect(waiting[0]!.res.destroyed).toBe(true);
  });
});
