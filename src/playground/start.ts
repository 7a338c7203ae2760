// Playground mode: without Slack credentials outside production, `npm start` runs tokenops
// against the built-in Slack emulator, on the same port, and the browser is the Slack client.
// The emulator's API, the page and its feed live under /playground. It listens on loopback
// only, refuses a real install's database and settings (safety.ts), and its verification key is
// new at every start, shown only in the page.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { loadConfig, type Config } from '../config/env.js';
import { startTokenops, type Tokenops } from '../tokenops.js';
import { SlackEmulator } from './emulator/slackEmulator.js';
import { SlackDriver } from './emulator/slackDriver.js';
import { PLAYGROUND_PATH, playgroundHandler } from './server.js';
import { APPROVALS_CHANNEL, ORG_ADMINS, WORKSPACE_ADMIN, populate } from './workspace.js';
import { seedIfEmpty } from './seed.js';
import { moveClockForward } from './clock.js';
import { PLAYGROUND_DATABASE_URL, PLAYGROUND_REDIS_PREFIX, PlaygroundRefusal, claimDatabase, environmentProblems } from './safety.js';

type Env = Record<string, string | undefined>;

/** A port free now, for PORT=0 (the Web API URL must be known before tokenops starts). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export type Playground = { tokenops: Tokenops; emulator: SlackEmulator; config: Config; url: string; stop(): Promise<void> };

/** Starts the playground; throws PlaygroundRefusal, before touching anything, when `env` names a real install. */
export async function startPlayground(env: Env = process.env, options: { logSink?: { write(line: string): unknown }; migrate?: (databaseUrl: string) => Promise<void> } = {}): Promise<Playground> {
  const problems = environmentProblems(env);
  if (problems.length) throw new PlaygroundRefusal(problems);
  const requested = Number(env.PORT?.trim() || 3000);
  const port = requested === 0 ? await freePort() : requested;
  const base = `http://127.0.0.1:${port}${PLAYGROUND_PATH}`;
  const emulator = new SlackEmulator({ baseUrl: base });
  populate(emulator);
  const signingSecret = randomBytes(16).toString('hex');
  const verifyKey = randomBytes(24).toString('base64url');
  const config = loadConfig({
    REMINDER_SCAN_INTERVAL_SECONDS: '5', // so that a moved clock shows its reminders at once
    LOG_LEVEL: 'warn', // the URL is the one line to read
    SHUTDOWN_DRAIN_SECONDS: '0', // no load balancer to leave: Ctrl-C stops at once
    // A database and Redis namespace of its own: the example never lands in a real install's.
    DATABASE_URL: PLAYGROUND_DATABASE_URL,
    REDIS_PREFIX: PLAYGROUND_REDIS_PREFIX,
    ...env,
    // Its tokens live in its own database and are for trying things out only.
    TOKEN_HASH_SECRET: 'tokenops-playground-only: not for real tokens',
    HOST: '127.0.0.1',
    PORT: String(port),
    SLACK_BOT_TOKEN: emulator.botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: `${base}/api/`,
    ADMIN_USER_IDS: WORKSPACE_ADMIN,
    APPROVALS_CHANNEL_ID: APPROVALS_CHANNEL,
    VERIFY_API_KEYS: verifyKey,
  });
  let clockDays = 0;
  const driver = new SlackDriver(`http://127.0.0.1:${port}`, signingSecret, emulator);
  const handler = playgroundHandler({
    emulator,
    driver,
    verifyKey,
    clockDays: () => clockDays,
    advanceClock: async (days) => {
      // Shifted expiry times reach every verification cache through the change feed's triggers.
      await moveClockForward(config.databaseUrl, days);
      clockDays += days;
      emulator.emit('change');
      return clockDays;
    },
  });
  await claimDatabase(config.databaseUrl);
  await options.migrate?.(config.databaseDirectUrl);
  const tokenops = await startTokenops(config, { role: 'all', logSink: options.logSink, mount: { prefix: PLAYGROUND_PATH, handler } });
  await seedIfEmpty(tokenops, driver, emulator, { workspaceAdmin: WORKSPACE_ADMIN, orgAdmins: ORG_ADMINS });
  return {
    tokenops,
    emulator,
    config,
    url: `http://localhost:${port}${PLAYGROUND_PATH}`,
    stop: () => tokenops.stop(),
  };
}
