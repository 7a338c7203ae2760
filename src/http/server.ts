// The one HTTP server of a web instance: Slack's events endpoint, the verification API,
// health and metrics. Plain node:http with an exact-path table, because token verification
// sits in front of every request of the company's API and must stay cheap.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { RequestDurations, Series } from '../observability/durations.js';

/** `params`: the values of a templated path's `{name}` parts. */
export type Handler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => unknown;
export type Routes = Record<string, Handler>; // key: "GET /healthz" or "GET /v1/tokens/{id}"

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** A handler's unexpected error: logged, and answered 500 when nothing was sent yet. A client
 *  that went away mid-request (its body cut off) is no fault of ours: noted, nothing answered. */
export function requestFailed(logger: Logger, res: ServerResponse, label: string, error: unknown): void {
  if (res.req && !res.req.complete && (error as NodeJS.ErrnoException)?.code === 'ECONNRESET') {
    logger.info({ err: error, route: label }, 'client closed the connection before its request was read');
    res.destroy();
    return;
  }
  logger.error({ err: error, route: label }, 'request failed');
  if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
  else res.destroy();
}

/** A path parameter decoded; one with a malformed escape (%zz) as it came. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A route's duration series by status, kept at hand instead of looked up per request. */
type Route = { label: string; handler?: Handler; byStatus: Map<number, Series>; durations: RequestDurations };

/**
 * A response that times itself when its head is written (every response's head goes through
 * writeHead, an implicit one too): a listener on 'finish' per request cost more than the timing
 * (listeners become an array, cloned on every emit), and a JSON answer is written in one go.
 */
class TimedResponse extends http.ServerResponse {
  // Declared, not initialized: set by the handler, and no field is defined in a constructor that
  // then runs for every request.
  declare startedAt: number;
  declare route?: Route;
}
const writeHead = http.ServerResponse.prototype.writeHead as (status: number, a?: unknown, b?: unknown) => unknown;
TimedResponse.prototype.writeHead = function (this: TimedResponse, status: number, a?: unknown, b?: unknown) {
  const written = writeHead.call(this, status, a, b);
  const route = this.route;
  if (route) {
    let series = route.byStatus.get(status);
    if (!series) route.byStatus.set(status, (series = route.durations.labels(route.label, String(status))));
    series.observe((performance.now() - this.startedAt) / 1000);
  }
  return written;
} as unknown as TimedResponse['writeHead'];

/** How long a client may take to send a whole request. */
const REQUEST_DEADLINE_MS = 5_000;

/** `drain`: a stopping instance keeps serving for that long, answering /readyz 503 "stopping" so
 *  load balancers take it out, and closing each connection after its response so clients
 *  reconnect elsewhere; no request it accepted is lost. */
type HttpServer = { port: number; url: string; drain(seconds: number): Promise<void>; close(): Promise<void> };

/** How an API answers a path at or under its prefix (`/v1`) that no route takes: its own 404, or
 *  405 given the methods the path takes (the Allow header already names them). */
export type Unrouted = { prefix: string; answer: (res: ServerResponse, allow: string[] | undefined) => void };

export async function startHttpServer(options: {
  port: number;
  /** The address to listen on (HOST): every interface by default. */
  host?: string;
  routes: Routes;
  /** Paths answered in an API's own format when unrouted (the management API's problem documents). */
  unrouted?: Unrouted;
  logger: Logger;
  metrics: Metrics;
}): Promise<HttpServer> {
  const { routes, logger, metrics } = options;
  let draining = false;
  // One histogram child per route and status, kept at hand instead of prom-client hashing a
  // label object on every request; routes found by path, then method, without building a key.
  const route = (label: string, handler?: Handler): Route => ({
    label,
    handler,
    byStatus: new Map(),
    durations: metrics.httpRequests,
  });
  const byPath = new Map<string, Map<string, Route>>();
  // Templated paths are tried in order only when no exact path matched: the verification
  // path stays one map lookup.
  const templates: Array<{ source: string; pattern: RegExp; names: string[]; methods: Map<string, Route> }> = [];
  for (const [key, handler] of Object.entries(routes)) {
    const [method, path] = key.split(' ') as [string, string];
    if (path.includes('{')) {
      const source = `^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '([^/]+)')}$`;
      let template = templates.find((t) => t.source === source);
      if (!template)
        templates.push(
          (template = {
            source,
            pattern: new RegExp(source),
            names: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
            methods: new Map(),
          }),
        );
      template.methods.set(method, route(key, handler));
      continue;
    }
    if (!byPath.has(path)) byPath.set(path, new Map());
    byPath.get(path)!.set(method, route(key, handler));
  }
  const NO_PARAMS: Record<string, string> = Object.freeze({}) as Record<string, string>;
  const findTemplate = (path: string) => {
    for (const template of templates) {
      const match = template.pattern.exec(path);
      if (match)
        return {
          methods: template.methods,
          params: Object.fromEntries(template.names.map((name, i) => [name, decoded(match[i + 1]!)])),
        };
    }
    return undefined;
  };
  const unmatched = route('unmatched');
  const failed = (res: ServerResponse, label: string, error: unknown) => requestFailed(logger, res, label, error);
  // A request (headers and body) must arrive within REQUEST_DEADLINE_MS, checked every half
  // second: a client trickling a partial body gets 408 instead of holding a socket for minutes.
  const server = http.createServer(
    {
      requestTimeout: REQUEST_DEADLINE_MS,
      headersTimeout: REQUEST_DEADLINE_MS,
      connectionsCheckingInterval: 500,
      ServerResponse: TimedResponse,
    },
    (req, res) => {
      const url = req.url ?? '/';
      const query = url.indexOf('?');
      const path = query === -1 ? url : url.slice(0, query);
      if (draining) {
        res.setHeader('connection', 'close');
        if (req.method === 'GET' && path === '/readyz') return sendJson(res, 503, { status: 'stopping' });
      }
      let methods = byPath.get(path);
      let params = NO_PARAMS;
      if (!methods && templates.length) {
        const found = findTemplate(path);
        if (found) ({ methods, params } = found);
      }
      const matched = methods?.get(req.method ?? '') ?? unmatched;
      const handler = matched.handler;
      const timed = res as TimedResponse;
      timed.startedAt = performance.now();
      timed.route = matched;
      if (!handler) {
        const allow = methods && [...methods.keys()];
        if (allow) res.setHeader('allow', allow.join(', '));
        const api = options.unrouted;
        if (api && (path === api.prefix || path.startsWith(`${api.prefix}/`))) return api.answer(res, allow);
        sendJson(res, allow ? 405 : 404, { error: allow ? 'method_not_allowed' : 'not_found' });
        return;
      }
      // Called directly, not from a promise chain: one microtask and two promises fewer on every
      // verification; a handler that throws synchronously is answered the same way.
      try {
        const pending = handler(req, res, params);
        if (pending instanceof Promise) pending.catch((error: unknown) => failed(res, matched.label, error));
      } catch (error) {
        failed(res, matched.label, error);
      }
    },
  );
  server.keepAliveTimeout = 65_000; // longer than common load balancers' idle timeout
  const host = options.host ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const reachedAt = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    port,
    url: `http://${reachedAt}:${port}`,
    drain: async (seconds) => {
      // Idle keep-alive connections stay open: closing one as a client reuses it would lose that
      // request. Each connection closes after its next response instead (Connection: close).
      draining = true;
      if (seconds > 0) await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests still in flight get a moment to finish; then their sockets are closed.
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      }),
  };
}
