// Slack Web API clients: Bolt's, and a worker's own (a worker has no Bolt app), logging
// through our logger.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Config } from '../../config/env.js';
import type { Logger } from '../../observability/logger.js';

export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  const join = (parts: unknown[]) =>
    parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ');
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
