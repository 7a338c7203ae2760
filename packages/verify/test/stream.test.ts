// The change stream's clock: cached answers are served only while heartbeats show tokenops' change
// feed polling. Against a server that plays tokenops' heartbeats: live (asOf moves), or stalled
// (asOf stays where the feed stopped), on a first connection and on a reconnect.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangeStream } from '../src/stream.js';

const BOUND_MS = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const closing: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

/** A changes endpoint whose n-th connection gets heartbeats every 50 ms with the asOf `asOfOf(n)` gives. */
async function feed(asOfOf: (connection: number) => () => number, closeFirstAfterMs?: number) {
  let connections = 0;
  const server = http.createServer((_req, res) => {
    const asOf = asOfOf(connections++);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const beat = () => res.write(`event: heartbeat\ndata: ${JSON.stringify({ asOf: Math.round(asOf()) })}\n\n`);
    beat();
    const timer = setInterval(beat, 50);
    res.on('close', () => clearInterval(timer));
    if (connections === 1 && closeFirstAfterMs) setTimeout(() => res.destroy(), closeFirstAfterMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closing.push(() => {
    server.closeAllConnections();
    server.close();
  });
  const stream = new ChangeStream({
    url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/tokens/changes`),
    apiKey: 'k',
    boundMs: BOUND_MS,
    events: { change: () => undefined, reset: () => undefined },
  });
  closing.push(() => stream.close());
  return { stream, connections: () => connections };
}

/** Whether the stream let the cache serve at any moment in the next `ms`. */
async function servedWithin(stream: ChangeStream, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (stream.current) return true;
    await sleep(5);
  }
  return false;
}

const live = () => () => Date.now();
const stalledSince = (at: number) => () => at;

describe('ChangeStream', () => {
  it('serves while the feed polls', async () => {
    const { stream } = await feed(live);
    expect(await servedWithin(stream, 1_000)).toBe(true);
  });

  it('never serves on a first connection to a stalled feed', async () => {
    const { stream } = await feed(() => stalledSince(Date.now() - 5_000));
    expect(await servedWithin(stream, 1_000)).toBe(false);
  });

  it('stops serving when the feed stalls, and does not serve again after a reconnect to it', async () => {
    const stalled = Date.now() + 500;
    // Live for 500 ms, then stalled: the first connection is dropped 1 s in, the second sees the stall.
    const { stream, connections } = await feed(
      (n) => (n === 0 ? () => Math.min(Date.now(), stalled) : stalledSince(stalled)),
      1_000,
    );
    expect(await servedWithin(stream, 400)).toBe(true);
    while (connections() < 2) await sleep(10);
    expect(await servedWithin(stream, 1_000)).toBe(false);
  });
});
