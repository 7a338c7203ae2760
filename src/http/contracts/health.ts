import { z } from 'zod';
import type { Endpoint } from './contract.js';

const check = z.looseObject({ ok: z.boolean(), error: z.string().optional() });
const readiness = z.looseObject({
  status: z.enum(['ready', 'degraded', 'unavailable', 'stopping']),
  failing: z.array(z.string()).optional(),
  degraded: z.array(z.string()).optional(),
  checks: z.record(z.string(), check).optional(),
});

export const healthEndpoints: Endpoint[] = [
  {
    method: 'get',
    path: '/healthz',
    summary: 'The process is alive',
    tag: 'operations',
    responses: { 200: { description: 'alive', schema: z.object({ status: z.literal('ok') }) } },
  },
  {
    method: 'get',
    path: '/readyz',
    summary: 'The database and Redis are reachable',
    tag: 'operations',
    responses: {
      200: { description: 'ready or degraded', schema: readiness },
      503: { description: 'unavailable or stopping', schema: readiness },
    },
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics',
    tag: 'operations',
    responses: { 200: { description: 'Prometheus text format', contentType: 'text/plain' } },
  },
  {
    method: 'post',
    path: '/slack/events',
    summary: "Slack's events, commands and interactions (HTTP mode)",
    tag: 'slack',
    auth: 'slackSignature',
    request: { contentType: 'application/x-www-form-urlencoded' },
    responses: { default: { description: "Bolt's answer to Slack", contentType: '*/*' } },
  },
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    tag: 'operations',
    responses: { 200: { description: 'OpenAPI 3.1', schema: z.looseObject({ openapi: z.string() }) } },
  },
];
