// The README's "Automating tokenops" examples, run as written (bash and curl) against a real
// server, in order: documentation that cannot go stale.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createKey } from './support/management.js';
import { USERS, seedTenants } from './support/tenants.js';
import { useTestApp } from './support/testApp.js';

const run = promisify(execFile);
const app = useTestApp({ role: 'web' });
let key: string;

beforeAll(async () => {
  await seedTenants(app.tokenops);
  key = (await createKey(app, USERS.workspaceAdmin, 'workspace', 'readme')).secret;
});

async function examples(): Promise<string[]> {
  const readme = await readFile(path.resolve(import.meta.dirname, '../README.md'), 'utf8');
  const start = readme.indexOf('\n## Automating tokenops\n');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

describe('README: Automating tokenops', () => {
  it('every curl example works against a running tokenops, in order', async () => {
    const blocks = await examples();
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      TOKENOPS_URL: app.tokenops.url,
      TOKENOPS_KEY: key,
    };
    const outputs: string[] = [];
    for (const block of blocks) {
      const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', block], { env });
      outputs.push(stdout);
      if (!env.TOKEN_ID) {
        const created = JSON.parse(stdout) as { id: string; secret: string; label: string };
        expect(created.secret).toMatch(/^tko_/);
        env.TOKEN_ID = created.id;
      }
    }
    const [created, listed, , , audit] = outputs;
    expect(JSON.parse(created!).label).toBe('CI deployer');
    expect(JSON.parse(listed!).tokens.map((t: { id: string }) => t.id)).toEqual([env.TOKEN_ID]);
    expect(outputs[2]).toContain('"status":"enabled"');
    expect(outputs[3]).toContain('"status":"revoked"');
    expect(audit).toMatch(/^HTTP\/1\.1 200/);
    expect(audit).toContain('application/x-ndjson');
    expect(audit).toContain('"action":"token.delete"');
  });
});
