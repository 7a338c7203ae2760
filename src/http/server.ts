// The one HTTP server of a web instance: Slack's events endpoint, the verification API,
// health and metrics. Plain node:http with an exact-path table, because token verification
// sits in front of every request of the company's API and must stay cheap.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;
export type Routes = Record<string, Handler>; // key: "GET /healthz"
/** Every path under `prefix` goes to `handler` (the local playground). */
export type Mount = { prefix: string; handler: Handler };

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** How long a client may take to send a whole request. */
export const REQUEST_DEADLINE_MS = 5_000;

/** `drain`: a stopping instance keeps serving for that long, answering /readyz 503 "stopping" so
 *  load balancers take it out, and closing each connection after its response so clients
 *  reconnect elsewhere; no request it accepted is lost. */
export type HttpServer = { port: number; url: string; drain(seconds: number): Promise<void>; close(): Promise<void> };

export async function startHttpServer(options: {
  port: number;
  routes: Routes;
  logger: Logger;
  metrics: Metrics;
  mount?: Mount;
}): Promise<HttpServer> {
  const { routes, logger, metrics, mount } = options;
  let draining = false;
  // One histogram child per route and status, kept at hand instead of prom-client hashing a
  // label object on every request.
  const children = new Map<string, Map<number, { observe(seconds: number): void }>>();
  const observe = (route: string, status: number, seconds: number) => {
    let byStatus = children.get(route);
    if (!byStatus) children.set(route, (byStatus = new Map()));
    let child = byStatus.get(status);
    if (!child) byStatus.set(status, (child = metrics.httpRequests.labels(route, String(status))));
    child.observe(seconds);
  };
  const failed = (res: ServerResponse, route: string, error: unknown) => {
    logger.error({ err: error, route }, 'request failed');
    if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
    else res.destroy();
  };
  // A request (headers and body) must arrive within REQUEST_DEADLINE_MS, checked every half
  // second: a client trickling a partial body gets 408 instead of holding a socket for minutes.
  const server = http.createServer({ requestTimeout: REQUEST_DEADLINE_MS, headersTimeout: REQUEST_DEADLINE_MS, connectionsCheckingInterval: 500 }, (req, res) => {
    const path = req.url?.split('?', 1)[0] ?? '/';
    const key = `${req.method} ${path}`;
    if (draining) {
      res.setHeader('connection', 'close');
      if (key === 'GET /readyz') return sendJson(res, 503, { status: 'stopping' });
    }
    const mounted = mount && (path === mount.prefix || path.startsWith(`${mount.prefix}/`)) ? mount.handler : undefined;
    const handler = routes[key] ?? mounted;
    const route = routes[key] ? key : mounted ? mount!.prefix : 'unmatched';
    const started = performance.now();
    res.once('finish', () => observe(route, res.statusCode, (performance.now() - started) / 1000));
    if (!handler) {
      const knownPath = Object.keys(routes).some((k) => k.endsWith(` ${path}`));
      sendJson(res, knownPath ? 405 : 404, { error: knownPath ? 'method_not_allowed' : 'not_found' });
      return;
    }
    // Called directly, not from a promise chain: one microtask and two promises fewer on every
    // verification; a handler that throws synchronously is answered the same way.
    try {
      const pending = handler(req, res);
      if (pending instanceof Promise) pending.catch((error: unknown) => failed(res, route, error));
    } catch (error) {
      failed(res, route, error);
    }
  });
  server.keepAliveTimeout = 65_000; // longer than common load balancers' idle timeout
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '0.0.0.0', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
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
