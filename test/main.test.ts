// The process as `npm start` runs it (the JavaScript built into dist/ by the test setup):
// configuration errors, database creation and migration, serving, and a clean shutdown on SIGTERM.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackEmulator } from '@tokenops/slack-emulator';
import { databaseUrl, createRedisPrefix, sql } from './support/databases.js';
import { dropDatabase } from '../src/store/database.js';
import { testEnv } from './support/testApp.js';
import { freePort } from './support/redisCluster.js';

/** The process as `npm start` runs it. */
function run(env: Record<string, string>, cwd = process.cwd()) {
  const child = spawn(process.execPath, [join(process.cwd(), 'bin/start.mjs'), 'all'], {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (output.stdout += chunk));
  child.stderr.on('data', (chunk) => (output.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exited };
}

let fake: SlackEmulator;
const redis = createRedisPrefix();
const database = databaseUrl(`tokenops_test_main_${randomBytes(4).toString('hex')}`);
const playgroundDatabase = databaseUrl(`tokenops_playground_test_main_${randomBytes(4).toString('hex')}`);
const playgroundRedis = createRedisPrefix('tokenops-playground-');
beforeAll(async () => {
  fake = await SlackEmulator.start();
});
afterAll(async () => {
  await fake.close();
  await dropDatabase(database);
  await dropDatabase(playgroundDatabase);
  await redis.clean();
  await playgroundRedis.clean();
});
/** The test environment of a real install on this file's database, with `more` over it. */
const envWith = (more: Record<string, string>) =>
  testEnv({ databaseUrl: database, redisPrefix: redis.prefix, fake }, more);

describe('npm start', () => {
  it('without Slack credentials outside production, runs the playground and prints its URL', async () => {
    const port = await freePort(); // chosen by the system: a random pick can be a port in use
    const { child, output, exited } = run({
      PORT: String(port),
      DATABASE_URL: playgroundDatabase,
      REDIS_PREFIX: playgroundRedis.prefix,
    });
    for (let i = 0; i < 500 && !output.stdout.includes('tokenops playground') && child.exitCode === null; i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(output.stderr).toBe('');
    // The one line to read (warnings, if any, are log lines of their own).
    expect(output.stdout.split('\n')).toContain(
      `tokenops playground (no Slack credentials set): open http://localhost:${port}/playground`,
    );
    const page = await fetch(`http://127.0.0.1:${port}/playground`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('local playground');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output.stderr).toBe('');
  }, 70_000);

  it('stops with one message listing every configuration problem, and no stack trace', async () => {
    const { output, exited } = run({ NODE_ENV: 'production', PORT: 'eighty', REMINDER_DAYS: 'soon' });
    expect(await exited).toBe(2);
    expect(output.stderr).toContain('tokenops cannot start: 5 settings need fixing.');
    expect(output.stderr).toContain('TOKEN_HASH_SECRET is required in production');
    expect(output.stderr).toContain('SLACK_BOT_TOKEN is missing');
    expect(output.stderr).toContain('SLACK_SIGNING_SECRET is missing');
    expect(output.stderr).toContain('PORT must be a port number');
    expect(output.stderr).not.toMatch(/\n\s+at /);
  });

  it('treats NODE_ENV=Production as production: no playground, the configuration problems instead', async () => {
    const { child, output, exited } = run({
      NODE_ENV: 'Production',
      PORT: '0',
      DATABASE_URL: playgroundDatabase,
      REDIS_PREFIX: playgroundRedis.prefix,
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    expect(await exited).toBe(2);
    clearTimeout(timer);
    expect(output.stdout).not.toContain('playground');
    expect(output.stderr).toContain('TOKEN_HASH_SECRET is required in production');
    expect(output.stderr).toContain('SLACK_BOT_TOKEN is missing');
  }, 20_000);

  it("without Slack credentials but with a real install's database and hash key, refuses to run the playground on them", async () => {
    const real = databaseUrl(`tokenops_test_main_real_${randomBytes(4).toString('hex')}`);
    const { child, output, exited } = run({
      PORT: '0',
      DATABASE_URL: real,
      TOKEN_HASH_SECRET: randomBytes(32).toString('hex'),
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    expect(await exited).toBe(2);
    clearTimeout(timer);
    expect(output.stderr).toContain('tokenops playground: nothing done, 2 problems.');
    expect(output.stderr).toContain('DATABASE_URL names the database "tokenops_test_main_real_');
    expect(output.stderr).toContain('TOKEN_HASH_SECRET is set');
    expect(output.stderr).not.toMatch(/\n\s+at /);
    // Refused before anything was done: not even created.
    expect(
      await sql(databaseUrl('postgres'), 'SELECT 1 FROM pg_database WHERE datname = $1', [
        new URL(real).pathname.slice(1),
      ]),
    ).toEqual([]);
  }, 20_000);

  it('reads a .env file in the working directory, where the environment does not set a variable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenops-dotenv-'));
    writeFileSync(join(dir, '.env'), '# as in .env.example\nNODE_ENV=production\nPORT=eighty\nREMINDER_DAYS=soon\n');
    const { output, exited } = run({ REMINDER_DAYS: '30,7,1' }, dir);
    expect(await exited).toBe(2);
    expect(output.stderr).toContain('PORT must be a port number');
    expect(output.stderr).toContain('TOKEN_HASH_SECRET is required in production');
    expect(output.stderr).not.toContain('REMINDER_DAYS');
  });

  it('stops with a clear message when the catalog is bad', async () => {
    const env = envWith({ TOKENOPS_CATALOG: '/nonexistent/catalog.yml' });
    const { output, exited } = run(env);
    expect(await exited).toBe(2);
    expect(output.stderr).toContain('the catalog /nonexistent/catalog.yml has problems');
    expect(output.stderr).toContain('the file does not exist');
  }, 40_000);

  it('creates and migrates a missing database, serves health, and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort(); // chosen by the system: a random pick can be a port in use
    const env = envWith({ PORT: String(port), LOG_LEVEL: 'info' });
    const { child, output, exited } = run(env);
    let healthy = 0;
    for (let i = 0; i < 200 && healthy !== 200; i++) {
      healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.status,
        () => 0,
      );
      if (healthy !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(healthy).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    expect(fake.callsTo('auth.test')).toHaveLength(1);

    const signalled = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(output.stdout).toContain('"msg":"tokenops stopped"');
    expect(output.stderr).toBe('');
  }, 40_000);

  it('refuses to start when Slack rejects the bot token, saying so', async () => {
    const env = envWith({ SLACK_BOT_TOKEN: 'xoxb-revoked-token' });
    const { output, exited } = run(env);
    expect(await exited).toBe(1);
    expect(output.stderr).toContain('Slack refused SLACK_BOT_TOKEN (invalid_auth)');
  }, 40_000);
});
