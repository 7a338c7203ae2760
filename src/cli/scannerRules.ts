// `npm run scanner-rules [-- <dir>]`: writes the scanner rules for TOKEN_PREFIX (default tko)
// into scanner-rules/ (or <dir>): gitleaks.toml, github-custom-pattern.json and the secretlint
// rule package secretlint-rule-tokenops/.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config/env.js';
import { githubPattern, gitleaksRule, secretlintRule } from '../domain/scannerRules.js';

const prefix = (() => {
  try {
    // Only TOKEN_PREFIX matters here: do not demand Slack credentials to write rules.
    return loadConfig({ SLACK_BOT_TOKEN: 'xoxb-unused', SLACK_SIGNING_SECRET: 'unused', ...process.env }).tokenPrefix;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
})();

const dir = path.resolve(process.argv[2] ?? 'scanner-rules');
const files: Record<string, string> = {
  'gitleaks.toml': gitleaksRule(prefix),
  'github-custom-pattern.json': `${JSON.stringify(githubPattern(prefix), null, 2)}\n`,
  ...Object.fromEntries(Object.entries(secretlintRule(prefix)).map(([name, text]) => [path.join('secretlint-rule-tokenops', name), text])),
};
await mkdir(path.join(dir, 'secretlint-rule-tokenops'), { recursive: true });
for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
console.log(`Wrote the scanner rules for ${prefix}_… secrets to ${dir}.`);
