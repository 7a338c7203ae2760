// `npm run scanner-rules [-- <dir>]`: writes the scanner rules for TOKEN_PREFIX (default tko)
// into scanner-rules/ (or <dir>): gitleaks.toml, github-custom-pattern.json and the secretlint
// rule package secretlint-rule-tokenops/ (its index.js for this prefix, and rule.js, the rule
// itself, the same for every prefix: copied from scanner-rules/, its one source).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { githubPattern, gitleaksRule, secretlintRule } from '../domain/scannerRules.js';
import { toolConfig } from './config.js';

const prefix = toolConfig().tokenPrefix;
const dir = path.resolve(process.argv[2] ?? 'scanner-rules');
const rule = new URL('../../scanner-rules/secretlint-rule-tokenops/rule.js', import.meta.url);
const files: Record<string, string> = {
  'gitleaks.toml': gitleaksRule(prefix),
  'github-custom-pattern.json': `${JSON.stringify(githubPattern(prefix), null, 2)}\n`,
  ...Object.fromEntries(
    Object.entries(secretlintRule(prefix)).map(([name, text]) => [path.join('secretlint-rule-tokenops', name), text]),
  ),
  [path.join('secretlint-rule-tokenops', 'rule.js')]: await readFile(rule, 'utf8'),
};
await mkdir(path.join(dir, 'secretlint-rule-tokenops'), { recursive: true });
for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
console.log(`Wrote the scanner rules for ${prefix}_… secrets to ${dir}.`);
