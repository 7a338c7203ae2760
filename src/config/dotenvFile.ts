// A `.env` file in the working directory sets variables for a local run (see .env.example).
// Node parses it (util.parseEnv); what the environment already sets wins, as with every dotenv
// tool, so a deployment's real variables are never overridden by a stray file.
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/** Copies the file's variables into `env` where unset; returns the names it set. */
export function loadDotenvFile(path = '.env', env: Record<string, string | undefined> = process.env): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const set: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    set.push(name);
  }
  return set;
}
