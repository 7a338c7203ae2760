// One HTTP POST of a delivery: a short deadline for the whole exchange, at most a few KiB of the
// answer read, redirects not followed (a 3xx is a failure), and in production the SSRF rules of
// destination.ts applied at connection time.
import http from 'node:http';
import https from 'node:https';
import {
  guardedLookup,
  isPublicAddress,
  literalAddress,
  needsAddressGuard,
  urlFormProblem,
  type DestinationRules,
} from './destination.js';

const DELIVERY_TIMEOUT_MS = 5_000;
/** What is read of an answer at most; the rest is dropped with the connection. */
const ANSWER_BYTES_MAX = 16 * 1024;

type Outcome = { ok: true; status: number } | { ok: false; status?: number; error: string };

export type Sender = {
  post(url: string, headers: Record<string, string>, body: string): Promise<Outcome>;
  close(): void;
};

export function createSender(rules: DestinationRules, options: { timeoutMs?: number } = {}): Sender {
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  // Kept-alive connections per scheme: each was checked when it was opened.
  const agents = {
    plain: new http.Agent({ keepAlive: true, maxSockets: 64 }),
    guarded: {
      'http:': new http.Agent({ keepAlive: true, maxSockets: 64, lookup: guardedLookup() }),
      'https:': new https.Agent({ keepAlive: true, maxSockets: 64, lookup: guardedLookup() }),
    },
    plainTls: new https.Agent({ keepAlive: true, maxSockets: 64 }),
  };

  function post(text: string, headers: Record<string, string>, body: string): Promise<Outcome> {
    const form = urlFormProblem(text, rules);
    if ('problem' in form) return Promise.resolve({ ok: false, error: `url refused: ${form.problem}` });
    const { url } = form;
    const guard = needsAddressGuard(url, rules);
    const literal = literalAddress(url);
    if (guard && literal && !isPublicAddress(literal))
      return Promise.resolve({ ok: false, error: 'url refused: private_address' });
    const tls = url.protocol === 'https:';
    const agent = guard ? agents.guarded[tls ? 'https:' : 'http:'] : tls ? agents.plainTls : agents.plain;
    return new Promise<Outcome>((resolve) => {
      const request = (tls ? https : http).request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            ...headers,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'tokenops-webhooks',
          },
          signal: AbortSignal.timeout(timeoutMs),
        },
        (answer) => {
          const status = answer.statusCode ?? 0;
          let read = 0;
          answer.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > ANSWER_BYTES_MAX) answer.destroy(); // enough: the status is what counts
          });
          const done = () =>
            resolve(
              status >= 200 && status < 300
                ? { ok: true, status }
                : {
                    ok: false,
                    status,
                    error: status >= 300 && status < 400 ? `redirect (${status}) not followed` : `answered ${status}`,
                  },
            );
          answer.on('end', done);
          answer.on('close', done); // destroyed past the cap, or cut off: the status stands
          answer.on('error', () => undefined);
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) => {
        const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError';
        resolve({
          ok: false,
          error: timedOut
            ? `no answer within ${timeoutMs / 1000} s`
            : error.code === 'EADDRNOTPUBLIC'
              ? 'url refused: private_address'
              : `connection failed (${error.code ?? error.name})`,
        });
      });
      request.end(body);
    });
  }

  return {
    post,
    close: () =>
      [agents.plain, agents.plainTls, agents.guarded['http:'], agents.guarded['https:']].forEach((agent) =>
        agent.destroy(),
      ),
  };
}
