// tokenops instances as their own processes (`node dist/main.js web|worker|verify`, as npm run
// start:web, start:worker and start:verify run them) on the test app's database, Redis and Slack emulator; what
// they log (at LOG_LEVEL warn unless the test says otherwise) is kept in `logs`.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { freePort } from './redisCluster.js';
import { testEnv, type TestApp } from './testApp.js';

export type Instance = {
  role: 'web' | 'worker' | 'verify';
  url: string;
  port: number;
  child: ChildProcess;
  logs: string[];
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
};

export async function startProcess(
  app: TestApp,
  role: 'web' | 'worker' | 'verify',
  env: Record<string, string> = {},
): Promise<Instance> {
  const port = await freePort();
  const variables = testEnv(
    { databaseUrl: app.databaseUrl, redisPrefix: app.config.redisPrefix, fake: app.fake },
    { PORT: String(port), LOG_LEVEL: 'warn', ...env },
  );
  const child = spawn(process.execPath, ['dist/main.js', role], {
    env: { PATH: process.env.PATH, ...variables },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const logs: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => logs.push(line));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const end = Date.now() + 60_000; // a migration check and a cold start, on a machine that may be busy
  while (
    !(await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > end || child.exitCode !== null) throw new Error(`${role} instance did not start`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return { role, url, port, child, logs, exited, stop };
}
