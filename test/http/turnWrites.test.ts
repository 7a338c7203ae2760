import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TurnWriter } from '../../src/http/turnWrites.js';

type Arrival = { req: IncomingMessage; res: ServerResponse };
let server: http.Server | undefined;

/** A server that hands each request to `arrived`; its port, and the requests so far, as they come. */
async function serve(arrived: (arrival: Arrival, all: Arrival[]) => void) {
  const all: Arrival[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  server = http.createServer((req, res) => {
    all.push({ req, res });
    arrived({ req, res }, all);
    for (const waiter of waiters) if (all.length >= waiter.count) waiter.resolve();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  /** Resolves once `count` requests have arrived. */
  const arrivals = (count: number) =>
    new Promise<void>((resolve) => (all.length >= count ? resolve() : waiters.push({ count, resolve })));
  return { port, all, arrivals };
}

/** What a client read (node:http: the suite's fetch checks answers against the API's description). */
function get(port: number): { done: Promise<string>; abort(): void } {
  const request = http.get({ port, host: '127.0.0.1', path: '/' });
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

const answered = (body: string) => `200 application/json; charset=utf-8 ${Buffer.byteLength(body)} ${body}`;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe('TurnWriter', () => {
  it('writes an answer once the turn ends, not before', async () => {
    const writer = new TurnWriter(() => undefined);
    const seen: boolean[] = [];
    const { port } = await serve(({ res }) => {
      writer.send(res, '"answer"');
      seen.push(res.writableEnded);
      setImmediate(() => seen.push(res.writableEnded)); // queued after the write
    });
    expect(await get(port).done).toBe(answered('"answer"'));
    expect(seen).toEqual([false, true]);
  });

  it('writes the answers of one turn after it, each to its own client', async () => {
    const writer = new TurnWriter(() => undefined);
    const endedAtOnce: boolean[] = [];
    const { port, arrivals } = await serve((_, all) => {
      if (all.length < 3) return;
      for (const [i, { res }] of all.entries()) writer.send(res, `"answer ${i}"`);
      endedAtOnce.push(...all.map(({ res }) => res.writableEnded));
    });
    const first = get(port);
    await arrivals(1);
    const answers = await Promise.all([first.done, get(port).done, get(port).done]);
    expect(answers[0]).toBe(answered('"answer 0"'));
    expect(answers.slice(1).sort()).toEqual([answered('"answer 1"'), answered('"answer 2"')]);
    expect(endedAtOnce).toEqual([false, false, false]);
  });

  it('writes the others when a client left before its answer', async () => {
    const writer = new TurnWriter(() => undefined);
    const { port, all, arrivals } = await serve((_, all) => {
      if (all.length === 2) for (const { res } of all) writer.send(res, '"answer"');
    });
    const leaving = get(port);
    leaving.done.catch(() => undefined);
    await arrivals(1);
    const gone = new Promise((resolve) => all[0]!.res.once('close', resolve));
    leaving.abort();
    await gone;
    expect(await get(port).done).toBe(answered('"answer"'));
    expect(all[0]!.res.destroyed).toBe(true);
  });

  it('hands an answer it cannot write to `failed`, and still writes the rest', async () => {
    const failures: Array<{ res: ServerResponse; error: unknown }> = [];
    const writer = new TurnWriter((res, error) => {
      failures.push({ res, error });
      res.destroy();
    });
    const { port, all, arrivals } = await serve((_, all) => {
      if (all.length < 2) return;
      writer.send(all[0]!.res, '"first"');
      writer.send(all[1]!.res, '"second"');
      all[0]!.res.writeHead(204).end(); // answered meanwhile: its queued head cannot be written
    });
    const first = get(port);
    await arrivals(1);
    const second = get(port);
    expect(await first.done).toBe('204 undefined undefined ');
    expect(await second.done).toBe(answered('"second"'));
    expect(failures).toHaveLength(1);
    expect(failures[0]!.res).toBe(all[0]!.res);
    expect((failures[0]!.error as NodeJS.ErrnoException).code).toBe('ERR_HTTP_HEADERS_SENT');
  });
});
