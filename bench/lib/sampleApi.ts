// A sample API, as its own process: `tsx bench/lib/sampleApi.ts <port> bare|sdk <tokenops url> <key>`.
// Answers fixed JSON; with `sdk`, behind @tokenops/verify's node:http guard. Prints "ready" once
// its verifier's stream is current. GET /rss answers its resident memory and cache size (for the
// memory scenario); POST /fill verifies every secret of the JSON array it is sent.
import http from 'node:http';
import { createVerifier } from '@tokenops/verify';
import { nodeGuard } from '@tokenops/verify/node';

const [port, mode, url, apiKey] = process.argv.slice(2) as [string, 'bare' | 'sdk', string, string];
const verifier = mode === 'sdk' ? createVerifier({ url, apiKey, maxEntries: 200_000 }) : undefined;
const guard = verifier && nodeGuard(verifier);
const body = JSON.stringify({ orders: [{ id: 'ord_1001', total: '42.00' }] });

const answer = (res: http.ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

const server = http.createServer((req, res) => {
  if (req.url === '/rss') {
    // After a full collection (when allowed: --expose-gc), so that what is measured is what the
    // cache holds, not the garbage of filling it.
    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    return res.end(
      JSON.stringify({
        rssMb: Math.round(rss / 2 ** 20),
        heapMb: Math.round(heapUsed / 2 ** 20),
        cached: verifier?.stats().cached,
      }),
    );
  }
  if (req.url === '/fill' && verifier) return void fill(req, res);
  req.resume();
  // The guard's callback form: a cached answer lets the request in with no promise at all.
  if (guard) return guard(req, res, () => answer(res));
  answer(res);
});

async function fill(req: http.IncomingMessage, res: http.ServerResponse) {
  if (verifier) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const secrets = JSON.parse(Buffer.concat(chunks).toString()) as string[];
    // 32 at a time, each retried: a cold lookup tokenops could not serve in time is asked again.
    const fill = async (secret: string, tries = 5): Promise<unknown> =>
      verifier.verify(secret).catch(() => (tries > 1 ? fill(secret, tries - 1) : undefined));
    for (let i = 0; i < secrets.length; i += 32)
      await Promise.all(secrets.slice(i, i + 32).map((secret) => fill(secret)));
  }
  res.end('{}');
}
server.listen(Number(port), '127.0.0.1', async () => {
  while (verifier && !verifier.stats().streamCurrent) await new Promise((resolve) => setTimeout(resolve, 20));
  console.log('ready');
});
process.on('SIGTERM', () => {
  verifier?.close();
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
