// One attempt of a webhook delivery (README: Events: signed webhooks): the delivery read, signed
// with the standardwebhooks package under the id it keeps for every attempt (its `webhook-id`),
// POSTed, and its outcome recorded. A failure is recorded with the time of the next attempt; the
// last one disables the endpoint and tells whoever added it. The job (jobs/webhookJobs.ts) queues
// the delivery named next, and has BullMQ retry after its backoff.
import { Webhook } from 'standardwebhooks';
import { afterFailedAttempt, attemptNumber, QUEUED_DUE_MS, type WebhookDeliveries } from '../../domain/webhooks.js';
import type { Logger } from '../../observability/logger.js';
import type { Notifier } from '../deliveries.js';
import { tellWebhookDisabled } from '../notices.js';
import type { Sender } from './send.js';

export type WebhookChannel = {
  deliveries: WebhookDeliveries;
  sender: Sender;
  logger: Logger;
  retries: { attempts: number; firstDelayMs: number };
  /** Through which the person who added an endpoint is told it was disabled. */
  notifier: Notifier;
};

/** How an attempt ended: `result` with the delivery of its line to queue next, if any, or
 *  `retry`, the failure BullMQ retries after its backoff. */
type Attempted = { result: string; next?: string } | { retry: string };

/** Signature headers: one `v1,…` per valid secret (two during a rotation), space-separated. */
function signatureHeaders(id: string, secrets: string[], body: string, at: Date): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(' '),
  };
}

/** One attempt of a delivery; `attemptsMade`, its job's earlier attempts. */
export async function attemptDelivery(
  ctx: WebhookChannel,
  deliveryId: string,
  attemptsMade: number,
): Promise<Attempted> {
  const { deliveries } = ctx;
  const delivery = await deliveries.load(deliveryId);
  if (!delivery) return { result: 'gone' }; // its endpoint was removed
  if (delivery.state !== 'pending')
    return {
      result: delivery.state,
      next: await deliveries.takeNext(delivery.endpointId, delivery.orderKey, QUEUED_DUE_MS),
    };
  if (delivery.disabled) {
    await deliveries.cancel(delivery.id);
    return { result: 'cancelled' };
  }
  const attempt = attemptNumber(attemptsMade, delivery.attempts);
  const outcome = await ctx.sender.post(
    delivery.url,
    signatureHeaders(delivery.id, delivery.secrets, delivery.body, new Date()),
    delivery.body,
  );
  if (outcome.ok)
    return {
      result: 'delivered',
      next: await deliveries.deliveredTakeNext(delivery.id, attempt, outcome.status, QUEUED_DUE_MS),
    };
  const then = afterFailedAttempt(attempt, ctx.retries);
  if (then !== 'disable') {
    await deliveries.failedAttempt(delivery.id, attempt, outcome.status, outcome.error, then.retryInMs);
    return { retry: outcome.error };
  }
  await deliveries.giveUp(delivery.id, attempt, outcome.status, outcome.error);
  ctx.logger.warn(
    { endpointId: delivery.endpointId, deliveryId: delivery.id, attempts: attempt },
    'webhook endpoint disabled: a delivery failed for good',
  );
  await tellWebhookDisabled(ctx.notifier, delivery.createdBy, {
    id: delivery.endpointId,
    url: delivery.url,
    attempts: attempt,
    error: outcome.error,
  });
  return { result: 'failed' };
}
