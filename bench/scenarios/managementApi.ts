// The management API's latency: creating tokens (POST /v1/tokens, each a transaction with its
// audit entry, plus the key check and the per-key rate in Redis) and listing them (GET
// /v1/tokens?limit=50 over `tokens` of them), one request at a time against a tokenops in this
// process, on a database of its own. `tsx bench/scenarios/managementApi.ts` runs it alone.
import { randomBytes } from 'node:crypto';
import { SlackEmulator } from '@tokenops/slack-emulator';
import { benchEnv } from '../lib/env.js';
import { loadConfig } from '../../src/config/env.js';
import { startTokenops } from '../../src/tokenops.js';
import { dropDatabase } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrations.js';
import { percentile } from '../lib/stats.js';

const ADMIN = 'U0BENCHWS1';
const summary = (values: number[]) => ({
  p50: +percentile(values, 50).toFixed(1),
  p95: +percentile(values, 95).toFixed(1),
  p99: +percentile(values, 99).toFixed(1),
});

export async function managementApi(options: { creates: number; lists: number }) {
  const databaseUrl = `postgresql://postgres@127.0.0.1:5432/tokenops_bench_${randomBytes(4).toString('hex')}`;
  await migrate(databaseUrl);
  const fake = await SlackEmulator.start();
  fake.addUser({ id: ADMIN });
  const config = loadConfig(
    benchEnv(databaseUrl, fake, {
      ADMIN_USER_IDS: ADMIN,
      MANAGEMENT_RATE_LIMIT: '1000000',
      PORT: '0',
      LOG_LEVEL: 'warn',
      SHUTDOWN_DRAIN_SECONDS: '0',
    }),
  );
  const tokenops = await startTokenops(config, { role: 'web', logSink: { write: () => undefined } });
  try {
    const admin = await tokenops.tokens.actor(ADMIN);
    await tokenops.tenants.createOrganization(admin, 'bench', 'Bench');
    const issued = await tokenops.apiKeys.create(admin, 'workspace', 'bench');
    await tokenops.apiKeys.handedOver(issued);
    const headers = { authorization: `Bearer ${issued.secret}`, 'content-type': 'application/json' };
    const timed = async (path: string, init: RequestInit, status: number) => {
      const started = performance.now();
      const response = await fetch(`${tokenops.url}${path}`, { ...init, headers });
      await response.arrayBuffer();
      if (response.status !== status) throw new Error(`${path}: HTTP ${response.status}`);
      return performance.now() - started;
    };
    const creates: number[] = [];
    for (let i = 0; i < options.creates; i++) {
      const body = JSON.stringify({
        owner: 'org:bench',
        label: `bench ${i}`,
        scopes: ['orders:read'],
        primary_contact: ADMIN,
      });
      creates.push(await timed('/v1/tokens', { method: 'POST', body }, 201));
    }
    const lists: number[] = [];
    for (let i = 0; i < options.lists; i++)
      lists.push(await timed(`/v1/tokens?limit=50${i % 2 ? '&q=bench' : ''}`, {}, 200));
    return { tokens: options.creates, create: summary(creates.slice(10)), list: summary(lists.slice(10)) };
  } finally {
    await tokenops.stop();
    await fake.close();
    await dropDatabase(databaseUrl).catch(() => undefined);
  }
}

if (process.argv[1]?.endsWith('managementApi.ts')) {
  console.log(
    JSON.stringify(
      await managementApi({ creates: Number(process.argv[2] ?? 500), lists: Number(process.argv[3] ?? 500) }),
    ),
  );
}
