// Playground mode: without Slack credentials outside production, `npm start` runs tokenops
// against the built-in Slack emulator, on the same port, and the browser is the Slack client.
// The emulator's API, the page and its feed live under /playground (loopback clients only).
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

type Env = Record<string, string | undefined>;
export const PLAYGROUND_VERIFY_KEY = 'playground-verify-key';

/** No Slack credentials at all, and not production: the playground, not a configuration error. */
export function playgroundWanted(env: Env): boolean {
  return !env.SLACK_BOT_TOKEN?.trim() && !env.SLACK_APP_TOKEN?.trim() && env.NODE_ENV?.trim() !== 'production';
}

/** A port free now, for PORT=0 (the Web API URL must be known before tokenops starts). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export type Playground = { tokenops: Tokenops; emulator: SlackEmulator; config: Config; url: string; stop(): Promise<void> };

export async function startPlayground(env: Env = process.env, options: { logSink?: { write(line: string): unknown }; migrate?: (databaseUrl: string) => Promise<void> } = {}): Promise<Playground> {
  const requested = Number(env.PORT?.trim() || 3000);
  const port = requested === 0 ? await freePort() : requested;
  const base = `http://127.0.0.1:${port}${PLAYGROUND_PATH}`;
  const emulator = new SlackEmulator({ baseUrl: base });
  populate(emulator);
  const signingSecret = randomBytes(16).toString('hex');
  const config = loadConfig({
    REMINDER_SCAN_INTERVAL_SECONDS: '5', // so that a moved clock shows its reminders at once
    LOG_LEVEL: 'warn', // the URL is the one line to read
    SHUTDOWN_DRAIN_SECONDS: '0', // no load balancer to leave: Ctrl-C stops at once
    // A database and Redis namespace of its own: the example never lands in a real install's.
    DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/tokenops_playground',
    REDIS_PREFIX: 'tokenops-playground',
    // Its tokens live in its own database and are for trying things out only.
    TOKEN_HASH_SECRET: 'tokenops-playground-only: not for real tokens',
    ...env,
    PORT: String(port),
    SLACK_BOT_TOKEN: emulator.botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: `${base}/api/`,
    ADMIN_USER_IDS: WORKSPACE_ADMIN,
    APPROVALS_CHANNEL_ID: APPROVALS_CHANNEL,
    VERIFY_API_KEYS: [env.VERIFY_API_KEYS, PLAYGROUND_VERIFY_KEY].filter(Boolean).join(','),
  });
  let clockDays = 0;
  const driver = new SlackDriver(`http://127.0.0.1:${port}`, signingSecret, emulator);
  const handler = playgroundHandler({
    emulator,
    driver,
    verifyKey: PLAYGROUND_VERIFY_KEY,
    clockDays: () => clockDays,
    advanceClock: async (days) => {
      // Shifted expiry times reach every verification cache through the change feed's triggers.
      await moveClockForward(config.databaseUrl, days);
      clockDays += days;
      emulator.emit('change');
      return clockDays;
    },
  });
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
