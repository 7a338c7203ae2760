// The Bolt app: HTTP mode (Slack posts to /slack/events on our server) or Socket Mode
// (SLACK_APP_TOKEN set; we dial out to Slack, no public URL needed).
import { App, HTTPReceiver, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Config } from '../config/env.js';
import type { Logger } from '../observability/logger.js';
import type { Handler } from '../http/server.js';
import type { SlackDeps } from './deps.js';
import { createLocales, type Locales } from './locale.js';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { registerTokenCommand } from './commands/token.js';
import { registerCreateToken } from './actions/createToken.js';
import { registerTokenActions } from './actions/tokenActions.js';
import { registerEditToken } from './actions/editToken.js';
import { registerHome } from './actions/home.js';
import { registerRevocationActions } from './actions/revocation.js';
import { registerReminderActions } from './actions/reminders.js';

function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  const join = (parts: unknown[]) => parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ');
  return {
    debug: (...msg) => child.debug(join(msg)),
    info: (...msg) => child.info(join(msg)),
    warn: (...msg) => child.warn(join(msg)),
    error: (...msg) => child.error(join(msg)),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}

export type SlackApp = {
  app: App;
  locales: Locales;
  /** HTTP mode: the listener for POST /slack/events. Socket Mode: undefined. */
  eventsHandler?: Handler;
  start(): Promise<void>;
  stop(): Promise<void>;
};

export function webClientOptions(config: Config): WebClientOptions {
  return {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    // People are waiting on most calls: fail within seconds rather than retry for minutes.
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1_000 },
  };
}

/** A Web API client for a worker, which has no Bolt app. */
export function createWebClient(config: Config, logger: Logger, options: WebClientOptions = {}): WebClient {
  return new WebClient(config.slack.botToken, { ...webClientOptions(config), logger: boltLogger(logger), ...options });
}

export function createSlackApp(config: Config, services: Omit<SlackDeps, 'locales'>): SlackApp {
  const logger = boltLogger(services.logger);
  const clientOptions = webClientOptions(config);
  const socketMode = Boolean(config.slack.appToken);
  const receiver = socketMode
    ? undefined
    : new HTTPReceiver({ signingSecret: config.slack.signingSecret ?? '', logger });
  const app = new App({
    token: config.slack.botToken,
    logger,
    clientOptions,
    // auth.test runs in start(), where a bad token becomes a clear start-up error.
    deferInitialization: true,
    ...(socketMode ? { socketMode: true, appToken: config.slack.appToken } : { receiver }),
  });
  app.error(async (error) => {
    services.logger.error({ err: error }, 'slack listener failed');
  });

  const locales = createLocales(app.client, services.logger);
  const slackDeps: SlackDeps = { ...services, locales };
  registerTokenCommand(app, slackDeps);
  registerCreateToken(app, slackDeps);
  registerTokenActions(app, slackDeps);
  registerEditToken(app, slackDeps);
  registerHome(app, slackDeps);
  registerRevocationActions(app, slackDeps);
  registerReminderActions(app, slackDeps);

  return {
    app,
    locales,
    eventsHandler: receiver ? (req, res) => receiver.requestListener(req, res) : undefined,
    start: async () => {
      try {
        await app.init();
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error;
        throw new Error(
          code
            ? `Slack refused SLACK_BOT_TOKEN (${code}): check the token on your Slack app's OAuth & Permissions page`
            : `Slack could not be reached to check SLACK_BOT_TOKEN (${(error as Error).message})`,
          { cause: error },
        );
      }
      if (socketMode) await app.start();
    },
    stop: async () => {
      if (socketMode) await app.stop();
    },
  };
}
