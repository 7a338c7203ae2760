// The Bolt app: HTTP mode (Slack posts to /slack/events on our server) or Socket Mode
// (SLACK_APP_TOKEN set; we dial out to Slack, no public URL needed). Every request passes the
// same global middleware: where to answer, replays dropped, refusals answered, the person's
// language and actor on `context`; then one listener.
import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { Config } from '../config/env.js';
import type { Handler } from '../http/server.js';
import type { SlackDeps, SlackServices } from './deps.js';
import { responseUrls } from './flows/responseUrl.js';
import { registerListeners } from './listeners/index.js';
import type { SlackContext } from './context.js';
import { identity, refusals, replyTarget } from './middleware/context.js';
import { dropReplays } from './middleware/replays.js';
import { storageDeadline } from './middleware/deadline.js';
import { pastedSecrets } from './middleware/pastedSecrets.js';
import { guardedEventsHandler } from './receiver.js';
import { boltLogger, webClientOptions } from './web/client.js';

type SlackApp = {
  app: App<SlackContext>;
  /** HTTP mode: the listener for POST /slack/events. Socket Mode: undefined. */
  eventsHandler?: Handler;
  start(): Promise<void>;
  stop(): Promise<void>;
};

/** `socketPingTimeoutMs`: Bolt's wait for a pong, and between reconnections (default 5 s;
 *  tests that drop connections by the hundred shorten it). */
export function createSlackApp(
  config: Config,
  services: SlackServices,
  options: { socketPingTimeoutMs?: number } = {},
): SlackApp {
  const logger = boltLogger(services.logger);
  const clientOptions = { ...webClientOptions(config), logger };
  const receiver = config.slack.appToken
    ? new SocketModeReceiver({
        appToken: config.slack.appToken,
        logger,
        clientPingTimeout: options.socketPingTimeoutMs,
        installerOptions: { clientOptions },
      })
    : new HTTPReceiver({ signingSecret: config.slack.signingSecret ?? '', logger });
  const socketMode = receiver instanceof SocketModeReceiver;
  const app = new App<SlackContext>({
    token: config.slack.botToken,
    logger,
    clientOptions,
    // auth.test runs in start(), where a bad token becomes a clear start-up error.
    deferInitialization: true,
    receiver,
  });
  app.error(async (error) => {
    services.logger.error({ err: error }, 'slack listener failed');
  });

  const deps: SlackDeps = { ...services, responseUrls: responseUrls(config.slack.apiUrl, services.logger) };
  app.use(storageDeadline()); // first: Slack's 3 s start when the request arrives
  app.use(replyTarget(deps)); // a command's one-second ack budget starts here
  app.use(dropReplays(deps));
  app.use(refusals(deps));
  app.use(identity(deps));
  app.use(pastedSecrets(deps, config.tokenPrefix));
  registerListeners(app, deps);

  return {
    app,
    eventsHandler: receiver instanceof HTTPReceiver ? guardedEventsHandler(receiver, services.logger) : undefined,
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
