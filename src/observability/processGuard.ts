// No input may end the process: a promise rejected with nobody listening is logged (through
// the redacting logger) and the instance keeps serving.
import type { Logger } from './logger.js';

export function guardProcess(logger: Logger, target: Pick<NodeJS.Process, 'on'> = process): void {
  target.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled rejection; still serving');
  });
}
