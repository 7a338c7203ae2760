// Load generator, run as its own process so it does not share the server's CPU time slices:
// `tsx bench/lib/load.ts <options.json>` prints autocannon's summary as JSON.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { sign } from '@tokenops/slack-emulator';
import type { LoadOptions } from './loadTypes.js';

const options = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadOptions;
let next = 0;

let lastResponseMs = 0;
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon(
    {
      url: options.url,
      connections: options.connections,
      // `amount`: exactly that many requests (each body once when it equals their number).
      ...(options.amount ? { amount: options.amount } : { duration: options.seconds }),
      method: 'POST',
      headers: options.headers ?? { 'content-type': 'application/json' },
      // Each request takes the next body in turn (distinct tokens, mixed cases).
      requests: [
        {
          setupRequest: (request) => {
            const body = options.bodies[next % options.bodies.length]!;
            next++;
            if (!options.slack) return { ...request, body };
            const signed = `${body}&trigger_id=${process.pid}.${next}`;
            const { signingSecret, timestamp } = options.slack;
            const signature = sign(signingSecret, timestamp, signed);
            return { ...request, body: signed, headers: { ...request.headers, 'x-slack-signature': signature } };
          },
        },
      ],
    },
    (error, done) => (error ? reject(error as Error) : resolve(done)),
  );
  // autocannon ends a run of `amount` requests at its next 1-s tick: its finish time (and req/s)
  // is rounded up to whole seconds; the last answer's time is not.
  instance.on('response', () => {
    lastResponseMs = Date.now();
  });
});
console.log(
  JSON.stringify({
    reqPerSec: Math.round(result.requests.average),
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    // When the load began and ended (epoch ms): the span it covered, without this process's start.
    startMs: result.start.getTime(),
    finishMs: result.finish.getTime(),
    lastResponseMs,
  }),
);
