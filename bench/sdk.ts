// `npx tsx bench/sdk.ts [--quick]`: only the @tokenops/verify scenarios of `npm run bench`
// (bench/scenarios/sdk.ts), on a tokenops of their own; prints their rows.
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SlackEmulator } from '@tokenops/slack-emulator';
import { loadConfig } from '../src/config/env.js';
import { startTokenops } from '../src/tokenops.js';
import { freePort, pin, startProcess, stopProcess } from './lib/processes.js';
import { BENCH_ADMIN, WORKSPACE_ADMIN, benchDatabase, seedWithSecrets } from './lib/seed.js';
import { sdkScenarios } from './scenarios/sdk.js';

const quick = process.argv.includes('--quick');
const KEY = 'bench-verify-key';
const HASH = 'bench-hash-secret-0123456789abcdef0123';
const db = await benchDatabase();
const fake = await SlackEmulator.start();
fake.addUser({ id: BENCH_ADMIN });
const env = (extra: Record<string, string>) => ({
  DATABASE_URL: db.url,
  REDIS_PREFIX: `bench${randomBytes(3).toString('hex')}`,
  SLACK_BOT_TOKEN: fake.botToken,
  SLACK_SIGNING_SECRET: 'bench-signing-secret',
  SLACK_API_URL: fake.apiUrl,
  TOKEN_HASH_SECRET: HASH,
  VERIFY_API_KEYS: KEY,
  ADMIN_USER_IDS: WORKSPACE_ADMIN,
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
  ...extra,
});
const valid = await seedWithSecrets(db.client, 10_000, { hashSecret: HASH, label: 'warm' });
await db.client.query(
  `INSERT INTO role_grants (id, user_id, role, organization_id, granted_by) SELECT gen_random_uuid(), $1, 'org_admin', id, $2 FROM organizations WHERE slug = 'verify'`,
  [BENCH_ADMIN, WORKSPACE_ADMIN],
);
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
    revoker: {
      create: (label) =>
        other.tokens.create(actor, {
          owner: 'org:verify',
          label,
          scopes: ['orders:read'],
          primaryContact: BENCH_ADMIN,
        }),
      revoke: (displayId) => other.tokens.revoke(actor, displayId),
    },
    seconds: quick ? 2 : 5,
    pairs: quick ? 2 : 5,
  });
  console.error(JSON.stringify(results));
  console.log(
    rows
      .map(
        (r) =>
          `| ${r.scenario} | ${r.measure} | ${r.value} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} |`,
      )
      .join('\n'),
  );
} finally {
  await other.stop();
  await stopProcess(app);
  await fake.close();
  await db.drop();
}
process.exit(0);
