// The playground: tokenops, started exactly as in production (startTokenops, on a loopback port
// of its own), behind a small server of the playground's own on PORT. That server serves the
// page, the emulated Slack (under /playground) and passes every other request to tokenops, so
// the verification API, health and metrics answer on the same port as the page. It listens on
// loopback only, refuses a real install's database and settings (safety.ts), and its
// verification key is new at every start, shown only in the page.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SlackDriver, SlackEmulator } from '@tokenops/slack-emulator';
import { loadConfig, type Config } from '../src/config/env.js';
import { startTokenops, type Tokenops } from '../src/tokenops.js';
import { PLAYGROUND_PATH, playgroundHandler } from './server.js';
import { APPROVALS_CHANNEL, ORG_ADMINS, WORKSPACE_ADMIN, populate } from './workspace.js';
import { seedIfEmpty } from './seed.js';
import { connectReceiver, RECEIVER_PATH, webhookReceiver } from './webhooks.js';
import { createPlaygroundKey, keptWorking } from './apiDocs.js';
import { moveClockForward } from './clock.js';
import { SAMPLE_API_PATH, startSampleApi } from './sampleApi.js';
import {
  PLAYGROUND_DATABASE_URL,
  PLAYGROUND_REDIS_PREFIX,
  PlaygroundRefusal,
  claimDatabase,
  environmentProblems,
} from './safety.js';

type Env = Record<string, string | undefined>;

/** The shipped example catalog with the playground's approval policy (approvals.yml) added:
 *  written where the operating system keeps temporary files, the example itself left alone. */
async function playgroundCatalog(): Promise<string> {
  const [example, approvals] = await Promise.all([
    readFile(new URL('../catalog.example.yml', import.meta.url), 'utf8'),
    readFile(new URL('./approvals.yml', import.meta.url), 'utf8'),
  ]);
  const dir = await mkdtemp(path.join(tmpdir(), 'tokenops-playground-'));
  const file = path.join(dir, 'catalog.yml');
  await writeFile(file, `${example}\n${approvals}`);
  return file;
}
type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<unknown>;

export type Playground = {
  tokenops: Tokenops;
  emulator: SlackEmulator;
  config: Config;
  url: string;
  stop(): Promise<void>;
};

/** Starts the playground; throws PlaygroundRefusal, before touching anything, when `env` names a real install. */
export async function startPlayground(
  env: Env = process.env,
  options: { logSink?: { write(line: string): unknown }; migrate?: (databaseUrl: string) => Promise<void> } = {},
): Promise<Playground> {
  const problems = environmentProblems(env);
  if (problems.length) throw new PlaygroundRefusal(problems);
  const front = await listen(Number(env.PORT?.trim() || 3000));
  try {
    const base = `http://127.0.0.1:${front.port}${PLAYGROUND_PATH}`;
    const emulator = new SlackEmulator({ baseUrl: base });
    populate(emulator);
    const signingSecret = randomBytes(16).toString('hex');
    const verifyKey = randomBytes(24).toString('base64url');
    const config = loadConfig({
      TOKENOPS_CATALOG: await playgroundCatalog(),
      LOG_LEVEL: 'warn', // the URL is the one line to read (LOG_LEVEL in the environment wins)
      // A database and Redis namespace of its own: the example never lands in a real install's.
      DATABASE_URL: PLAYGROUND_DATABASE_URL,
      REDIS_PREFIX: PLAYGROUND_REDIS_PREFIX,
      ...env,
      // Its tokens live in its own database and are for trying things out only.
      TOKEN_HASH_SECRET: 'tokenops-playground-only: not for real tokens',
      HOST: '127.0.0.1',
      PORT: '0', // reached through the playground's port
      REMINDER_SCAN_INTERVAL_SECONDS: '5', // so that a moved clock shows its reminders at once
      SHUTDOWN_DRAIN_SECONDS: '0', // no load balancer to leave: Ctrl-C stops at once
      TOKEN_PREFIX: 'tko', // what its page's examples and its management key's lookup expect
      SLACK_BOT_TOKEN: emulator.botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: `${base}/api/`,
      ADMIN_USER_IDS: WORKSPACE_ADMIN,
      APPROVALS_CHANNEL_ID: APPROVALS_CHANNEL,
      VERIFY_API_KEYS: verifyKey,
    });
    await claimDatabase(config.databaseUrl);
    await options.migrate?.(config.databaseDirectUrl);
    let clockDays = 0;
    let driver: SlackDriver | undefined = undefined; // once tokenops runs
    const webhooks = webhookReceiver();
    const made: { managementKey?: () => Promise<string> } = {}; // once tokenops runs
    // Served from now on: the emulated Slack API must answer while tokenops starts (it checks its bot token).
    front.serve(
      playgroundHandler({
        emulator,
        driver: () => driver ?? starting(),
        verifyKey,
        managementKey: async () => made.managementKey?.(),
        clockDays: () => clockDays,
        webhooks,
        advanceClock: async (days) => {
          // Shifted expiry times reach every verification cache through the change feed's triggers.
          await moveClockForward(config.databaseUrl, days);
          clockDays += days;
          emulator.emit('change');
          return clockDays;
        },
      }),
    );
    // Usage written every 6 s instead of 30 s: a verification from the panel shows in show and Home soon.
    const tokenops = await startTokenops(config, { role: 'all', logSink: options.logSink, lastUsedFlushMs: 1_000 });
    driver = new SlackDriver(tokenops.url, signingSecret, emulator);
    front.forwardTo(tokenops.port);
    const sampleApi = startSampleApi(tokenops.url, verifyKey);
    front.serveSampleApi(sampleApi.handle);
    await seedIfEmpty(tokenops, driver, emulator, { workspaceAdmin: WORKSPACE_ADMIN, orgAdmins: ORG_ADMINS });
    await connectReceiver(tokenops, webhooks, `${base}${RECEIVER_PATH}`, WORKSPACE_ADMIN);
    const makeKey = () => createPlaygroundKey(driver!, emulator, WORKSPACE_ADMIN);
    made.managementKey = keptWorking(tokenops.url, await makeKey(), makeKey);
    return {
      tokenops,
      emulator,
      config,
      url: `http://localhost:${front.port}${PLAYGROUND_PATH}`,
      stop: async () => {
        sampleApi.close();
        await tokenops.stop();
        await front.close();
      },
    };
  } catch (error) {
    await front.close();
    throw error;
  }
}

const starting = (): never => {
  throw new Error('the playground is still starting');
};

/**
 * The playground's own server on 127.0.0.1: /playground to the playground's handler, anything
 * else to tokenops (once `forwardTo` names its port).
 */
async function listen(port: number) {
  let playground: Handler | undefined;
  let tokenopsPort: number | undefined;
  let sampleApi: Handler | undefined;
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    const own =
      path === PLAYGROUND_PATH || path.startsWith(`${PLAYGROUND_PATH}/`) || path.startsWith(`${PLAYGROUND_PATH}?`);
    if (sampleApi && path.startsWith(SAMPLE_API_PATH)) {
      sampleApi(req, res).catch(() => res.destroy());
    } else if (own && playground) {
      playground(req, res).catch(() => {
        if (!res.headersSent)
          res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal_error"}');
        else res.destroy();
      });
    } else if (!own && tokenopsPort) {
      forward(req, res, tokenopsPort, agent);
    } else {
      res
        .writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' })
        .end('The playground is starting.');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    serve(handler: Handler) {
      playground = handler;
    },
    forwardTo(port: number) {
      tokenopsPort = port;
    },
    serveSampleApi(handler: Handler) {
      sampleApi = handler;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

/** Passes a request to tokenops on loopback, and its answer back, as they are. */
function forward(req: IncomingMessage, res: ServerResponse, port: number, agent: http.Agent) {
  const upstream = http.request(
    { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers, agent },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent)
      res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":"tokenops_unreachable"}');
    else res.destroy();
  });
  req.pipe(upstream);
}
