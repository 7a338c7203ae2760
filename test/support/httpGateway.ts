// An HTTP gateway in front of a tokenops instance, as an operator may put one: it serves tokenops
// under `prefix` (answering 404 elsewhere), and answers 503 to the requests `refuse` names while
// it says so (a gateway that refuses the change stream, say). Everything else is passed through,
// streamed both ways.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startHttpGateway(
  target: string,
  options: { prefix?: string; refuse?: (path: string) => boolean } = {},
) {
  const upstream = new URL(target);
  const prefix = options.prefix ?? '';
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (!url.startsWith(`${prefix}/`)) return void req.resume().on('end', () => res.writeHead(404).end());
    const path = url.slice(prefix.length);
    if (options.refuse?.(path)) return void req.resume().on('end', () => res.writeHead(503).end());
    const forwarded = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.destroy());
    res.on('close', () => forwarded.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
