// The load generator for timed runs: wrk, written in C. autocannon (Node) topped out near 24,000
// requests/s on its core, below what the bare server answers on its own, so neither server was
// ever saturated and their CPU per request swung with how requests happened to batch (bare
// 29–41 µs, pairs 0.51–0.91). wrk drives a server at 100 % of its core, where CPU per request is
// the cost of the request and nothing else.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { LoadOptions, LoadResult } from './loadTypes.js';

const run = promisify(execFile);

/** Each connection sends the bodies in turn (all formatted once, at start), POST with the headers;
 *  at the end wrk prints one JSON line of what it saw. */
const SCRIPT = `
local bodies = {}
local requests = {}
local index = 0
function init(args)
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
  for name, value in pairs(HEADERS) do wrk.headers[name] = value end
  wrk.method = "POST"
  for i, body in ipairs(bodies) do requests[i] = wrk.format(nil, nil, nil, body) end
end
function request()
  index = index % #requests + 1
  return requests[index]
end
if PACE_MS then
  function delay() return PACE_MS end
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"durationUs":%d,"errors":%d,"non2xx":%d,"p50Us":%d,"p99Us":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
`;

let available: Promise<boolean> | undefined;

/** Whether wrk is here; where it is not and we are root, it is installed from Debian's packages
 *  (as .ci/run installs what the tests need). Without it the bench falls back to autocannon. */
export function wrkAvailable(): Promise<boolean> {
  available ??= (async () => {
    const here = () =>
      run('wrk', ['--version']).then(
        () => true,
        (error: { code?: unknown }) => error.code !== 'ENOENT', // wrk --version exits 1
      );
    if (await here()) return true;
    if (process.getuid?.() !== 0) return false;
    await run('apt-get', ['install', '-y', '-qq', 'wrk'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
      .catch(() => run('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk']))
      .catch(() => undefined);
    return here();
  })();
  return available;
}

/** A timed run with wrk on `core`: one thread, `connections` kept-alive connections. */
export async function wrkLoad(options: LoadOptions, core: number): Promise<LoadResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tokenops-wrk-'));
  try {
    const headers =
      `HEADERS = ${luaTable(options.headers ?? { 'content-type': 'application/json' })}\n` +
      (options.paceMs ? `PACE_MS = ${options.paceMs}\n` : '');
    await writeFile(path.join(dir, 'load.lua'), headers + SCRIPT);
    await writeFile(path.join(dir, 'bodies'), options.bodies.join('\n') + '\n');
    const args = ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, '--timeout', '5s'];
    const { stdout } = await run(
      'taskset',
      [
        '-c',
        String(core),
        'wrk',
        ...args,
        '-s',
        path.join(dir, 'load.lua'),
        options.url,
        '--',
        path.join(dir, 'bodies'),
      ],
      { maxBuffer: 1 << 22 },
    );
    const finishMs = Date.now();
    const seen = JSON.parse(stdout.trim().split('\n').pop()!) as {
      requests: number;
      durationUs: number;
      errors: number;
      non2xx: number;
      p50Us: number;
      p99Us: number;
    };
    const startMs = finishMs - seen.durationUs / 1000;
    return {
      reqPerSec: Math.round(seen.requests / (seen.durationUs / 1e6)),
      requests: seen.requests,
      p50: seen.p50Us / 1000,
      p99: seen.p99Us / 1000,
      errors: seen.errors,
      non2xx: seen.non2xx,
      startMs,
      finishMs,
      lastResponseMs: finishMs,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function luaTable(values: Record<string, string>): string {
  const quote = (text: string) => JSON.stringify(text); // a JSON string of ASCII is a Lua string
  return `{ ${Object.entries(values)
    .map(([name, value]) => `[${quote(name)}] = ${quote(value)}`)
    .join(', ')} }`;
}
