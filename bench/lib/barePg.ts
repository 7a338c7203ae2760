// The cold floor: a bare node:http server that answers each verification with tokenops' own
// lookup statement (`lookupSecrets`, the same indexed join, named, one per request) through a
// plain `pg` pool, run as its own process. No cache, no batching, no usage, no deadlines: what one
// PostgreSQL round trip per request costs on this machine with this load shape.
// `tsx bench/lib/barePg.ts <port> <database url> <hash secret> [pool size]`
import http from 'node:http';
import pg from 'pg';
import { digestSecret } from '../../src/domain/secret.js';
import { lookupSecrets } from '../../src/store/sql/verification.js';

const [port, url, hashSecret, poolSize] = process.argv.slice(2);
// As many connections as the load has: no request waits for another's.
const pool = new pg.Pool({ connectionString: url, max: Number(poolSize ?? 10) });

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const { token } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { token: string };
    const digest = digestSecret(token, hashSecret!);
    lookupSecrets(pool, [digest]).then(
      ({ found }) => {
        const hit = found.get(digest);
        const body = JSON.stringify(
          hit ? { valid: true, code: 'VALID', token: hit.summary } : { valid: false, code: 'NOT_FOUND' },
        );
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      },
      () => {
        res.writeHead(503).end();
      },
    );
  });
});
server.listen(Number(port ?? 0), '127.0.0.1', () => console.log('ready'));
