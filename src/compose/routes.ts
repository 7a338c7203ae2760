// The HTTP routes of one instance: health and metrics everywhere; in a web instance the
// management API, Slack's events, the verification API with its change stream, and the
// secret scanners' endpoints.
import type { Config } from '../config/env.js';
import { changesRoute } from '../http/changes.js';
import { healthRoutes } from '../http/health.js';
import { auditExportRoute } from '../http/management/audit.js';
import { idempotency } from '../http/management/idempotency.js';
import { sendUnrouted } from '../http/management/problems.js';
import { managementGate, managementRoutes } from '../http/management/routes.js';
import { tokenOperations } from '../http/management/tokens.js';
import { openApiRoute } from '../http/openapi.js';
import { secretScanningRoutes } from '../http/secretScanning/routes.js';
import type { Routes, Unrouted } from '../http/server.js';
import { verifyRoute } from '../http/verify.js';
import { lastHeartbeat } from '../jobs/heartbeat.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { requestScheduler } from '../jobs/requestJobs.js';
import { postForApproval } from '../slack/flows/requests.js';
import { postRevocationRequest } from '../slack/flows/revocation.js';
import { createRateLimit } from '../store/rateLimit.js';
import type { Verification } from '../verification/start.js';
import type { Connections } from './connections.js';
import type { Role } from './options.js';
import type { Services } from './services.js';
import { requestContext, type Approvals } from './worker.js';

type RouteNeeds = {
  role: Role;
  config: Config;
  connections: Connections;
  services: Services;
  verification: Verification;
  approvals: Approvals;
  slackEvents: Routes[string] | undefined;
  logger: Logger;
  metrics: Metrics;
};

export function buildRoutes(needs: RouteNeeds): Routes {
  const { role, config, connections, verification, slackEvents, logger, metrics } = needs;
  const { pool, redis, requestRedis } = connections;
  const { verifier, changes } = verification;
  return {
    ...healthRoutes({
      checks: {
        database: async () => void (await pool.query('SELECT 1')), // not through Prisma: its cold start is not an outage
        // A worker does nothing without Redis; a web instance still verifies (see README).
        ...(role === 'worker' ? { redis: async () => void (await redis.ping()) } : {}),
      },
      degradable: role === 'worker' ? {} : { redis: async () => void (await redis.ping()) },
      reports: {
        worker: () => lastHeartbeat(redis, config.redisPrefix),
        ...(verifier
          ? { verification: async () => verification.status(), clock: async () => verification.clock() }
          : {}),
      },
      metrics,
    }),
    'GET /openapi.json': openApiRoute(),
    ...(role === 'worker' ? {} : management(needs)),
    ...(slackEvents ? { 'POST /slack/events': slackEvents } : {}),
    ...(verifier
      ? {
          'POST /v1/tokens/verify': verifyRoute({ apiKeys: config.verifyApiKeys, verifier, metrics, logger }),
          ...(changes
            ? { 'GET /v1/tokens/changes': changesRoute({ apiKeys: config.verifyApiKeys, stream: changes, logger }) }
            : {}),
          ...secretScanningRoutes({ config, leaks: needs.services.leaks, redis: requestRedis, metrics, logger }),
        }
      : {}),
  };
}

/** Every /v1 answer is a problem document (SPEC §7), an unknown path's and a wrong method's too. */
export const apiUnrouted: Unrouted = { prefix: '/v1', answer: sendUnrouted };

/** The management API (README: Automating tokenops): the same services as Slack, with a key as the actor. */
function management({ config, connections, services, approvals, logger }: RouteNeeds): Routes {
  const { requestRedis } = connections;
  const { apiKeys, auditTrail, tokens, revocations, changes, scheduler } = services;
  const gate = managementGate({
    apiKeys,
    rateLimit: createRateLimit({
      redis: requestRedis,
      redisPrefix: config.redisPrefix,
      name: 'management',
      max: config.managementRateLimit,
      windowSeconds: 60,
    }),
    logger,
  });
  return {
    'GET /v1/audit': auditExportRoute({ gate, trail: auditTrail, logger }),
    ...managementRoutes({
      gate,
      logger,
      idempotency: idempotency(requestRedis, config.redisPrefix),
      operations: tokenOperations({
        tokens,
        revocations,
        changes,
        revocationNeedsApproval: Boolean(config.approvalsChannelId),
        postForApproval: (actor, request, token) =>
          postRevocationRequest(
            { ...approvals, scheduler, channelId: config.approvalsChannelId! },
            actor,
            request,
            token,
          ),
        postChange: async (_actor, request) => {
          const jobs = requestScheduler(connections.queue);
          const sent = await postForApproval(
            { ...requestContext(config, services, approvals, jobs), scheduler: jobs },
            request,
          );
          if ('posted' in sent) return {};
          if ('error' in sent) return { error: `Slack: ${sent.error}`, unconfirmed: sent.unconfirmed };
          return sent.asked
            ? { error: 'none of the approvers could be sent a direct message' }
            : { refused: 'the approval policy names no approver who is in Slack: ask a workspace admin to check it' };
        },
      }),
    }),
  };
}
