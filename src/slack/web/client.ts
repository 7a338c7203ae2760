// Slack Web API clients: Bolt's, and a worker's own (a worker has no Bolt app), logging
// through our logger.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import {
  WebAPIRequestError,
  WebClient,
  type FetchFunction,
  type RetryOptions,
  type WebClientOptions,
} from '@slack/web-api';
import type { Config } from '../../config/env.js';
import type { Logger } from '../../observability/logger.js';
import { mayHaveReachedSlack } from './errors.js';

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

/** A call Slack has not answered by then is given up (and retried, if it may be: see below).
 *  Well within the 120 s in which a secret's delivery must be confirmed, or it is voided. */
const CALL_TIMEOUT_MS = 30_000;

export function webClientOptions(config: Config): WebClientOptions {
  return {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    fetch: fetchNamingMethod,
    timeout: CALL_TIMEOUT_MS,
    // People are waiting on most calls: fail within seconds rather than retry for minutes.
    // The client hands these to p-retry, which also takes onFailedAttempt (its type does not say
    // so; test/slack/web/client.test.ts checks it is honoured).
    retryConfig: {
      retries: 2,
      factor: 2,
      minTimeout: 200,
      maxTimeout: 1_000,
      onFailedAttempt: (error: unknown) => {
        if (repeatsSomething(error)) throw error; // no retry
      },
    } as RetryOptions,
  };
}

/** The Web API method a failed request was for, on the request's error. */
const METHOD = Symbol('slack method');

/** fetch, leaving on a request's error which method it called (the client's errors do not say).
 *  A 5xx answer to a call that adds something is such an error too: Slack, or a proxy before it,
 *  failed after reading the call, which may have been carried out (the client would retry it). */
const fetchNamingMethod: FetchFunction = async (input, init) => {
  const method = String(input).split('/').pop() ?? '';
  const named = (error: unknown) => {
    if (error instanceof Error) Object.defineProperty(error, METHOD, { value: method });
    return error;
  };
  let response: Response;
  try {
    response = await fetch(input, init as RequestInit);
  } catch (error) {
    throw named(error);
  }
  if (response.status >= 500 && ADDING.test(method)) {
    await response.body?.cancel();
    throw named(Object.assign(new Error(`Slack answered HTTP ${response.status}`), { statusCode: response.status }));
  }
  // Node's Response has what the client reads (its type here lacks the iterable Headers).
  return response as unknown as Awaited<ReturnType<FetchFunction>>;
};

/** Methods that add something each time Slack carries them out (a message, a modal). */
const ADDING = /^(chat\.post|chat\.scheduleMessage|views\.(open|push))/;
/** Whether retrying this failed call could do its work twice: a secret's DM shown twice, a
 *  message posted twice. Such a failure is the caller's to handle (a digest looks back in the
 *  DM; a secret is voided). Reads and updates are retried: doing them twice changes nothing. */
function repeatsSomething(error: unknown): boolean {
  if (!(error instanceof WebAPIRequestError)) return false; // retried: a 429, a 5xx of a read
  const method = (error.original as { [METHOD]?: string })[METHOD];
  return method !== undefined && ADDING.test(method) && mayHaveReachedSlack(error);
}

/** A Web API client for a worker, which has no Bolt app. */
export function createWebClient(config: Config, logger: Logger, options: WebClientOptions = {}): WebClient {
  return new WebClient(config.slack.botToken, { ...webClientOptions(config), logger: boltLogger(logger), ...options });
}
