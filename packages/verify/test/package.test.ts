// The package as an application gets it: installed with the repository (an npm workspace, built
// by npm install), imported by name from the repository root with plain Node.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('@tokenops/verify', () => {
  it('imports by name from the repository root, with each middleware entry point', () => {
    const script = `
      const entries = ['@tokenops/verify', '@tokenops/verify/node', '@tokenops/verify/express', '@tokenops/verify/fastify', '@tokenops/verify/hono'];
      const modules = await Promise.all(entries.map((entry) => import(entry)));
      console.log(JSON.stringify(modules.map((m) => Object.keys(m).sort())));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: new URL('../../..', import.meta.url),
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual([
      ['VerificationUnavailable', 'authenticate', 'createVerifier'],
      ['authorizationOf', 'nodeGuard'],
      ['tokenops'],
      ['tokenops'],
      ['tokenops'],
    ]);
  });
});
