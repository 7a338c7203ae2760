// Voids the secrets whose delivery was cut off: a process killed (or a deploy) between issuing
// a secret and confirming its DM leaves it pending, not working; this periodic job deletes a
// new token nobody received and undoes such a reset, so none stays half-done.
import type { Logger } from '../observability/logger.js';
import { DELIVERY_WINDOW_MS, type TokenService } from '../domain/tokenService.js';
import { schedulePeriodic, type JobHandlers, type TokenopsQueue } from './jobTypes.js';

export type DeliverySweep = { everyMs: number; windowMs: number };
const DELIVERY_SWEEP: DeliverySweep = { everyMs: 30_000, windowMs: DELIVERY_WINDOW_MS };

export function scheduleDeliverySweep(queue: TokenopsQueue, sweep: DeliverySweep = DELIVERY_SWEEP) {
  return schedulePeriodic(queue, 'delivery-sweep', sweep.everyMs);
}

export function deliverySweepJobs(
  tokens: TokenService,
  logger: Logger,
  sweep: DeliverySweep = DELIVERY_SWEEP,
): JobHandlers {
  return {
    'delivery-sweep': async () => {
      for (const { token, removed } of await tokens.voidUndelivered(sweep.windowMs)) {
        logger.warn(
          { tokenId: token.displayId, removed },
          removed
            ? 'voided a new token whose secret was never delivered'
            : 'undid a reset whose secret was never delivered',
        );
      }
    },
  };
}
