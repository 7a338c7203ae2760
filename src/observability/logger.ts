// Structured logs (pino). Every line passes through a redactor on its way out, so a token
// secret or a Slack credential is never written, wherever in the line it would have been.
// JSON for machines; in development on a terminal, pino-pretty's readable lines instead.
import pino, { type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import type { Config } from '../config/env.js';

export type { Logger };
type Sink = { write(line: string): unknown };

function secretPatterns(tokenPrefix: string): RegExp {
  return new RegExp(
    [
      `${tokenPrefix}(?:mk)?_[0-9A-Za-z]{20,}`, // our secrets and management keys, even when mistyped or truncated
      'xox[a-z]-[0-9A-Za-z-]+', // Slack bot, user and config tokens
      'xapp-[0-9A-Za-z-]+', // Slack app-level tokens
      'whsec_[0-9A-Za-z+/=]{20,}', // webhook signing secrets (Standard Webhooks)
    ].join('|'),
    'g',
  );
}

type LogFormat = 'json' | 'pretty';

/** LOG_FORMAT, or readable lines when a person watches a development run on a terminal. */
export function logFormat(
  chosen: LogFormat | undefined,
  production: boolean,
  terminal = Boolean(process.stdout.isTTY),
): LogFormat {
  return chosen ?? (!production && terminal ? 'pretty' : 'json');
}

export function createLogger(options: {
  level: string;
  tokenPrefix: string;
  format?: LogFormat;
  sink?: Sink;
  bindings?: Record<string, unknown>;
}): Logger {
  const sink = options.sink ?? pino.destination({ dest: 1, sync: false });
  const pattern = secretPatterns(options.tokenPrefix);
  const render =
    options.format === 'pretty' ? prettyFactory({ colorize: false, ignore: 'pid,hostname' }) : (line: string) => line;
  const redacting: Sink = {
    write: (line) => sink.write(render(line.replace(pattern, '[REDACTED]'))),
  };
  return pino({ level: options.level, base: options.bindings ?? {} }, redacting as pino.DestinationStream);
}

/** A tokenops process's logger, from its configuration: `role` on every line; JSON into `sink`
 *  when one is given (tests, the playground). */
export function instanceLogger(config: Config, role: string, sink?: Sink): Logger {
  return createLogger({
    level: config.logLevel,
    tokenPrefix: config.tokenPrefix,
    format: sink ? 'json' : logFormat(config.logFormat, config.production),
    sink,
    bindings: { role },
  });
}
