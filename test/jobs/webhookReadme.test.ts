// The README's receiver example, run as written (its port aside): it verifies real deliveries
// with the standardwebhooks package, one whose Japanese label arrives cut mid-character between
// two chunks too, and refuses a forged one.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { useTestApp } from '../support/testApp.js';
import { freePort } from '../support/redisCluster.js';
import { seedTenants, tokenInput } from '../support/tenants.js';

const app = useTestApp();
let root: Actor;
const stop: Array<() => void> = [];
beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
});
afterAll(() => stop.forEach((kill) => kill()));

function readmeExample(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('**Verifying a delivery.**'));
  return /```js\n([\s\S]*?)```/.exec(section)![1]!;
}

/** Posts `body`, signed with `secret`, in two writes apart in time, cut inside its first
 *  character of more than one byte; the status answered. */
function postSplit(port: number, secret: string, body: string): Promise<number> {
  const bytes = Buffer.from(body);
  const cut = [...body].findIndex((character) => Buffer.byteLength(character) > 1);
  const at = Buffer.byteLength(body.slice(0, cut)) + 1;
  const id = 'msg_split';
  const timestamp = new Date();
  const headers = {
    'content-type': 'application/json',
    'content-length': bytes.length,
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, timestamp, bytes),
  };
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method: 'POST', headers }, (response) => {
      response.resume();
      resolve(response.statusCode!);
    });
    request.on('error', reject);
    request.write(bytes.subarray(0, at));
    setTimeout(() => request.end(bytes.subarray(at)), 100);
  });
}

describe("the README's webhook receiver", () => {
  it('verifies and logs the deliveries tokenops sends, one cut mid-character too, and refuses a forged one', async () => {
    const port = await freePort();
    let secret = '';
    const { endpoint } = await app.tokenops.webhooks.add(
      root,
      `http://127.0.0.1:${port}/`,
      [],
      async (_id, shown) => void (secret = shown),
    );
    const code = readmeExample().replace('.listen(8080)', `.listen(${port}, '127.0.0.1')`);
    expect(code).toContain(`.listen(${port}`);
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
      env: { PATH: process.env.PATH, TOKENOPS_WEBHOOK_SECRET: secret },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    stop.push(() => child.kill());
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    for (
      let i = 0;
      i < 100 &&
      !(await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}' }).then(
        (r) => r.status === 400,
        () => false,
      ));
      i++
    )
      await new Promise((resolve) => setTimeout(resolve, 100));

    const issued = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Seen by the README'));
    await app.tokenops.webhooks.test(root, endpoint.id);
    const end = Date.now() + 15_000;
    while (
      !(out.includes(`token.created ${issued.token.displayId}`) && out.includes('webhook.test')) &&
      Date.now() < end
    )
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(out).toContain(`token.created ${issued.token.displayId}`);
    expect(out).toContain('webhook.test');
    const forged = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: {
        'webhook-id': 'msg_x',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,AAAA',
      },
      body: '{"type":"token.revoked"}',
    });
    expect(forged.status).toBe(400);
    expect(out).not.toContain('token.revoked');
    const split = JSON.stringify({
      type: 'token.created',
      timestamp: new Date().toISOString(),
      data: { token: { id: 'tok_Split12345', label: '決済サービス' }, actor: 'U0123ABCD' },
    });
    expect(await postSplit(port, secret, split)).toBe(204);
    await expect.poll(() => out).toContain('token.created tok_Split12345');
  });
});
