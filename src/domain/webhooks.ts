// Webhook endpoints (README: Events: signed webhooks), for workspace admins: add one (its signing secret is shown once),
// list, remove, rotate its secret (the previous one keeps signing for 24 hours), and send it a
// test event. Every change and refusal is audited; the store writes a change's audit entry in
// its transaction. Also the deliveries' storage port and what follows a failed attempt (retry
// after a backoff, or disable the endpoint), which notify/webhooks/deliver.ts carries out.
import { randomBytes } from 'node:crypto';
import type { AuditDraft } from './audit.js';
import { DomainError } from './errors.js';
import { EVENT_TYPES, TEST_EVENT, eventBody, isEventType, type EventBody, type EventType } from './events.js';
import { asWorkspaceAdmin } from './workspaceAdmin.js';
import { can, type Actor } from './permissions.js';
import type { AuditLog } from './ports.js';
import { randomBase62 } from './secret.js';
import { DAY_MS } from './time.js';

const ROTATION_OVERLAP_MS = DAY_MS;

export type WebhookEndpoint = {
  id: string;
  url: string;
  /** Empty: every type. */
  types: EventType[];
  createdBy: string;
  createdAt: Date;
  disabledAt: Date | null;
  disabledReason: string | null;
  previousUntil: Date | null;
  /** Deliveries waiting (first attempts and retries) and given up on. */
  pending: number;
  failed: number;
};

type NewEndpoint = { id: string; url: string; types: EventType[]; createdBy: string };

export interface WebhookStore extends AuditLog {
  create(endpoint: NewEndpoint, secret: string, audit: AuditDraft): Promise<void>;
  list(): Promise<WebhookEndpoint[]>;
  exists(id: string): Promise<boolean>;
  /** false when there is no such endpoint. */
  remove(id: string, audit: AuditDraft): Promise<boolean>;
  /** The new secret signs from now on; the current one until `previousUntil`. false: no such endpoint. */
  rotate(id: string, secret: string, previousUntil: Date, audit: AuditDraft): Promise<boolean>;
  /** Puts an event in the outbox for that endpoint only. false: no such endpoint. */
  ping(id: string, event: EventBody, audit: AuditDraft): Promise<boolean>;
}

/** Everything one attempt of a delivery needs. */
type DeliveryToSend = {
  id: string;
  state: string;
  attempts: number;
  endpointId: string;
  orderKey: string;
  url: string;
  disabled: boolean;
  /** The secrets to sign with: the current one, and the previous during a rotation. */
  secrets: string[];
  body: string;
  createdBy: string;
};

/** The deliveries' storage: the outbox relayed into deliveries, each endpoint+token line queued
 *  one at a time, and each attempt's outcome recorded. */
export type WebhookDeliveries = {
  /** Outbox events into deliveries; how many events were relayed (at most `limit`). */
  relay(limit: number): Promise<number>;
  /** Heads to queue; marked queued (due `dueInMs` from now). */
  takeHeads(limit: number, dueInMs: number): Promise<string[]>;
  /** The delivery after this one in its line, marked queued; undefined when none. */
  takeNext(endpointId: string, orderKey: string, dueInMs: number): Promise<string | undefined>;
  /** Marks it delivered; the next of its line, marked queued (undefined when none). */
  deliveredTakeNext(id: string, attempts: number, status: number, dueInMs: number): Promise<string | undefined>;
  load(id: string): Promise<DeliveryToSend | null>;
  failedAttempt(
    id: string,
    attempts: number,
    status: number | undefined,
    error: string,
    retryInMs: number,
  ): Promise<void>;
  /** The delivery failed for good: it and the endpoint's other pending deliveries end, and the
   *  endpoint is disabled (audited). */
  giveUp(id: string, attempts: number, status: number | undefined, error: string): Promise<void>;
  /** The endpoint was disabled or removed meanwhile. */
  cancel(id: string): Promise<void>;
  /** Forgets old finished deliveries and relayed events none of which is still waited for. */
  purge(): Promise<void>;
};

/** Seals signing secrets at rest, bound to their endpoint's id (notify/webhooks/secretBox.ts). */
export type SecretSealer = {
  seal(plain: string, boundTo: string): string;
  /** Throws when no key opens it. */
  open(sealed: string, boundTo: string): string;
};

/** Why a URL may not receive events, or undefined when it may (SSRF rules; see notify/webhooks/destination.ts). */
type DestinationCheck = (url: string) => Promise<string | undefined>;

/** Shows a new signing secret to the person, once; throws when it could not. */
type HandOver = (endpointId: string, secret: string) => Promise<void>;

/** A Standard Webhooks signing secret: `whsec_` + the base64 of 32 random bytes. */
export const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export class WebhookService {
  constructor(
    private readonly store: WebhookStore,
    private readonly checkDestination: DestinationCheck,
  ) {}

  /** Adds an endpoint. Its signing secret is handed over (shown once) before the endpoint is
   *  stored: if `handOver` fails, nothing is kept, so no endpoint has a secret nobody saw. */
  add(
    actor: Actor,
    url: string,
    types: string[],
    handOver: HandOver = async () => undefined,
  ): Promise<{ endpoint: NewEndpoint; secret: string }> {
    const wanted = [...new Set(types.map((type) => type.toLowerCase()))];
    return asWorkspaceAdmin(
      this.store,
      actor,
      'webhook.add',
      { url: url.slice(0, 500), types: wanted },
      async (audit) => {
        const unknown = wanted.find((type) => !isEventType(type));
        if (unknown)
          throw new DomainError('event_type_unknown', undefined, {
            type: unknown.slice(0, 40),
            known: EVENT_TYPES.join(' '),
          });
        const problem = await this.checkDestination(url);
        if (problem) throw new DomainError('webhook_url_refused', undefined, { reason: problem });
        const endpoint: NewEndpoint = {
          id: `whk_${randomBase62(10)}`,
          url,
          types: wanted as EventType[],
          createdBy: actor.userId,
        };
        const secret = newSigningSecret();
        await handOver(endpoint.id, secret);
        await this.store.create(endpoint, secret, {
          ...audit,
          snapshot: { ...audit.snapshot, endpointId: endpoint.id },
        });
        return { endpoint, secret };
      },
    );
  }

  list(actor: Actor): Promise<WebhookEndpoint[]> {
    if (!can(actor, 'tenants.manage')) return Promise.reject(new DomainError('workspace_admin_only'));
    return this.store.list();
  }

  remove(actor: Actor, id: string): Promise<void> {
    return asWorkspaceAdmin(this.store, actor, 'webhook.remove', { endpointId: id }, async (audit) => {
      if (!(await this.store.remove(id, audit)))
        throw new DomainError('webhook_not_found', undefined, { id: id.slice(0, 40) });
    });
  }

  /** A new signing secret, shown once; the previous one signs too for ROTATION_OVERLAP_MS. */
  rotate(
    actor: Actor,
    id: string,
    handOver: HandOver = async () => undefined,
    now = new Date(),
  ): Promise<{ secret: string; previousUntil: Date }> {
    return asWorkspaceAdmin(this.store, actor, 'webhook.rotate', { endpointId: id }, async (audit) => {
      if (!(await this.store.exists(id)))
        throw new DomainError('webhook_not_found', undefined, { id: id.slice(0, 40) });
      const secret = newSigningSecret();
      await handOver(id, secret);
      const previousUntil = new Date(now.getTime() + ROTATION_OVERLAP_MS);
      if (!(await this.store.rotate(id, secret, previousUntil, audit)))
        throw new DomainError('webhook_not_found', undefined, { id: id.slice(0, 40) });
      return { secret, previousUntil };
    });
  }

  /** Sends the endpoint a `webhook.test` event, as any other (signed, retried). */
  test(actor: Actor, id: string, now = new Date()): Promise<void> {
    return asWorkspaceAdmin(this.store, actor, 'webhook.test', { endpointId: id }, async (audit) => {
      const event = eventBody(TEST_EVENT, now, { actor: actor.userId, endpoint: id });
      if (!(await this.store.ping(id, event, audit)))
        // A disabled endpoint gets nothing (a test neither): said so, not that it does not exist.
        throw new DomainError((await this.store.exists(id)) ? 'webhook_disabled' : 'webhook_not_found', undefined, {
          id: id.slice(0, 40),
        });
    });
  }
}

/** Retries (README: Events: signed webhooks: the first within 30 seconds, for at least 24 hours): attempt n + 1 comes
 *  30 s × 2^(n−1) after attempt n fails, as BullMQ's exponential backoff computes it. */
export const DELIVERY_RETRIES = { attempts: 13, firstDelayMs: 30_000 } as const;
export const retryDelayMs = (failedAttempts: number, firstDelayMs: number = DELIVERY_RETRIES.firstDelayMs) =>
  Math.round(2 ** (failedAttempts - 1) * firstDelayMs);
/** From the first attempt to the last. */
export const retryWindowMs = () =>
  Array.from({ length: DELIVERY_RETRIES.attempts - 1 }, (_, i) => retryDelayMs(i + 1)).reduce((a, b) => a + b, 0);

/** A queued delivery should start within this; long past it, the relay queues it again. */
export const QUEUED_DUE_MS = 60_000;

type Retries = { attempts: number; firstDelayMs: number };

/** Attempt number of a delivery's run: its job's count, or the delivery's own when its job was
 *  lost and queued anew. */
export const attemptNumber = (jobAttemptsMade: number, recordedAttempts: number) =>
  Math.max(jobAttemptsMade, recordedAttempts) + 1;

/** After failed attempt `attempt`: another one after its backoff, or, the last having failed,
 *  the endpoint disabled. */
export const afterFailedAttempt = (attempt: number, retries: Retries = DELIVERY_RETRIES) =>
  attempt < retries.attempts ? { retryInMs: retryDelayMs(attempt, retries.firstDelayMs) } : ('disable' as const);
