// Starting the processes a benchmark measures, and reading their memory.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { wrkAvailable, wrkLoad } from './wrk.js';
import type { LoadOptions, LoadResult } from './loadTypes.js';

const run = promisify(execFile);

/**
 * Starts `node <script> ...args` (through tsx for a .ts script) and resolves once it prints
 * "ready" (or tokenops' start line).
 */
export function startProcess(args: string[], env: Record<string, string> = {}): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(args[0]!.endsWith('.ts') ? ['--import', 'tsx'] : []), ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (/ready|"tokenops started"/.test(output)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

/** A port nothing listens on now, chosen by the system (random picks collided with the fake Slack). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export type { LoadOptions, LoadResult } from './loadTypes.js';

export async function load(options: LoadOptions): Promise<LoadResult> {
  const loadCore = os.cpus().length - 1;
  if (!options.slack && !options.amount && (await wrkAvailable())) return wrkLoad(options, loadCore);
  // Thousands of bodies do not fit in argv: hand them over in a file.
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'tokenops-bench-')), 'load.json');
  await writeFile(file, JSON.stringify(options));
  try {
    // The load generator has the last core to itself; servers are pinned to the others (`pin`).
    const { stdout } = await run(
      'taskset',
      ['-c', String(loadCore), process.execPath, '--import', 'tsx', 'bench/lib/load.ts', file],
      { maxBuffer: 1 << 26 },
    );
    return JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult;
  } finally {
    await rm(path.dirname(file), { recursive: true, force: true });
  }
}

const CLOCK_TICK_MS = 10; // USER_HZ = 100 on Linux

/** CPU time (ms) a process has used so far, user and system, by its own accounting (/proc/<pid>/stat). */
export async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS; // fields 14 and 15 of the line
}

/**
 * A timed load run against the server process `pid`, with the CPU time that process spent per
 * answered request (µs): unlike req/s, a busy machine's other work does not count in it, so it
 * compares two servers measured minutes apart far better.
 */
export async function loadWithCpu(pid: number, options: LoadOptions): Promise<LoadResult & { cpuUs: number }> {
  const before = await cpuMs(pid);
  const result = await load(options);
  const used = (await cpuMs(pid)) - before;
  const answered = result.requests;
  return { ...result, cpuUs: (used * 1000) / Math.max(1, answered) };
}

/**
 * Pins a server (every thread) to the cores the load generator leaves: two processes that share
 * two cores as the scheduler pleases moved the bare server's figure by ±30 % between runs.
 */
export async function pin(pid: number): Promise<void> {
  const cores = os.cpus().length;
  if (cores > 1) await run('taskset', ['-a', '-p', '-c', `0-${cores - 2}`, String(pid)]);
}

/** Resident memory of a process, in MB, from /proc/<pid>/status: sampled while a server is under
 *  load, so no `ps` is spawned that could land on the server's core. */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Math.round(Number(kb[1]) / 1024);
}
