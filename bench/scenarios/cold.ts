// Cold verification (issue 27): each token's first verification, 10 connections, closed loop,
// against its floor measured in the same run with the same load shape: bench/lib/barePg.ts, a
// bare node:http server doing tokenops' lookup statement with `pg` once per request (same
// database, same kind of tokens, no cache). Rounds interleave the servers (the order alternates);
// every round gives each server fresh tokens. Beside p99: the server process's CPU and its
// PostgreSQL backends' CPU per cold verification (/proc/<pid>/stat of each backend connected to
// the bench database; a backend that exits mid-run is not counted).
// Alone (~2 min): `flock /tmp/bench.lock npx tsx bench/scenarios/cold.ts [--rounds 5] [--per-round 10000]
//   [--instance name:KEY=value,KEY=value ...]` seeds its own database, starts tokenops and the floor,
//   and prints the rows; each --instance adds a tokenops started with that environment (A/B).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { SlackEmulator } from '@tokenops/slack-emulator';
import { cpuMs, freePort, load, pin, startProcess, stopProcess, type LoadResult } from '../lib/processes.js';
import { benchDatabase, seedWithSecrets } from '../lib/seed.js';
import { median, rowsTable, type Row } from '../lib/stats.js';
import { HASH, KEY, verifierEnv } from '../lib/env.js';

export type Server = { name: string; pid: number; url: string };
export type ColdRun = LoadResult & { cpuUs: number; dbCpuUs: number };

/** Uncounted requests per server before the rounds. */
const WARM_UP = 500;
/** The tokens `coldRounds` needs. */
export const coldTokens = (rounds: number, perRound: number, servers: number) =>
  (rounds * perRound + WARM_UP) * servers;

const range = (values: number[], digits = 0) =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

/** CPU ms used so far by each backend connected to the client's database, by pid (not the client's own). */
async function backendsCpu(client: pg.Client): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  const cpu = new Map<number, number>();
  for (const { pid } of rows)
    await cpuMs(pid).then(
      (ms) => cpu.set(pid, ms),
      () => undefined,
    ); // exited meanwhile
  return cpu;
}

/** One closed-loop run: `bodies.length` requests, each body once, 10 connections. */
async function coldRun(client: pg.Client, server: Server, bodies: string[], headers: Record<string, string>) {
  const [cpuBefore, dbBefore] = [await cpuMs(server.pid), await backendsCpu(client)];
  const result = await load({ url: server.url, connections: 10, seconds: 0, amount: bodies.length, bodies, headers });
  const [cpuAfter, dbAfter] = [await cpuMs(server.pid), await backendsCpu(client)];
  let db = 0;
  for (const [pid, ms] of dbAfter) db += ms - (dbBefore.get(pid) ?? 0);
  const per = (ms: number) => (ms * 1000) / bodies.length;
  // From the last answer's time: autocannon's own figure counts whole seconds (bench/lib/load.ts).
  const reqPerSec = Math.round((bodies.length * 1000) / Math.max(1, result.lastResponseMs - result.startMs));
  return { ...result, reqPerSec, cpuUs: per(cpuAfter - cpuBefore), dbCpuUs: per(db) };
}

/** `rounds` rounds, each server once per round with fresh tokens, the order rotating; first,
 *  WARM_UP uncounted requests each (connections opened, statements prepared). */
export async function coldRounds(options: {
  client: pg.Client;
  servers: Server[];
  tokens: string[];
  rounds: number;
  headers: Record<string, string>;
  log?: (text: string) => void;
}): Promise<Record<string, ColdRun[]>> {
  const { servers, tokens, rounds } = options;
  const runs: Record<string, ColdRun[]> = Object.fromEntries(servers.map((s) => [s.name, []]));
  let next = 0;
  const fresh = (n: number) => tokens.slice(next, (next += n)).map((token) => JSON.stringify({ token }));
  for (const { url } of servers)
    await load({ url, connections: 10, seconds: 0, amount: WARM_UP, bodies: fresh(WARM_UP), headers: options.headers });
  const perRound = Math.floor((tokens.length - next) / (rounds * servers.length));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < servers.length; i++) {
      const server = servers[(round + i) % servers.length]!;
      const run = await coldRun(options.client, server, fresh(perRound), options.headers);
      options.log?.(`cold round ${round + 1} ${server.name}: p99 ${run.p99} ms, ${run.reqPerSec} req/s`);
      runs[server.name]!.push(run);
    }
  }
  return runs;
}

/** The rows: ours against the floor (p99, req/s, CPU per cold verification), and each other instance. */
export function coldRows(runs: Record<string, ColdRun[]>, floorName: string): Row[] {
  const floor = runs[floorName]!;
  const rows: Row[] = [];
  const floorP99 = median(floor.map((r) => r.p99));
  for (const [name, own] of Object.entries(runs)) {
    if (name === floorName) continue;
    const p99 = median(own.map((r) => r.p99));
    const scenario = name === 'tokenops' ? 'verify, cold' : `verify, cold (${name})`;
    rows.push(
      {
        scenario,
        measure: `p99 ms (median of ${own.length} interleaved runs)`,
        value: range(own.map((r) => r.p99)),
        baseline: `${range(floor.map((r) => r.p99))} bare pg (one lookup per request, same load)`,
        ratio: (p99 / Math.max(1, floorP99)).toFixed(2),
        target: `≤ 5 ms${floorP99 > 5 ? ' (the floor is above it on this machine)' : ''}`,
        met: p99 <= 5,
      },
      {
        scenario,
        measure: 'req/s (median)',
        value: range(own.map((r) => r.reqPerSec)),
        baseline: `${range(floor.map((r) => r.reqPerSec))} bare pg`,
        ratio: (median(own.map((r) => r.reqPerSec)) / median(floor.map((r) => r.reqPerSec))).toFixed(2),
        target: 'for information',
      },
      {
        scenario,
        measure: 'CPU µs per cold verification: server; its PostgreSQL backends (median)',
        value: `${median(own.map((r) => r.cpuUs)).toFixed(0)}; ${median(own.map((r) => r.dbCpuUs)).toFixed(0)}`,
        baseline: `${median(floor.map((r) => r.cpuUs)).toFixed(0)}; ${median(floor.map((r) => r.dbCpuUs)).toFixed(0)} bare pg`,
        ratio: (median(floor.map((r) => r.cpuUs + r.dbCpuUs)) / median(own.map((r) => r.cpuUs + r.dbCpuUs))).toFixed(2),
        target: 'for information (bare ÷ ours, both summed)',
      },
    );
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, fallback: number) => {
    const at = process.argv.indexOf(name);
    return at < 0 ? fallback : Number(process.argv[at + 1]);
  };
  const rounds = arg('--rounds', 5);
  const perRound = arg('--per-round', 10_000);
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
    const servers = instances.length + 1;
    const tokens = await seedWithSecrets(db.client, coldTokens(rounds, perRound, servers), {
      hashSecret: HASH,
      label: 'cold',
    });
    await promisify(execFile)('npm', ['run', 'build:if-stale', '--silent']);
    const started: Server[] = [];
    const redisPrefix = `benchcold${randomBytes(3).toString('hex')}`;
    for (const instance of instances) {
      const port = await freePort();
      const child = await startProcess(
        ['dist/main.js', 'web'],
        verifierEnv(db.url, fake, {
          REDIS_PREFIX: redisPrefix,
          LOG_LEVEL: 'info',
          PORT: String(port),
          ...instance.env,
        }),
      );
      children.push(child);
      started.push({ name: instance.name, pid: child.pid!, url: `http://127.0.0.1:${port}/v1/tokens/verify` });
    }
    const floorPort = await freePort();
    const floor = await startProcess(['bench/lib/barePg.ts', String(floorPort), db.url, HASH]);
    children.push(floor);
    started.push({ name: 'bare pg', pid: floor.pid!, url: `http://127.0.0.1:${floorPort}/` });
    for (const server of started) await pin(server.pid);
    const runs = await coldRounds({
      client: db.client,
      servers: started,
      tokens,
      rounds,
      headers,
      log,
    });
    const rows = coldRows(runs, 'bare pg');
    console.log(rowsTable(rows));
    console.log(JSON.stringify(runs));
  } finally {
    for (const child of children) await stopProcess(child);
    await fake.close();
    await db.drop();
  }
  process.exit(0);
}
