// A running tokenops instance for a test file: its own database and Redis prefix, the fake
// Slack, a signed-request driver, and every log line captured for assertions and secret scans.
import { afterAll, beforeAll } from 'vitest';
import { loadConfig, type Config } from '../../src/config/env.js';
import { startTokenops, type Role, type Tokenops } from '../../src/tokenops.js';
import type { DeliverySweep } from '../../src/jobs/deliverySweep.js';
import { rateRule } from '../../src/notify/rateTiers.js';
import { SlackDriver, SlackEmulator, type Grants } from '@tokenops/slack-emulator';
import {
  PGBOUNCER_URL,
  REDIS_URL,
  SERVER_URL,
  createRedisPrefix,
  createTestDatabase,
  sql as runSql,
} from './databases.js';
import { USERS } from './tenants.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

type InstanceOptions = {
  role?: Role;
  env?: Record<string, string>;
  deliverySweep?: DeliverySweep;
  slackSocketPingTimeoutMs?: number;
  webhookDelivery?: { attempts: number; firstDelayMs: number; timeoutMs?: number };
};

export type TestApp = {
  config: Config;
  fake: SlackEmulator;
  slack: SlackDriver;
  tokenops: Tokenops;
  logs: string[];
  databaseUrl: string;
  /** Runs one statement on the test database; its rows. */
  sql(text: string, values?: unknown[]): Promise<any[]>;
  /** Starts another instance on the same database, Redis and Slack emulator. */
  startInstance(options?: InstanceOptions): Promise<{ tokenops: Tokenops; logs: string[] }>;
};

export function testEnv(
  base: { databaseUrl: string; redisPrefix: string; fake: SlackEmulator },
  env: Record<string, string> = {},
) {
  return {
    DATABASE_URL: base.databaseUrl,
    // Behind PgBouncer: the app's pools go through it; migrations would go straight to PostgreSQL.
    ...(PGBOUNCER_URL
      ? {
          DATABASE_URL: base.databaseUrl.replace(SERVER_URL, PGBOUNCER_URL),
          DATABASE_DIRECT_URL: base.databaseUrl,
          DATABASE_POOL_MODE: 'transaction',
        }
      : {}),
    REDIS_URL,
    REDIS_PREFIX: base.redisPrefix,
    SLACK_BOT_TOKEN: base.fake.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: base.fake.apiUrl,
    PORT: '0',
    LOG_LEVEL: 'debug',
    TOKEN_HASH_SECRET: 'test-token-hash-secret-0123456789abcdef',
    VERIFY_API_KEYS: 'test-verify-key-1,test-verify-key-2',
    ADMIN_USER_IDS: 'U0WSADMIN1',
    SHUTDOWN_DRAIN_SECONDS: '0', // tests stop instances at once unless they test the drain
    ...env,
  };
}

/** Registers beforeAll/afterAll hooks; the returned object is filled in before the tests run. */
/** `slackGrants`: what the Slack app was installed with (default: manifest.yml as shipped). */
/** `slackRateScale`: the emulator enforces Slack's rate tiers, a Slack minute lasting 1/scale of one, and tokenops paces itself to them. */
export function useTestApp(
  options: { env?: Record<string, string>; role?: Role; slackGrants?: Grants; slackRateScale?: number } = {},
): TestApp {
  const context = {} as TestApp;
  context.sql = (text, values = []) => runSql(context.databaseUrl, text, values);
  const instances: Tokenops[] = [];
  let cleanup: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    const [database, redis, fake] = await Promise.all([
      createTestDatabase(),
      createRedisPrefix(),
      SlackEmulator.start({
        grants: options.slackGrants,
        ...(options.slackRateScale ? { rateTiers: { scale: options.slackRateScale, rule: rateRule } } : {}),
      }),
    ]);
    cleanup = [() => fake.close(), database.drop, redis.clean];
    // The test workspace's people are in Slack: a primary contact must be someone Slack knows.
    for (const id of Object.values(USERS)) fake.addUser({ id });
    const start = async (more: InstanceOptions = {}) => {
      const logs: string[] = [];
      const scale: Record<string, string> = options.slackRateScale
        ? { SLACK_RATE_SCALE: String(options.slackRateScale) }
        : {};
      const config = loadConfig(
        testEnv(
          { databaseUrl: database.url, redisPrefix: redis.prefix, fake },
          { ...scale, ...options.env, ...more.env },
        ),
      );
      const tokenops = await startTokenops(config, {
        role: more.role ?? options.role,
        logSink: { write: (line) => logs.push(line) },
        lastUsedFlushMs: 200,
        deliverySweep: more.deliverySweep,
        slackSocketPingTimeoutMs: more.slackSocketPingTimeoutMs,
        webhookDelivery: more.webhookDelivery,
      });
      instances.push(tokenops);
      return { tokenops, logs, config };
    };
    const first = await start();
    Object.assign(context, {
      config: first.config,
      fake,
      slack: new SlackDriver(first.tokenops.url, SIGNING_SECRET, fake),
      tokenops: first.tokenops,
      logs: first.logs,
      databaseUrl: database.url,
      startInstance: start,
    });
  });
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    for (const step of cleanup) await step();
  });
  return context;
}
