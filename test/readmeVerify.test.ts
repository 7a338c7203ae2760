// The README's "Verifying in your API" examples, one per framework, run as written (the URL, key
// and port filled in) with plain Node from the repository root against a real tokenops: a request
// without a token is refused 401, one with a valid token gets through with the token's id.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/domain/permissions.js';
import { useTestApp } from './support/testApp.js';
import { seedTenants, tokenInput } from './support/tenants.js';

const app = useTestApp({ role: 'web' });
const root = path.resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];
let admin: Actor;
beforeAll(async () => {
  admin = (await seedTenants(app.tokenops)).root;
});
afterAll(() => children.forEach((child) => child.kill('SIGKILL')));

async function examples(): Promise<Map<string, string>> {
  const readme = await readFile(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Verifying in your API\n');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return new Map([...section.matchAll(/```js\n\/\/ ([^\n]+)\n([\s\S]*?)```/g)].map((match) => [match[1]!, match[2]!]));
}

/** A port nobody listens on now (the example listens on a port it is given). */
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

async function start(code: string): Promise<string> {
  const port = await freePort();
  const script = code
    .replaceAll('https://tokenops.example.com', app.tokenops.url)
    .replaceAll('8080', 'Number(process.env.PORT)');
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), TOKENOPS_VERIFY_KEY: 'test-verify-key-1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (
    const deadline = Date.now() + 15_000;
    Date.now() < deadline;
    await new Promise((resolve) => setTimeout(resolve, 100))
  ) {
    if (child.exitCode !== null) break;
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    )
      return url;
  }
  throw new Error(`the example did not start: ${stderr}`);
}

describe('README: Verifying in your API', () => {
  it('has an example for node:http, Express, Fastify and Hono', async () => {
    expect([...(await examples()).keys()]).toEqual([
      'node:http',
      'Express',
      'Fastify',
      'Hono (on Node, with @hono/node-server)',
    ]);
  });

  it.each(['node:http', 'Express', 'Fastify', 'Hono (on Node, with @hono/node-server)'])(
    '%s: runs as written, refusing no token and letting a valid one through',
    async (framework) => {
      const { secret, token } = await app.tokenops.tokens.create(
        admin,
        tokenInput('org:acme', `README ${framework}`, { scopes: ['orders:read'] }),
      );
      const url = await start((await examples()).get(framework)!);
      const refused = await fetch(`${url}/orders`);
      expect(refused.status).toBe(401);
      const admitted = await fetch(`${url}/orders`, { headers: { authorization: `Bearer ${secret}` } });
      expect(admitted.status).toBe(200);
      expect(await admitted.json()).toMatchObject({ token: token.displayId });
    },
    30_000,
  );
});
