// Structured logs (pino). Every line passes through a redactor on its way out, so a token
// secret or a Slack credential is never written, wherever in the line it would have been.
import pino, { type Logger } from 'pino';

export type { Logger };
type Sink = { write(line: string): unknown };

export function secretPatterns(tokenPrefix: string): RegExp {
  return new RegExp(
    [
      `${tokenPrefix}_[0-9A-Za-z]{20,}`, // our secrets, even when mistyped or truncated
      'xox[a-z]-[0-9A-Za-z-]+', // Slack bot, user and config tokens
      'xapp-[0-9A-Za-z-]+', // Slack app-level tokens
    ].join('|'),
    'g',
  );
}

export function createLogger(options: {
  level: string;
  tokenPrefix: string;
  sink?: Sink;
  bindings?: Record<string, unknown>;
}): Logger {
  const sink = options.sink ?? pino.destination({ dest: 1, sync: false });
  const pattern = secretPatterns(options.tokenPrefix);
  const redacting: Sink = {
    write: (line) => sink.write(line.replace(pattern, '[REDACTED]')),
  };
  return pino({ level: options.level, base: options.bindings ?? {} }, redacting as pino.DestinationStream);
}
