// Verification throughput next to the ceiling of this machine: autocannon (a second process)
// against tokenops' POST /v1/tokens/verify (warm cache, one valid token) and against a bare
// node:http server answering fixed JSON, in the same run. `npm run bench:verify`.
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { loadConfig } from '../src/config/env.js';
import { migrate } from '../src/store/migrations.js';
import { dropDatabase } from '../src/store/database.js';
import { startTokenops } from '../src/tokenops.js';
import { FakeSlack } from '../test/support/fakeSlack.js';

const run = promisify(execFile);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const KEY = 'bench-verify-key';

async function load(url: string, body: string) {
  const { stdout } = await run('npx', ['autocannon', '-j', '-c', '50', '-d', String(seconds), '-m', 'POST', '-H', `authorization=Bearer ${KEY}`, '-H', 'content-type=application/json', '-b', body, url], { maxBuffer: 1 << 24 });
  const result = JSON.parse(stdout) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
  return { reqPerSec: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

const databaseUrl = `postgresql://postgres@127.0.0.1:5432/tokenops_bench_${randomBytes(4).toString('hex')}`;
await migrate(databaseUrl);
const slack = await FakeSlack.start();
const config = loadConfig({
  DATABASE_URL: databaseUrl,
  SLACK_BOT_TOKEN: slack.botToken,
  SLACK_SIGNING_SECRET: 'bench',
  SLACK_API_URL: slack.apiUrl,
  PORT: '0',
  LOG_LEVEL: 'warn',
  VERIFY_API_KEYS: KEY,
  ADMIN_USER_IDS: 'U0BENCH001',
  REDIS_PREFIX: `bench${randomBytes(3).toString('hex')}`,
});
const tokenops = await startTokenops(config, { role: 'web' });
try {
  const admin = await tokenops.tokens.actor('U0BENCH001');
  await tokenops.tenants.createOrganization(admin, 'bench');
  const { secret } = await tokenops.tokens.create(admin, { owner: 'org:bench', label: 'bench', scopes: ['orders:read'], primaryContact: 'U0BENCH001' });

  const fixed = JSON.stringify({ valid: true, code: 'VALID', token: { id: 'tok_0123456789', label: 'bench' } });
  const bare = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(fixed) });
      res.end(fixed);
    });
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;

  const body = JSON.stringify({ token: secret });
  const ceiling = await load(bareUrl, body);
  const verify = await load(`${tokenops.url}/v1/tokens/verify`, body);
  bare.close();
  console.log(JSON.stringify({ machine: { cores: (await import('node:os')).cpus().length }, seconds, ceiling, verify, ratio: +(verify.reqPerSec / ceiling.reqPerSec).toFixed(2) }, null, 2));
} finally {
  await tokenops.stop();
  await slack.close();
  await dropDatabase(databaseUrl);
}
