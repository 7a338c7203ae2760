// @tokenops/verify (issue 29): warm verification in process against HTTP verification of the
// same run; a sample API with and without the middleware; revocation through three SDK
// instances, with stream faults; the memory of a sample API holding 100,000 cached answers.
// Needs a running tokenops (`url`, `key`) whose database holds `valid` secrets.
import { createVerifier, type Verifier } from '@tokenops/verify';
import { startTcpProxy, type TcpProxy } from '../../test/support/tcpProxy.js';
import { freePort, load, pin, startProcess, stopProcess } from '../lib/processes.js';
import { comparisonRows, repeated } from '../lib/interleave.js';
import { generateSecret } from '../../src/domain/secret.js';
import { startStub } from '../lib/verifyStub.js';
import { percentile, type Row } from '../lib/stats.js';

type Revoker = {
  create(label: string): Promise<{ token: { displayId: string }; secret: string }>;
  revoke(displayId: string): Promise<unknown>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const current = async (verifier: Verifier) => {
  while (!verifier.stats().streamCurrent) await sleep(20);
};

export async function sdkScenarios(options: {
  url: string;
  key: string;
  valid: string[];
  many: number;
  revoker: Revoker;
  seconds: number;
  /** The sample API with and without the SDK: repeats of interleaved 1-s slices. */
  repeats: number;
  slices: number;
}) {
  const { url, key, valid } = options;
  const rows: Row[] = [];
  const record = (row: Row) => {
    console.error(`bench: ${row.scenario}, ${row.measure}: ${row.value} (${row.baseline}; ${row.ratio})`);
    rows.push(row);
  };
  const results: Record<string, unknown> = {};

  // --- warm verification in process vs over HTTP (same tokens, same run) ----------------------
  const verifier = createVerifier({ url, apiKey: key });
  await current(verifier);
  await sleep(1_100);
  // 16 at a time, each retried: a cold lookup tokenops could not serve in time is asked again.
  const fill = async (secret: string, tries = 5): Promise<unknown> =>
    verifier.verify(secret).catch(() => (tries > 1 ? fill(secret, tries - 1) : undefined));
  for (let i = 0; i < valid.length; i += 16) await Promise.all(valid.slice(i, i + 16).map((secret) => fill(secret)));
  const http = await load({
    url: `${url}/v1/tokens/verify`,
    connections: 50,
    seconds: options.seconds,
    bodies: valid.map((token) => JSON.stringify({ token })),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
  });
  const times: number[] = [];
  let calls = 0;
  const end = performance.now() + options.seconds * 1000;
  const before = verifier.stats().fromCache;
  while (performance.now() < end) {
    for (let i = 0; i < 1_000; i++) {
      const started = performance.now();
      await verifier.verify(valid[calls++ % valid.length]!);
      if (i % 10 === 0) times.push((performance.now() - started) * 1000);
    }
  }
  const sdkRps = Math.round(calls / options.seconds);
  const fromCache = (verifier.stats().fromCache - before) / calls;
  verifier.close();
  const p99us = percentile(times, 99);
  results.sdkWarm = { sdkRps, http, p50us: percentile(times, 50), p99us, fromCache };
  record({
    scenario: 'SDK verify, warm, in process',
    measure: 'verifications/s (one core)',
    value: String(sdkRps),
    baseline: `${http.reqPerSec} HTTP verify`,
    ratio: (sdkRps / http.reqPerSec).toFixed(1),
    target: '≥ 20',
    met: sdkRps / http.reqPerSec >= 20,
  });
  record({
    scenario: 'SDK verify, warm, in process',
    measure: 'p99 µs',
    value: p99us.toFixed(1),
    baseline: `p50 ${percentile(times, 50).toFixed(1)}; ${(fromCache * 100).toFixed(1)} % from cache`,
    ratio: '',
    target: '≤ 50 µs',
    met: p99us <= 50,
  });

  // --- a sample API with and without the middleware: interleaved pairs -------------------------
  const [barePort, sdkPort] = [await freePort(), await freePort()];
  const bare = await startProcess(['bench/lib/sampleApi.ts', String(barePort), 'bare', url, key]);
  const sdk = await startProcess(['bench/lib/sampleApi.ts', String(sdkPort), 'sdk', url, key]);
  try {
    await pin(bare.pid!);
    await pin(sdk.pid!);
    await sleep(1_100);
    const headers = { authorization: `Bearer ${valid[0]}` };
    await fetch(`http://127.0.0.1:${sdkPort}/`, { headers }).then((r) => r.text());
    // Judged on CPU time per answered request of each process, without ÷ with the SDK, in
    // interleaved slices (lib/interleave.ts).
    const side = (pid: number, port: number) => ({
      pid,
      options: { url: `http://127.0.0.1:${port}/`, connections: 50, bodies: [''], headers },
    });
    const [without, withSdk] = await repeated(
      [side(bare.pid!, barePort), side(sdk.pid!, sdkPort)],
      options.repeats,
      options.slices,
    );
    const refused = withSdk!.reduce((n, sum) => n + sum.failed, 0);
    if (refused) throw new Error(`sample API: ${refused} failed or refused`);
    results.sampleApi = { without, withSdk };
    for (const row of comparisonRows('sample API with the SDK middleware', withSdk!, without!, {
      baseline: 'without the SDK',
      target: 0.9,
    }))
      record(row);
  } finally {
    await stopProcess(bare);
    await stopProcess(sdk);
  }

  // --- memory: a sample API holding 100,000 cached answers. Filled from a stand-in for tokenops
  // that answers VALID for any secret (a distinct token each): the cache holds what it would hold,
  // without 100,000 cold lookups on a shared machine.
  const stub = await startStub();
  const memPort = await freePort();
  // With a full collection before each reading (--expose-gc): the cache, not the fill's garbage.
  const memory = await startProcess(['bench/lib/sampleApi.ts', String(memPort), 'sdk', stub.url, key], {
    NODE_OPTIONS: '--expose-gc',
  });
  try {
    const rss = async () =>
      (await (await fetch(`http://127.0.0.1:${memPort}/rss`)).json()) as {
        rssMb: number;
        heapMb: number;
        cached: number;
      };
    const empty = await rss();
    await sleep(1_100);
    for (let i = 0; i < options.many; i += 5_000) {
      const secrets = Array.from({ length: Math.min(5_000, options.many - i) }, () => generateSecret('tko'));
      await fetch(`http://127.0.0.1:${memPort}/fill`, { method: 'POST', body: JSON.stringify(secrets) }).then((r) =>
        r.text(),
      );
    }
    const full = await rss();
    results.sdkMemory = { empty, full };
    record({
      scenario: `SDK sample API, ${full.cached.toLocaleString('en')} cached answers`,
      measure: 'RSS MB (heap MB), after a full GC',
      value: `${full.rssMb} (${full.heapMb})`,
      baseline: `${empty.rssMb} (${empty.heapMb}) with ${empty.cached} cached`,
      ratio: '',
      target: 'reported (LRU of 100,000 by default)',
    });
  } finally {
    await stopProcess(memory);
    stub.close();
  }

  // --- revocation through three SDK instances, each behind a link the bench breaks --------------
  const port = Number(new URL(url).port);
  const proxies: TcpProxy[] = [];
  const verifiers: Verifier[] = [];
  for (let i = 0; i < 3; i++) {
    proxies.push(await startTcpProxy({ host: '127.0.0.1', port }));
    verifiers.push(createVerifier({ url: `http://127.0.0.1:${proxies[i]!.port}`, apiKey: key, timeoutMs: 300 }));
  }
  const faults: Array<[string, (proxy: TcpProxy) => void]> = [
    ['none', () => undefined],
    ['stream cut', (p) => p.cut()],
    ['connections reset', (p) => p.reset()],
    ['link stalled', (p) => p.blackhole()],
  ];
  const lags: number[] = [];
  try {
    for (const verifier of verifiers) await current(verifier);
    for (let trial = 0; trial < 40; trial++) {
      const [name, fault] = faults[trial % faults.length]!;
      const { token, secret } = await options.revoker.create(`sdk propagation ${trial}`);
      await sleep(1_100);
      const code = (v: Verifier) =>
        v.verify(secret).then(
          (a) => a.code,
          () => 'UNAVAILABLE',
        );
      for (const v of verifiers)
        for (let i = 0; (await code(v)) !== 'VALID'; i++) if (i > 50) throw new Error('sdk propagation: not valid');
      fault(proxies[trial % 3]!);
      await options.revoker.revoke(token.displayId);
      const started = performance.now();
      // The lag: when the last VALID answer was asked for, after the revoke was acknowledged.
      let lastValid = 0;
      const pending = new Set(verifiers);
      while (pending.size) {
        for (const v of [...pending]) {
          const asked = performance.now() - started;
          if ((await code(v)) === 'VALID') lastValid = Math.max(lastValid, asked);
          else pending.delete(v);
        }
        if (performance.now() - started > 5_000) throw new Error(`sdk propagation (${name}): still VALID after 5 s`);
      }
      lags.push(lastValid);
      proxies[trial % 3]!.restore();
      for (const verifier of verifiers) await current(verifier);
    }
  } finally {
    for (const verifier of verifiers) verifier.close();
    for (const proxy of proxies) await proxy.close();
  }
  const p99 = percentile(lags, 99);
  results.sdkPropagation = { lags, p50: percentile(lags, 50), p99, max: Math.max(...lags) };
  record({
    scenario: 'revocation through 3 SDK instances (none, cut, reset, stalled in turn)',
    measure: `p99 ms of ${lags.length} to the last VALID, all three`,
    value: p99.toFixed(1),
    baseline: `p50 ${percentile(lags, 50).toFixed(1)}`,
    ratio: '',
    target: '≤ 1000 ms',
    met: p99 <= 1000,
  });
  return { rows, results };
}
