import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { guardProcess } from '../../src/observability/processGuard.js';

describe('process guard', () => {
  it('logs an unhandled rejection without its secrets instead of letting it end the process', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', tokenPrefix: 'tko', sink: { write: (line) => lines.push(line) } });
    const fakeProcess = new EventEmitter();
    guardProcess(logger, fakeProcess as unknown as NodeJS.Process);
    const secret = 'tko_' + 'Zx9'.repeat(12);
    // Without a listener, Node ends the process on 'unhandledRejection'; EventEmitter throws on 'error' alike.
    expect(fakeProcess.listenerCount('unhandledRejection')).toBe(1);
    fakeProcess.emit('unhandledRejection', new Error(`boom with ${secret}`), Promise.resolve());
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 50, msg: 'unhandled rejection; still serving' });
    expect(lines[0]).not.toContain(secret);
  });
});
