// The scanner rules we ship: generated from TOKEN_PREFIX (the committed ones are exactly what
// the command writes), and the real secretlint with our rule finds every generated secret and
// no near-miss (bad checksum, wrong prefix, wrong length, glued to other characters).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret, managementKeyPrefix } from '../../src/domain/secret.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tokenops-rules-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function generate(dir: string, prefix?: string) {
  const env = { ...process.env, ...(prefix ? { TOKEN_PREFIX: prefix } : {}) };
  if (!prefix) delete env.TOKEN_PREFIX;
  await run(process.execPath, ['--import', 'tsx', 'src/cli/scannerRules.ts', dir], { cwd: root, env });
}

/** Runs secretlint with the rule package in `rulesDir` over `files`; returns what it reported. */
async function secretlint(rulesDir: string, files: Record<string, string>): Promise<string[]> {
  const dir = await mkdtemp(path.join(work, 'repo-'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  const config = path.join(dir, '.secretlintrc.json');
  await writeFile(config, JSON.stringify({ rules: [{ id: path.join(rulesDir, 'secretlint-rule-tokenops') }] }));
  const bin = path.join(root, 'node_modules/secretlint/bin/secretlint.js');
  const result = await run(
    process.execPath,
    [bin, '--secretlintrc', config, '--format', 'json', `${dir}/**/*.{js,yml,env,md}`],
    { cwd: dir },
  ).catch((error: { code: number; stdout: string }) => {
    if (error.code !== 1) throw error; // 1: secrets found
    return error;
  });
  const reports = JSON.parse(result.stdout) as Array<{
    sourceContent: string;
    messages: Array<{ range: [number, number]; ruleId: string }>;
  }>;
  return reports.flatMap((r) => r.messages.map((m) => r.sourceContent.slice(...m.range))).sort();
}

function corpus(prefix: string) {
  const secrets = Array.from({ length: 6 }, () => generateSecret(prefix));
  const [a, b, c, d, e, f] = secrets as [string, string, string, string, string, string];
  const flip = (s: string) => s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A');
  // A management API key (its own prefix, the same format) is found by the same rule.
  const key = generateSecret(managementKeyPrefix(prefix));
  const files = {
    'ci.env': `TOKENOPS_MANAGEMENT_KEY=${key}\n`,
    'config.js': `export const client = createClient({ token: '${a}' });\nconst other = "${b}";\n// typo: ${flip(a)}\n`,
    'deploy.yml': `env:\n  API_TOKEN: ${c}\n  OTHER: x${d}\n  SHORT: ${d.slice(0, -1)}\n  LONG: ${d}9\n`,
    '.env': `TOKEN=${e}\nWRONG_PREFIX=${generateSecret(prefix === 'tko' ? 'tkx' : 'tko')}\nMANGLED=${prefix}-${f.slice(prefix.length + 1)}\n`,
    'notes.md': `curl -H "Authorization: Bearer ${f}" https://api.example.com/\nsee ${flip(f)} and ${f.toUpperCase()}\n`,
  };
  return { found: [a, b, c, e, f, key].sort(), files };
}

describe('scanner rules', () => {
  it('are exactly what `npm run scanner-rules` writes for the default prefix', async () => {
    const dir = path.join(work, 'default');
    await generate(dir);
    const shipped = path.join(root, 'scanner-rules');
    const names = [
      'gitleaks.toml',
      'github-custom-pattern.json',
      'secretlint-rule-tokenops/package.json',
      'secretlint-rule-tokenops/index.js',
      'secretlint-rule-tokenops/rule.js',
    ];
    expect((await readdir(shipped, { recursive: true })).filter((n) => n.includes('.')).sort()).toEqual(
      [...names].sort(),
    );
    for (const name of names)
      expect(await readFile(path.join(shipped, name), 'utf8')).toBe(await readFile(path.join(dir, name), 'utf8'));
  });

  it('secretlint with the shipped rule finds every generated secret and no near-miss', async () => {
    const { found, files } = corpus('tko');
    expect(await secretlint(path.join(root, 'scanner-rules'), files)).toEqual(found);
  }, 30_000);

  it('follow TOKEN_PREFIX: rules for another prefix find its secrets and ignore ours', async () => {
    const dir = path.join(work, 'acme9');
    await generate(dir, 'acme9');
    const { found, files } = corpus('acme9');
    expect(await secretlint(dir, { ...files, 'ours.yml': `token: ${generateSecret('tko')}\n` })).toEqual(found);
    expect(await readFile(path.join(dir, 'gitleaks.toml'), 'utf8')).toContain('acme9(?:mk)?_[0-9A-Za-z]{36}');
  }, 30_000);

  it('the gitleaks and GitHub patterns match the shape: generated secrets, not wrong prefixes or lengths', async () => {
    const toml = await readFile(path.join(root, 'scanner-rules/gitleaks.toml'), 'utf8');
    const gitleaks = new RegExp(/regex = '''(.*)'''/.exec(toml)![1]!, 'g');
    const github = JSON.parse(await readFile(path.join(root, 'scanner-rules/github-custom-pattern.json'), 'utf8')) as {
      secretFormat: string;
      beforeSecret: string;
      afterSecret: string;
    };
    const githubRegex = new RegExp(
      `(?:${github.beforeSecret.replace('\\A', '^')})(${github.secretFormat})(?:${github.afterSecret.replace('\\z', '$')})`,
      'gm',
    );
    const secret = generateSecret('tko');
    const text = `a ${secret}\nb x${secret}\nc ${secret}9\nd ${secret.slice(0, -1)}\ne ${generateSecret('tkx')}\n"${secret}"`;
    for (const regex of [gitleaks, githubRegex])
      expect([...text.matchAll(regex)].map((m) => m[1])).toEqual([secret, secret]);
  });
});
