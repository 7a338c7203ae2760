// `npx tsx bench/sdk.ts [--quick]`: only the @tokenops/verify scenarios of `npm run bench`
// (bench/scenarios/sdk.ts), on a tokenops of their own; prints their rows.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SlackEmulator } from '@tokenops/slack-emulator';
import { loadConfig } from '../src/config/env.js';
import { startTokenops } from '../src/tokenops.js';
import { freePort, pin, startProcess, stopProcess } from './lib/processes.js';
import { BENCH_ADMIN, benchDatabase, grantVerifyOrg, seedWithSecrets, verifyOrgRevoker } from './lib/seed.js';
import { sdkScenarios } from './scenarios/sdk.js';
import { HASH, KEY, verifierEnv } from './lib/env.js';
import { rowLine } from './lib/stats.js';

const quick = process.argv.includes('--quick');
const db = await benchDatabase();
const fake = await SlackEmulator.start();
fake.addUser({ id: BENCH_ADMIN });
const env = (extra: Record<string, string>) =>
  verifierEnv(db.url, fake, {
    LOG_LEVEL: 'warn',
    ...extra,
  });
const valid = await seedWithSecrets(db.client, 10_000, { hashSecret: HASH, label: 'warm' });
await grantVerifyOrg(db.client);
await promisify(execFile)('npm', ['run', 'build:if-stale', '--silent']);
const port = await freePort();
const app = await startProcess(['dist/main.js', 'web'], env({ PORT: String(port), LOG_LEVEL: 'info' }));
await pin(app.pid!);
const other = await startTokenops(loadConfig(env({ PORT: '0' })), { role: 'web' });
try {
  const actor = await other.tokens.actor(BENCH_ADMIN);
  const { rows, results } = await sdkScenarios({
    url: `http://127.0.0.1:${port}`,
    key: KEY,
    valid,
    many: 100_000,
    revoker: verifyOrgRevoker(other.tokens, actor),
    seconds: quick ? 2 : 5,
    repeats: quick ? 1 : 3,
    slices: quick ? 3 : 10,
  });
  console.error(JSON.stringify(results));
  console.log(rows.map(rowLine).join('\n'));
} finally {
  await other.stop();
  await stopProcess(app);
  await fake.close();
  await db.drop();
}
process.exit(0);
