import { describe, expect, it } from 'vitest';
import { createLogger, logFormat } from '../../src/observability/logger.js';

const secret = 'tko_' + 'Ab3'.repeat(12);

describe('logger', () => {
  it('writes structured JSON lines', () => {
    const lines: string[] = [];
    createLogger({ level: 'info', tokenPrefix: 'tko', sink: { write: (line) => lines.push(line) } }).info(
      { user: 'U1' },
      'hello',
    );
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, user: 'U1', msg: 'hello' });
  });

  it('redacts token-shaped strings and Slack credentials wherever they are in the line', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', tokenPrefix: 'tko', sink: { write: (line) => lines.push(line) } });
    logger.info(`message with ${secret}`);
    logger.info({ body: { token: secret, nested: [secret.slice(0, 30)] } }, 'fields');
    logger.error({ err: new Error(`failed for ${secret}`) }, 'error');
    logger.warn({ auth: 'Bearer xoxb-1234-5678-abcdEFGH', app: 'xapp-1-A0-123-abc' }, 'slack');
    const all = lines.join('');
    expect(all).not.toContain(secret);
    expect(all).not.toContain(secret.slice(0, 30));
    expect(all).not.toContain('xoxb-1234');
    expect(all).not.toContain('xapp-1-A0');
    expect(all.match(/\[REDACTED\]/g)?.length).toBeGreaterThanOrEqual(6);
    expect(lines.every((line) => JSON.parse(line))).toBe(true);
  });

  it('uses the configured prefix', () => {
    const lines: string[] = [];
    createLogger({ level: 'info', tokenPrefix: 'acme', sink: { write: (line) => lines.push(line) } }).info(
      `acme_${'x'.repeat(36)}`,
    );
    expect(lines[0]).toContain('[REDACTED]');
  });
});

describe('readable logs', () => {
  it('are chosen on a terminal outside production, unless LOG_FORMAT says otherwise', () => {
    expect(logFormat(undefined, false, true)).toBe('pretty');
    expect(logFormat(undefined, false, false)).toBe('json');
    expect(logFormat(undefined, true, true)).toBe('json');
    expect(logFormat('json', false, true)).toBe('json');
    expect(logFormat('pretty', true, false)).toBe('pretty');
  });

  it('are one readable line per event, still redacted', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      tokenPrefix: 'tko',
      format: 'pretty',
      sink: { write: (line) => lines.push(line) },
    });
    logger.info({ user: 'U1', token: secret }, 'hello');
    expect(lines[0]).toMatch(/^\[[\d:.]+\] INFO: hello\n {4}user: "U1"\n {4}token: "\[REDACTED\]"\n$/);
  });
});
