// Liveness, readiness and metrics endpoints.
import type { Metrics } from '../observability/metrics.js';
import { sendJson, type Routes } from './server.js';

type Check = () => Promise<Record<string, unknown> | void>;

const CHECK_TIMEOUT_MS = 2_000;

async function run(check: Check): Promise<Record<string, unknown>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    const details = await Promise.race([check(), timeout]);
    return { ok: true, ...details };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** `checks` that fail make /readyz answer 503; `degradable` ones that fail make it answer 200
 *  with status "degraded" (the instance still does its main work without them); `reports` are
 *  shown but never change the answer. */
export function healthRoutes(options: {
  checks: Record<string, Check>;
  degradable?: Record<string, Check>;
  reports?: Record<string, Check>;
  metrics: Metrics;
}): Routes {
  return {
    'GET /healthz': (_req, res) => sendJson(res, 200, { status: 'ok' }),
    'GET /readyz': async (_req, res) => {
      const all = { ...options.checks, ...options.degradable, ...options.reports };
      const names = Object.keys(all);
      const results = Object.fromEntries(
        await Promise.all(names.map(async (name) => [name, await run(all[name]!)] as const)),
      );
      const checkNames = [...Object.keys(options.checks), ...Object.keys(options.degradable ?? {})];
      const failing = Object.keys(options.checks).filter((name) => !results[name]!.ok);
      const degraded = Object.keys(options.degradable ?? {}).filter((name) => !results[name]!.ok);
      sendJson(res, failing.length ? 503 : 200, {
        status: failing.length ? 'unavailable' : degraded.length ? 'degraded' : 'ready',
        ...(failing.length ? { failing } : {}),
        ...(degraded.length ? { degraded } : {}),
        checks: Object.fromEntries(checkNames.map((name) => [name, results[name]])),
        ...Object.fromEntries(Object.keys(options.reports ?? {}).map((name) => [name, results[name]])),
      });
    },
    'GET /metrics': async (_req, res) => {
      const text = await options.metrics.registry.metrics();
      res.writeHead(200, { 'content-type': options.metrics.registry.contentType });
      res.end(text);
    },
  };
}
