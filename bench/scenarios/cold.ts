// Cold verification (issue 27): each token's first verification, 10 connections, under two load
// shapes, against its floors measured in the same run with the same shapes:
// - at capacity: a closed loop (each connection sends again at once), where p99 is mostly the
//   queue of 10 connections on two cores;
// - paced: each connection waits PACE_MS after each answer (~1,000 a second in all, below what
//   either server answers at most), where p99 is the latency of one cold verification on a busy
//   but not saturated instance: the shape the ≤ 5 ms target is judged on.
// The floors: bench/lib/barePg.ts, a bare node:http server doing tokenops' lookup statement with
// `pg` once per request (same database, same kind of tokens, no cache), and, paced only, the bare
// node:http server of the warm rows (no database): what this host's scheduling alone costs.
// Rounds interleave the servers (the order rotates); every run gets fresh tokens. wrk sends the
// load (µs latencies; autocannon's are whole ms). Beside p99: the server process's CPU and its
// PostgreSQL backends' CPU per cold verification at capacity (/proc/<pid>/stat of each client backend
// connected to the bench database; a backend that exits mid-run is not counted).
// Alone (~2 min): `flock /tmp/bench.lock npx tsx bench/scenarios/cold.ts [--rounds 5]
//   [--instance name:KEY=value,KEY=value ...]` seeds its own database, starts tokenops and the
//   floors, and prints the rows; each --instance adds a tokenops started with that environment (A/B).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { SlackEmulator } from '@tokenops/slack-emulator';
import { cpuMs, freePort, load, pin, startProcess, stopProcess, type LoadResult } from '../lib/processes.js';
import { wrkAvailable } from '../lib/wrk.js';
import { benchDatabase, seedWithSecrets } from '../lib/seed.js';
import { median, rowsTable, type Row } from '../lib/stats.js';
import { HASH, KEY, verifierEnv } from '../lib/env.js';

export type Server = { name: string; pid: number; url: string };
/** `reused`: the run outlasted its fresh tokens (wrk sends them again), so some answers were warm. */
export type ColdRun = LoadResult & { cpuUs: number; dbCpuUs: number; reused: boolean };
/** After a run at capacity, the CPU readings wait this long: tokenops writes the run's last-used
 *  times every 5 s, and they belong to its run, not to the next server's. (Counts, written every
 *  30 s, still land in whichever run they fall in.) */
const FLUSHED_MS = 6_000;
type Shape = 'capacity' | 'paced';
/** Each server's runs, by shape: `paced` only for the bare node:http server. */
export type ColdRuns = Record<string, Partial<Record<Shape, ColdRun[]>>>;

/** Each connection's wait after each answer in the paced runs: 10 connections send at most 1,000 a second. */
const PACE_MS = 10;
/** Seconds and fresh tokens of one run of each shape: more tokens than the fastest server seen
 *  answers in that time (5,640 a second at capacity; a run that reuses some says so). */
const SHAPES: Record<Shape, { seconds: number; tokens: number; paceMs?: number }> = {
  capacity: { seconds: 2, tokens: 14_000 },
  paced: { seconds: 3, tokens: 3_500, paceMs: PACE_MS },
};
/** Uncounted requests per server before the rounds. */
const WARM_UP = 500;
/** The tokens `coldRounds` needs for `servers` servers with a database (the bare server needs none). */
export const coldTokens = (rounds: number, servers: number) =>
  (rounds * (SHAPES.capacity.tokens + SHAPES.paced.tokens) + WARM_UP) * servers;

const range = (values: number[], digits = 0) =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

/** CPU ms used so far by each client backend of the client's database, by pid (not the client's own, nor
 *  autovacuum's, which lands in whichever server's run it happens to). */
async function backendsCpu(client: pg.Client): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
  );
  const cpu = new Map<number, number>();
  for (const { pid } of rows)
    await cpuMs(pid).then(
      (ms) => cpu.set(pid, ms),
      () => undefined,
    ); // exited meanwhile
  return cpu;
}

/** One timed run of `shape` with wrk, 10 connections, each body at most once. */
async function coldRun(
  client: pg.Client,
  server: Server,
  shape: Shape,
  bodies: string[],
  headers: Record<string, string>,
) {
  const { seconds, paceMs } = SHAPES[shape];
  const [cpuBefore, dbBefore] = [await cpuMs(server.pid), await backendsCpu(client)];
  const result = await load({ url: server.url, connections: 10, seconds, paceMs, bodies, headers });
  if (shape === 'capacity') await new Promise((resolve) => setTimeout(resolve, FLUSHED_MS));
  const [cpuAfter, dbAfter] = [await cpuMs(server.pid), await backendsCpu(client)];
  let db = 0;
  for (const [pid, ms] of dbAfter) db += ms - (dbBefore.get(pid) ?? 0);
  const per = (ms: number) => (ms * 1000) / Math.max(1, result.requests);
  return { ...result, cpuUs: per(cpuAfter - cpuBefore), dbCpuUs: per(db), reused: result.requests > bodies.length };
}

/** `rounds` rounds; in each, every server at capacity then paced, with fresh tokens, the order
 *  rotating; `host` (the bare node:http server) paced only. First, WARM_UP uncounted requests
 *  each (connections opened, statements prepared). */
export async function coldRounds(options: {
  client: pg.Client;
  servers: Server[];
  host: Server;
  tokens: string[];
  rounds: number;
  headers: Record<string, string>;
  log?: (text: string) => void;
}): Promise<ColdRuns> {
  const { servers, host, tokens, rounds, headers } = options;
  // The bench's timed load is wrk (bench/lib/wrk.ts); a fixed count of autocannon requests cannot pace.
  if (!(await wrkAvailable())) throw new Error('the cold scenario needs wrk (apt-get install wrk)');
  const runs: ColdRuns = Object.fromEntries([...servers, host].map((s) => [s.name, {}]));
  let next = 0;
  const fresh = (n: number) => tokens.slice(next, (next += n)).map((token) => JSON.stringify({ token }));
  if (next + coldTokens(rounds, servers.length) > tokens.length) throw new Error('cold: too few tokens seeded');
  for (const { url } of servers)
    await load({ url, connections: 10, seconds: 0, amount: WARM_UP, bodies: fresh(WARM_UP), headers });
  for (let round = 0; round < rounds; round++) {
    for (const shape of ['capacity', 'paced'] as const) {
      const turn = shape === 'paced' ? [...servers, host] : servers;
      for (let i = 0; i < turn.length; i++) {
        const server = turn[(round + i) % turn.length]!;
        // The bare server reads no token.
        const bodies = server === host ? Array<string>(SHAPES[shape].tokens).fill('{}') : fresh(SHAPES[shape].tokens);
        const run = await coldRun(options.client, server, shape, bodies, headers);
        options.log?.(
          `cold round ${round + 1} ${shape} ${server.name}: p99 ${run.p99.toFixed(1)} ms, ${run.reqPerSec} req/s`,
        );
        (runs[server.name]![shape] ??= []).push(run);
      }
    }
  }
  return runs;
}

/** The rows: each tokenops against the floors (p99 paced and at capacity, req/s, CPU per cold verification). */
export function coldRows(runs: ColdRuns, floorName: string, hostName: string): Row[] {
  const floor = runs[floorName]!;
  const p99s = (own: ColdRun[]) => own.map((r) => r.p99);
  const flags = (own: ColdRun[]) => {
    const failed = own.reduce((n, r) => n + r.errors + r.non2xx, 0);
    return (
      (own.some((r) => r.reused) ? ' (fresh tokens ran out: some answers were warm)' : '') +
      (failed ? ` (${failed} requests failed or were refused)` : '')
    );
  };
  const rows: Row[] = [];
  const floorPaced = median(p99s(floor.paced!));
  const hostPaced = range(p99s(runs[hostName]!.paced!), 1);
  for (const [name, own] of Object.entries(runs)) {
    if (name === floorName || name === hostName) continue;
    const scenario = name === 'tokenops' ? 'verify, cold' : `verify, cold (${name})`;
    const paced = median(p99s(own.paced!));
    const capacity = median(p99s(own.capacity!));
    const rate = (shape: Shape) => median(own[shape]!.map((r) => r.reqPerSec));
    rows.push(
      {
        scenario,
        measure: `p99 ms paced (~${rate('paced')} a second; median of ${own.paced!.length} interleaved runs)`,
        value: range(p99s(own.paced!), 1) + flags(own.paced!),
        baseline: `${range(p99s(floor.paced!), 1)} bare pg (one lookup per request); ${hostPaced} bare node:http (no database); same load`,
        ratio: (paced / floorPaced).toFixed(2),
        target: '≤ 5 ms',
        met: paced <= 5,
      },
      {
        scenario,
        measure: `p99 ms at capacity (closed loop; median of ${own.capacity!.length} interleaved runs)`,
        value: range(p99s(own.capacity!), 1) + flags(own.capacity!),
        baseline: `${range(p99s(floor.capacity!), 1)} bare pg`,
        ratio: (capacity / median(p99s(floor.capacity!))).toFixed(2),
        target: 'for information (the queue of 10 connections on two cores)',
      },
      {
        scenario,
        measure: 'req/s at capacity (median)',
        value: range(own.capacity!.map((r) => r.reqPerSec)),
        baseline: `${range(floor.capacity!.map((r) => r.reqPerSec))} bare pg`,
        ratio: (rate('capacity') / median(floor.capacity!.map((r) => r.reqPerSec))).toFixed(2),
        target: 'for information',
      },
      {
        scenario,
        measure: 'CPU µs per cold verification at capacity: server; its PostgreSQL backends (median)',
        value: `${median(own.capacity!.map((r) => r.cpuUs)).toFixed(0)}; ${median(own.capacity!.map((r) => r.dbCpuUs)).toFixed(0)}`,
        baseline: `${median(floor.capacity!.map((r) => r.cpuUs)).toFixed(0)}; ${median(floor.capacity!.map((r) => r.dbCpuUs)).toFixed(0)} bare pg`,
        ratio: (
          median(floor.capacity!.map((r) => r.cpuUs + r.dbCpuUs)) /
          median(own.capacity!.map((r) => r.cpuUs + r.dbCpuUs))
        ).toFixed(2),
        target: 'for information (bare ÷ ours, both summed)',
      },
    );
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--rounds');
  const rounds = at < 0 ? 5 : Number(process.argv[at + 1]);
  const instances: Array<{ name: string; env: Record<string, string> }> = [{ name: 'tokenops', env: {} }];
  process.argv.forEach((value, i) => {
    if (value !== '--instance') return;
    const [name, settings = ''] = process.argv[i + 1]!.split(':');
    const env = Object.fromEntries(
      settings
        .split(',')
        .filter(Boolean)
        .map((s) => [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)]),
    );
    if (name === 'tokenops')
      instances[0]!.env = env; // the default instance, with settings
    else instances.push({ name: name!, env });
  });
  const log = (text: string) => console.error(`bench: ${text}`);
  const db = await benchDatabase();
  const fake = await SlackEmulator.start();
  const children: Array<Awaited<ReturnType<typeof startProcess>>> = [];
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${KEY}` };
  try {
    log('cold: seeding');
    const tokens = await seedWithSecrets(db.client, coldTokens(rounds, instances.length + 1), {
      hashSecret: HASH,
      label: 'cold',
    });
    await promisify(execFile)('npm', ['run', 'build:if-stale', '--silent']);
    const started: Server[] = [];
    const start = async (
      name: string,
      path: string,
      command: (port: number) => [string[], Record<string, string>?],
    ) => {
      const port = await freePort();
      const child = await startProcess(...command(port));
      children.push(child);
      await pin(child.pid!);
      const server = { name, pid: child.pid!, url: `http://127.0.0.1:${port}${path}` };
      started.push(server);
      return server;
    };
    const redisPrefix = `benchcold${randomBytes(3).toString('hex')}`;
    for (const { name, env } of instances)
      await start(name, '/v1/tokens/verify', (port) => [
        ['dist/main.js', 'web'],
        verifierEnv(db.url, fake, { REDIS_PREFIX: redisPrefix, LOG_LEVEL: 'info', PORT: String(port), ...env }),
      ]);
    await start('bare pg', '/', (port) => [['bench/lib/barePg.ts', String(port), db.url, HASH]]);
    const host = await start('bare node:http', '/', (port) => [['bench/lib/bare.ts', String(port)]]);
    const servers = started.filter((s) => s !== host);
    const runs = await coldRounds({ client: db.client, servers, host, tokens, rounds, headers, log });
    console.log(rowsTable(coldRows(runs, 'bare pg', 'bare node:http')));
    console.log(JSON.stringify(runs));
  } finally {
    for (const child of children) await stopProcess(child);
    await fake.close();
    await db.drop();
  }
  process.exit(0);
}
